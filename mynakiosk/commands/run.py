"""``mynakiosk run --config FILE``: the kiosk in service, with its real reader, camera and backend.

``--check`` only loads and checks the configuration (systemd runs it before starting the kiosk, see
``packaging/``). The assembly is :mod:`mynakiosk.run`.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from drivers.journal import JournalHandler
from kiosk.site_config import SiteConfigError, load


@click.command("run")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The site configuration (TOML; packaging/kiosk.toml.example shows every setting).",
)
@click.option("--check", is_flag=True, help="Only load and check the configuration, then exit.")
def run_command(config_path: Path, check: bool) -> None:
    """Run the kiosk in service: its real reader, camera and backend, from a site configuration."""
    try:
        config = load(config_path)
    except SiteConfigError as exc:
        raise click.ClickException(str(exc)) from None
    if check:
        click.echo(f"configuration OK: {config.summary()}")
        return
    journal = [JournalHandler()] if JournalHandler.available() else None  # under systemd: structured fields
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s", handlers=journal)
    from mynakiosk import run as kiosk_run  # Qt, OpenCV and the readers: not for --check

    try:
        sys.exit(kiosk_run.run(config))
    except kiosk_run.StartError as exc:
        raise click.ClickException(str(exc)) from None
