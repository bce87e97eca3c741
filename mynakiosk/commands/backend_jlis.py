"""``mynakiosk backend jlis …``: the J-LIS exchange for a city that moves files by hand (docs/jlis.md).

``export --out DIR`` writes one signed batch per municipality with approved applications not yet sent;
``import FILE`` applies a signed feed from J-LIS (application states, card statuses). The office's J-LIS page does
the same in the browser. The work is imported when a command runs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from backend.settings import DB_URL_ENV, Settings

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from sqlalchemy.orm import Session

    from backend.clock import Clock
    from backend.settings import KeyMaterial

KEYS_HELP = "key directory holding jlis-signing-key.pem and jlis-public.pem (default: TEST keys)"


@click.group("jlis")
def jlis() -> None:
    """Send approved applications to J-LIS and import its status feeds."""


def _transaction(db_url: str | None) -> tuple[AbstractContextManager[Session], Clock]:
    from backend.clock import Clock
    from backend.db import make_engine, session_factory, transaction

    return transaction(session_factory(make_engine(Settings.database_url_from(db_url)))), Clock()


def _keys(keys_dir: Path | None) -> KeyMaterial:
    from backend.keys import KeyDirError, load_key_dir, test_key_material

    try:
        return load_key_dir(keys_dir) if keys_dir else test_key_material()
    except KeyDirError as exc:
        raise click.ClickException(str(exc)) from None


_DB = click.option("--db", "db_url", default=None, help=f"database URL (default ${DB_URL_ENV} or a SQLite file)")
_KEYS = click.option(
    "--keys", "keys_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None, help=KEYS_HELP
)


@jlis.command("export")
@_DB
@_KEYS
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="directory to write to")
@click.option("--json", "as_json", is_flag=True)
def export_command(db_url: str | None, keys_dir: Path | None, out: Path, as_json: bool) -> None:
    """Write a signed batch (DIR/<batch id>.zip) of each municipality's approved applications not yet sent."""
    from sqlalchemy import select

    from backend.admin import ADMIN
    from backend.errors import BackendError
    from backend.jlis.exchange import export
    from backend.jlis.gateway import FileDrop
    from backend.models import Renewal

    keys = _keys(keys_dir)
    tx, clock = _transaction(db_url)
    made = []
    try:
        with tx as session:
            for municipality in sorted(set(session.execute(select(Renewal.municipality_code).distinct()).scalars())):
                done = export(session, clock, keys, municipality, ADMIN, FileDrop(out))
                if done is not None:
                    made.append(
                        {
                            "batch_id": done.batch_id,
                            "municipality": municipality,
                            "applications": done.applications,
                            "file": str(out / done.file_name),
                        }
                    )
    except BackendError as exc:
        raise click.ClickException(exc.detail) from None
    if as_json:
        click.echo(json.dumps(made))
    elif not made:
        click.echo("no approved application to send")
    for batch in [] if as_json else made:
        click.echo(f"{batch['file']}: {batch['applications']} applications of {batch['municipality']}")


@jlis.command("import")
@_DB
@_KEYS
@click.argument("feed_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
def import_command(db_url: str | None, keys_dir: Path | None, feed_file: Path, as_json: bool) -> None:
    """Apply a status feed signed by J-LIS; importing it again changes nothing."""
    from dataclasses import asdict

    from backend.admin import ADMIN
    from backend.errors import BackendError
    from backend.jlis.exchange import import_feed

    keys = _keys(keys_dir)
    tx, clock = _transaction(db_url)
    try:
        with tx as session:
            result = import_feed(session, clock, keys, feed_file.read_bytes(), ADMIN)
    except BackendError as exc:
        raise click.ClickException(exc.detail) from None
    if as_json:
        click.echo(json.dumps(asdict(result)))
        return
    click.echo(
        f"feed {result.feed_id}: {result.applied} applied, {result.repeated} already applied, "
        f"{len(result.refused)} refused"
    )
    for refused in result.refused:
        click.echo(f"  refused {refused.update_id} ({refused.subject}): {refused.code}")
