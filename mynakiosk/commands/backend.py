"""``mynakiosk backend …``: migrate, serve, audit verify, and the administrative writes.

Passwords only through ``--password-env NAME`` or a prompt, never as arguments.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from backend.clock import Clock

from backend.settings import DB_URL_ENV, Settings
from mynakiosk.commands.backend_jlis import jlis

DB_OPTION = click.option("--db", "db_url", default=None, help=f"database URL (default ${DB_URL_ENV} or a SQLite file)")


def _engine(db_url: str | None) -> Engine:
    from backend.db import make_engine

    return make_engine(Settings.database_url_from(db_url))


def _admin(db_url: str | None) -> tuple[AbstractContextManager[Session], Clock]:
    from backend.clock import Clock
    from backend.db import session_factory, transaction

    return transaction(session_factory(_engine(db_url))), Clock()


@click.group()
def backend() -> None:
    """The service kiosks submit to (FastAPI; SQLite by default, PostgreSQL in production)."""


backend.add_command(jlis)  # the J-LIS exchange by files (docs/jlis.md)


@backend.command()
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="machine-readable output")
def migrate(db_url: str | None, as_json: bool) -> None:
    """Create or upgrade the database schema (Alembic); safe to run again."""
    from backend.migrate import current, upgrade

    engine = _engine(db_url)
    upgrade(engine)
    revision = current(engine)
    click.echo(json.dumps({"revision": revision}) if as_json else f"database at revision {revision}")


@backend.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int, help="processes (stateless; share the database)")
@click.option(
    "--keys",
    "keys_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="key directory (management master, trust anchors, evidence key)",
)
@click.option("--test-keys", is_flag=True, help="TEST ONLY keys from sim/pki (demo and tests)")
@click.option("--no-face-match", is_flag=True, help="do not re-match faces (demo without models; never in production)")
@click.option(
    "--operator-endpoints",
    is_flag=True,
    help="serve /docs, /openapi.json and /metrics (no authentication: only where operators alone reach the port)",
)
@click.option("--tls-cert", type=click.Path(exists=True, dir_okay=False), default=None)
@click.option("--tls-key", type=click.Path(exists=True, dir_okay=False), default=None)
@click.option(
    "--client-ca",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="demand kiosk client certificates from this CA (mutual TLS)",
)
def serve(
    db_url: str | None,
    host: str,
    port: int,
    workers: int,
    keys_dir: Path | None,
    test_keys: bool,
    no_face_match: bool,
    operator_endpoints: bool,
    tls_cert: str | None,
    tls_key: str | None,
    client_ca: str | None,
) -> None:
    """Run the service with uvicorn (migrate first)."""
    import ssl

    from backend.keys import KeyDirError
    from backend.serve import (
        FACE_MATCH_ENV,
        KEYS_DIR_ENV,
        OPERATOR_ENDPOINTS_ENV,
        TEST_KEYS_ENV,
        run_server,
        settings_from_env,
    )

    os.environ[DB_URL_ENV] = Settings.database_url_from(db_url)
    if keys_dir is not None:
        os.environ[KEYS_DIR_ENV] = str(keys_dir)
    if test_keys:
        os.environ[TEST_KEYS_ENV] = "1"
    if no_face_match:
        os.environ[FACE_MATCH_ENV] = "0"
    if operator_endpoints:
        os.environ[OPERATOR_ENDPOINTS_ENV] = "1"
    try:
        settings_from_env()  # what every worker will read: fail here, once and clearly, not in a restart loop
    except (KeyDirError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    tls: dict[str, object] = {}
    if tls_cert and tls_key:
        tls = {"ssl_certfile": tls_cert, "ssl_keyfile": tls_key}
        if client_ca:
            from backend.tls import PROTOCOL

            tls |= {"ssl_ca_certs": client_ca, "ssl_cert_reqs": ssl.CERT_REQUIRED, "http": PROTOCOL}
    run_server(
        host,
        port,
        workers,
        {
            "access_log": False,  # our metrics count requests; access logs would carry application numbers
            # Nothing reads the client's address or scheme (kiosks are known by their signatures, limits are per
            # kiosk and per card), so no request pays for rewriting them from X-Forwarded-* headers.
            "proxy_headers": False,
            "log_level": "warning",
            **tls,
        },
    )


@backend.group()
def audit() -> None:
    """The hash-chained audit log."""


_FILE = click.Path(dir_okay=False, path_type=Path)


@audit.command("verify")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True)
@click.option("--checkpoints", type=_FILE, default=None, help="also check the chain against this checkpoint file")
@click.option("--checkpoint-key", type=_FILE, default=None, help="the checkpoint key's public half (PEM)")
def audit_verify(db_url: str | None, as_json: bool, checkpoints: Path | None, checkpoint_key: Path | None) -> None:
    """Chain any entries still pending, then recompute the chain; exit 1 and name the first bad entry when it was
    tampered with. With --checkpoints, a chain rewritten since a signed checkpoint fails too."""
    from backend import audit as audit_log
    from backend import audit_checkpoints
    from backend.db import session_factory

    if (checkpoints is None) != (checkpoint_key is None):
        raise click.UsageError("--checkpoints and --checkpoint-key go together")
    sessions = session_factory(_engine(db_url))
    audit_log.seal_all(sessions)
    anchored: audit_checkpoints.CheckpointCheck | None = None
    with sessions() as session:
        result = audit_log.verify(session)
        if checkpoints is not None and checkpoint_key is not None:
            try:
                key = audit_checkpoints.load_public_key(checkpoint_key)
                anchored = audit_checkpoints.verify(session, key, checkpoints)
            except audit_checkpoints.CheckpointError as exc:
                raise click.ClickException(str(exc)) from None
    ok = result.ok and (anchored is None or anchored.ok)
    if as_json:
        doc: dict[str, object] = {
            "ok": ok,
            "entries": result.entries,
            "first_bad_seq": result.first_bad_seq,
            "reason": result.reason,
        }
        if anchored is not None:
            doc |= {"checkpoints": anchored.checkpoints, "checkpoint_reason": anchored.reason}
        click.echo(json.dumps(doc))
    elif not result.ok:
        click.echo(f"audit log BROKEN at entry {result.first_bad_seq}: {result.reason}", err=True)
    elif anchored is not None and not anchored.ok:
        click.echo(f"audit log does not match its checkpoints: {anchored.reason}", err=True)
    else:
        checked = f", {anchored.checkpoints} checkpoints match" if anchored is not None else ""
        click.echo(f"audit log intact: {result.entries} entries{checked}")
    sys.exit(0 if ok else 1)


@audit.command("checkpoint")
@DB_OPTION
@click.option("--key", "key_file", type=_FILE, required=True, help="the checkpoint signing key (Ed25519, PEM)")
@click.option("--log", "log_file", type=_FILE, required=True, help="the append-only checkpoint file")
def audit_checkpoint(db_url: str | None, key_file: Path, log_file: Path) -> None:
    """Seal pending entries, sign the chain's head and append it to the checkpoint file (run on a schedule)."""
    from backend import audit as audit_log
    from backend import audit_checkpoints
    from backend.clock import Clock
    from backend.db import session_factory

    try:
        key = audit_checkpoints.load_private_key(key_file)
        sessions = session_factory(_engine(db_url))
        audit_log.seal_all(sessions)
        with sessions() as session:
            point = audit_checkpoints.checkpoint(session, Clock(), key, log_file)
    except audit_checkpoints.CheckpointError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"checkpoint: entry {point.seq} at {point.at}")


@audit.command("new-checkpoint-key")
@click.option("--out", "private_out", type=_FILE, required=True, help="the private key (written 0600)")
@click.option("--public-out", type=_FILE, required=True, help="the public key, for audit verify")
def audit_new_checkpoint_key(private_out: Path, public_out: Path) -> None:
    """Make the key audit checkpoints are signed with; keep it apart from the database and its administrators."""
    from backend import audit_checkpoints

    try:
        audit_checkpoints.new_key(private_out, public_out)
    except FileExistsError:
        raise click.ClickException(f"{private_out} exists; not overwritten") from None
    click.echo(f"checkpoint key written to {private_out} (public half: {public_out})")


@backend.command("add-site")
@DB_OPTION
@click.option("--id", "site_id", required=True)
@click.option("--kind", type=click.Choice(["convenience_store", "post_office", "city_hall", "popup"]), required=True)
@click.option("--municipality", required=True, help="6-digit municipality code")
@click.option("--name", required=True)
def add_site(db_url: str | None, site_id: str, kind: str, municipality: str, name: str) -> None:
    """Add or update a site."""
    from backend import admin
    from backend.domain import SiteKind

    tx, clock = _admin(db_url)
    with tx as session:
        admin.add_site(session, clock, site_id, SiteKind(kind), municipality, name)
    click.echo(f"site {site_id} saved")


@backend.command("add-kiosk")
@DB_OPTION
@click.option("--id", "kiosk_id", required=True)
@click.option("--site", "site_id", required=True)
@click.option(
    "--cert",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="the kiosk's client certificate (PEM)",
)
@click.option(
    "--keys",
    "keys_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    required=True,
    help="the service's key directory: the certificate must be issued by its kiosk-ca.pem",
)
def add_kiosk(db_url: str | None, kiosk_id: str, site_id: str, cert: Path, keys_dir: Path) -> None:
    """Register a kiosk by its client certificate (issued by the kiosk CA, not registered for another kiosk)."""
    from cryptography import x509

    from backend import admin
    from backend.keys import KeyDirError, load_key_dir

    try:
        kiosk_ca = load_key_dir(keys_dir).kiosk_ca
        certificate = x509.load_pem_x509_certificate(cert.read_bytes())
    except KeyDirError as exc:
        raise click.ClickException(str(exc)) from None
    except ValueError:
        raise click.ClickException(f"{cert} holds no PEM certificate") from None
    tx, clock = _admin(db_url)
    try:
        with tx as session:
            admin.add_kiosk(session, clock, kiosk_id, site_id, certificate, kiosk_ca)
    except admin.AdminError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"kiosk {kiosk_id} registered")


@backend.command("set-kiosk-status")
@DB_OPTION
@click.argument("kiosk_id")
@click.argument("status", type=click.Choice(["active", "suspended"]))
def set_kiosk_status(db_url: str | None, kiosk_id: str, status: str) -> None:
    """Suspend a kiosk (lost, stolen, tampered with) or make it active again; suspending ends its staff sessions.
    Running services refuse it within their kiosk cache's lifetime (15 s)."""
    from backend import admin
    from backend.domain import KioskStatus

    tx, clock = _admin(db_url)
    try:
        with tx as session:
            admin.set_kiosk_status(session, clock, kiosk_id, KioskStatus(status))
    except admin.AdminError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"kiosk {kiosk_id} is now {status}")


@backend.command("set-staff-status")
@DB_OPTION
@click.argument("username")
@click.argument("status", type=click.Choice(["active", "disabled"]))
def set_staff_status(db_url: str | None, username: str, status: str) -> None:
    """Disable a staff account (its open sessions end at once) or enable it again."""
    from backend import admin

    tx, clock = _admin(db_url)
    try:
        with tx as session:
            admin.set_staff_status(session, clock, username, active=status == "active")
    except admin.AdminError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"staff account {username} is now {status}")


@backend.command("set-staff-password")
@DB_OPTION
@click.argument("username")
@click.option("--password-env", default=None, help="read the password from this environment variable")
def set_staff_password(db_url: str | None, username: str, password_env: str | None) -> None:
    """Set a staff account's password; its open sessions end and its lockouts clear."""
    from backend import admin

    password = _password(password_env)
    tx, clock = _admin(db_url)
    try:
        with tx as session:
            admin.set_staff_password(session, clock, username, password)
    except admin.AdminError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"password of staff account {username} set")


def _password(env_name: str | None) -> str:
    if env_name is None:
        password: str = click.prompt("password", hide_input=True, confirmation_prompt=True)
        return password
    if env_name not in os.environ:
        raise click.ClickException(f"${env_name} is not set")
    return os.environ[env_name]


@backend.command("add-staff")
@DB_OPTION
@click.option("--username", required=True)
@click.option("--role", type=click.Choice(["official", "contractor", "technician"]), required=True)
@click.option("--municipality", required=True)
@click.option("--password-env", default=None, help="read the password from this environment variable")
def add_staff(db_url: str | None, username: str, role: str, municipality: str, password_env: str | None) -> None:
    """Create a staff account (argon2id hash)."""
    from backend import admin
    from backend.domain import Role

    password = _password(password_env)
    tx, clock = _admin(db_url)
    try:
        with tx as session:
            staff_id = admin.add_staff(session, clock, username, Role(role), municipality, password)
    except admin.AdminError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"staff account {staff_id} created")


@backend.command("set-policy")
@DB_OPTION
@click.option("--municipality", required=True)
@click.option("--site", "site_id", required=True)
@click.option("--sign-pin-reset/--no-sign-pin-reset", default=None)
@click.option(
    "--four-digit-pin-reset/--no-four-digit-pin-reset",
    default=None,
    help="4-digit PIN reset is NOT approved (2022); keep it off unless the ministry approves",
)
@click.option("--renewal/--no-renewal", default=None)
@click.option("--delegated/--not-delegated", default=None, help="post offices: the municipality delegated the work")
@click.option("--cross-municipality/--no-cross-municipality", default=None)
@click.option("--card-ap-renewal/--no-card-ap-renewal", default=None,
              help="renewals may prove the card without JPKI (card-AP proof)")  # fmt: skip
def set_policy(db_url: str | None, municipality: str, site_id: str, **flags: bool | None) -> None:
    """Switch services for residents of a municipality at a site."""
    from backend import admin

    tx, clock = _admin(db_url)
    try:
        with tx as session:
            admin.set_policy(
                session,
                clock,
                municipality,
                site_id,
                sign_pin_reset=flags["sign_pin_reset"],
                four_digit_pin_reset=flags["four_digit_pin_reset"],
                renewal=flags["renewal"],
                delegated=flags["delegated"],
                cross_municipality_verification=flags["cross_municipality"],
                card_ap_renewal=flags["card_ap_renewal"],
            )
    except admin.AdminError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("policy saved")


@backend.command("register-card")
@DB_OPTION
@click.argument("card_json", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--municipality", required=True, help="6-digit code of the card holder's municipality")
@click.option(
    "--keys",
    "keys_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="key directory whose management key the card was personalised under (default: TEST keys)",
)
@click.option("--json", "as_json", is_flag=True)
def register_card(db_url: str | None, card_json: Path, municipality: str, keys_dir: Path | None, as_json: bool) -> None:
    """Register a virtual card image (from ``mynakiosk sim new-card``) as the issuer would at issuance."""
    from backend import admin
    from backend.card_registry import register_from_card_files
    from backend.keys import KeyDirError, load_key_dir, test_key_material
    from sim.apps import jpki, kenkaku
    from sim.errors import SimError
    from sim.image import CardImage

    try:
        image = CardImage.load(card_json)
    except SimError as exc:
        raise click.ClickException(f"{card_json}: {exc}") from exc
    front, auth = image.file(kenkaku.APP, 0x0002), image.file(jpki.APP, 0x000A)
    if front is None or auth is None:
        raise click.ClickException(f"{card_json} has no 券面AP front or JPKI authentication certificate")
    try:
        keys = load_key_dir(keys_dir) if keys_dir else test_key_material()
    except KeyDirError as exc:
        raise click.ClickException(str(exc)) from None
    tx, clock = _admin(db_url)
    try:
        with tx as session:
            register_from_card_files(
                session,
                clock,
                serial=image.serial,
                municipality=municipality,
                auth_cert_der=auth,
                sign_cert_der=image.file(jpki.APP, 0x0001),
                front_face=front,
                keys=keys,
            )
    except admin.AdminError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps({"serial": image.serial, "municipality": municipality}))
    else:
        click.echo(f"card {image.serial} registered for municipality {municipality}")


@backend.command("seal-photos")
@DB_OPTION
@click.option(
    "--keys",
    "keys_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    required=True,
    help="the key directory the service runs with (its management master derives the photo key)",
)
def seal_photos(db_url: str | None, keys_dir: Path) -> None:
    """Encrypt photos stored before photos were encrypted at rest (once, after upgrading to schema 0005)."""
    from backend import admin
    from backend.keys import KeyDirError, load_key_dir

    try:
        keys = load_key_dir(keys_dir)
    except KeyDirError as exc:
        raise click.ClickException(str(exc)) from None
    tx, clock = _admin(db_url)
    with tx as session:
        sealed = admin.seal_stored_photos(session, clock, keys)
    click.echo(f"{sealed} photos sealed")


@backend.command("set-card-status")
@DB_OPTION
@click.option("--serial", required=True)
@click.option("--status", type=click.Choice(["valid", "suspended", "revoked"]), required=True)
def set_card_status(db_url: str | None, serial: str, status: str) -> None:
    """Suspend (lost card, 24/7 call centre), revoke or re-validate a card."""
    from backend import admin
    from backend.domain import CardStatus

    tx, clock = _admin(db_url)
    try:
        with tx as session:
            admin.set_card_status(session, clock, serial, CardStatus(status))
    except admin.AdminError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"card {serial} is now {status}")


@backend.command("test-keys")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
def test_keys(out: Path) -> None:
    """Write a key directory with the TEST ONLY keys of sim/pki (for demos; worthless for production)."""
    from cryptography.hazmat.primitives import serialization

    from backend.keys import test_key_material, write_key_dir
    from sim.pki.testpki import TestPki

    keys = test_key_material()
    pki = TestPki.load()
    write_key_dir(
        out,
        master=keys.management_master,
        jpki_roots_pem=pki.root_cert_pem,
        card_ap_roots_pem=pki.card_ap_root_public_pem,
        evidence=keys.evidence_key,
        kiosk_ca_pem=b"".join(c.public_bytes(serialization.Encoding.PEM) for c in keys.kiosk_ca),
        jlis=keys.jlis,
    )
    click.echo(f"TEST ONLY keys written to {out}")


@backend.command("purge")
@DB_OPTION
@click.option("--photo-retention-days", default=90, show_default=True, type=int)
@click.option("--record-retention-days", default=365, show_default=True, type=int)
@click.option("--json", "as_json", is_flag=True)
def purge(db_url: str | None, photo_retention_days: int, record_retention_days: int, as_json: bool) -> None:
    """Delete what is past its retention (run daily): challenges, idempotency records, photos and contacts of
    closed applications, old PIN resets and card sessions."""
    from dataclasses import asdict

    from backend.retention import purge as run_purge
    from backend.serve import limits_from_env

    tx, clock = _admin(db_url)
    with tx as session:
        result = run_purge(
            session,
            clock,
            limits_from_env(),
            photo_retention_days=photo_retention_days,
            record_retention_days=record_retention_days,
        )
    click.echo(json.dumps(asdict(result)) if as_json else ", ".join(f"{k} {v}" for k, v in asdict(result).items()))


@backend.command("openapi")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
def openapi(out: Path | None) -> None:
    """Print (or write) the OpenAPI document: the wire contract kiosks are tested against."""
    from backend.openapi_doc import render

    text = render()
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text)


@backend.command("report")
@DB_OPTION
@click.argument("kind", type=click.Choice(["daily", "monthly", "cohort", "forecast"]))
@click.option("--municipality", required=True, help="6-digit code: the report covers this municipality only")
@click.option("--from", "first", type=click.DateTime(["%Y-%m-%d"]), default=None, help="daily/monthly: first day")
@click.option("--to", "last", type=click.DateTime(["%Y-%m-%d"]), default=None, help="daily/monthly: last day")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row")
@click.option("--json", "as_json", is_flag=True)
def report(
    db_url: str | None, kind: str, municipality: str, first: object, last: object, as_csv: bool, as_json: bool
) -> None:
    """Counts by day or month (site, channel, event), cohorts by application month, or renewals due per fiscal
    year from the card registry (``forecast``): the tables the office's report page shows."""
    import datetime as dt
    import re

    from backend import reports
    from backend.counts import JST
    from backend.db import session_factory
    from kiosk.wire import MUNICIPALITY_CODE_PATTERN

    if not re.match(MUNICIPALITY_CODE_PATTERN, municipality):
        raise click.BadParameter("a municipality code has 6 digits", param_hint="--municipality")
    engine = _engine(db_url)
    try:
        with session_factory(engine)() as session:
            table = reports.build(
                session,
                reports.ReportKind(kind),
                municipality,
                first.date() if isinstance(first, dt.datetime) else None,
                last.date() if isinstance(last, dt.datetime) else None,
                dt.datetime.now(JST).date(),
            )
    except reports.ReportError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        engine.dispose()
    if as_csv:
        click.echo(table.csv(), nl=False)
    elif as_json:
        document = {"report": kind, "municipality": municipality, "rows": table.records(), "note": table.note}
        click.echo(json.dumps(document, ensure_ascii=False))
    else:
        widths = [max([len(str(c)), *(len(str(r[i])) for r in table.rows)]) for i, c in enumerate(table.columns)]
        for row in (table.columns, *table.rows):
            click.echo("  ".join(str(v).rjust(w) for v, w in zip(row, widths, strict=True)))
    if table.note:
        click.echo(table.note, err=True)
