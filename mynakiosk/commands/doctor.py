"""``mynakiosk doctor``: what a technician checks first — software, voices and sound, pcscd, readers, the card —
each with a fix.

The checks are :mod:`drivers.doctor`'s; with ``--config`` it also checks one installed kiosk. Exit status 0 when
nothing failed, 1 otherwise.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from drivers.doctor.checks import Status
from drivers.doctor.host import run_checks


@click.command("doctor")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also check this kiosk's site configuration: backend, configured reader and camera.",
)
def doctor(as_json: bool, config_path: Path | None) -> None:
    """Check software, pcscd, readers and the card; print a fix for each problem."""
    checks = run_checks()
    if config_path is not None:
        from drivers.doctor.site import check_site

        checks += check_site(config_path)
    failed = any(c.status is Status.FAIL for c in checks)
    if as_json:
        payload = {"ok": not failed, "checks": [{**asdict(c), "status": c.status.value} for c in checks]}
        click.echo(json.dumps(payload, ensure_ascii=False))
    else:
        for c in checks:
            click.echo(f"[{c.status.value:>4}] {c.name}: {c.detail}")
            if c.fix:
                click.echo(f"       fix: {c.fix}")
    sys.exit(1 if failed else 0)
