"""The root of the ``mynakiosk`` command line.

It only composes the command groups that each package owns in its own ``cli.py``; a group's module is imported
when that group is used, so ``mynakiosk card read`` never pays for importing Qt, OpenCV or the backend.
The ``cli.py`` modules are composition roots: they are the only place in ``kiosk/`` that may reach into
``drivers/`` or ``sim/`` (lazily, inside a command).
"""

from __future__ import annotations

import importlib
import os

import click

# mediapipe (through absl/glog) and TensorFlow Lite print start-up chatter on stderr; keep the CLI's output clean.
os.environ.setdefault("GLOG_minloglevel", "2")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

# group name -> "module:attribute" of a click command or group
COMMANDS: dict[str, str] = {
    "backend": "backend.cli:backend",
    "card": "kiosk.card.cli:card",
    "demo": "kiosk.demo.cli:demo",
    "doctor": "drivers.doctor:doctor",
    "sim": "sim.cli:sim",
    "face": "kiosk.face.cli:face",
    "screenshots": "ui.cli:screenshots",
    "run": "ui.run:run_command",
}


class LazyGroup(click.Group):
    """A click group whose sub-commands are imported only when invoked or listed."""

    def __init__(self, *args: object, lazy: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self._lazy.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module_name, attr = target.split(":")
        command = getattr(importlib.import_module(module_name), attr)
        if not isinstance(command, click.Command):
            raise TypeError(f"{target} is not a click command")
        return command


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mynakiosk")
def main() -> None:
    """Self-service kiosk for the My Number Card (マイナンバーカード)."""
