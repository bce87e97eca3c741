"""The root of the ``mynakiosk`` command line.

It only composes the command groups, one module each in :mod:`mynakiosk.commands`; a group's module is imported
when that group is used, so ``mynakiosk card read`` never pays for importing Qt, OpenCV or the backend.
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
    "backend": "mynakiosk.commands.backend:backend",
    "card": "mynakiosk.commands.card:card",
    "demo": "mynakiosk.commands.demo:demo",
    "doctor": "mynakiosk.commands.doctor:doctor",
    "sim": "mynakiosk.commands.sim:sim",
    "face": "mynakiosk.commands.face:face",
    "screenshots": "mynakiosk.commands.screenshots:screenshots",
    "run": "mynakiosk.commands.run:run_command",
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
