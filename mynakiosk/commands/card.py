"""``mynakiosk card …``: read a card and report what the kiosk sees, for technicians and scripts.

PINs come only from environment variables named with ``--*-pin-env`` or from an interactive prompt, never from
the command line. Personal fields are masked unless ``--show-personal``; the My Number is never read.
"""

from __future__ import annotations

import base64
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import click

from kiosk.card import errors, pin, verify
from kiosk.card.card import MyNumberCard
from kiosk.card.data import jp2_size
from kiosk.card.identity import IdentityRead, Secrets, read_identity
from kiosk.card.profile import PinFormat
from kiosk.card.session import PinStatus
from kiosk.card.trace import TraceRecorder

EXIT_CODES: dict[type[errors.CardError], tuple[int, str, str]] = {
    errors.LastTryNotConfirmed: (
        11,
        "last_try",
        "One try is left; nothing was sent. Give --allow-last-try to spend it on purpose.",
    ),
    errors.TriesChanged: (11, "tries_changed", "The tries left dropped during the read; nothing was sent."),
    errors.CardSwapped: (11, "card_swapped", "A different card is in the reader; nothing was sent."),
    errors.PinFormatError: (2, "pin_format", "The PIN does not have the required format; nothing was sent."),
    errors.WrongPin: (4, "wrong_pin", "The PIN was wrong."),
    errors.PinBlocked: (5, "pin_blocked", "The PIN is blocked; only the municipal counter can unblock it."),
    errors.CardRemoved: (6, "card_removed", "The card was removed during the read."),
    errors.NoCard: (6, "no_card", "No card is in the reader."),
    errors.TransportError: (7, "reader_error", "The reader could not talk to the card."),
    errors.MalformedResponse: (8, "malformed_response", "The card answered with malformed data."),
    errors.SecurityStatusNotSatisfied: (9, "pin_required", "The card wants a PIN that was not given."),
    errors.CardError: (10, "card_error", "The card refused a command."),
}


@dataclass(frozen=True)
class Output:
    as_json: bool

    def fail(self, exc: errors.CardError) -> NoReturn:
        code, name, sentence = next(v for k, v in EXIT_CODES.items() if isinstance(exc, k))
        body: dict[str, Any] = {"error": name}
        if isinstance(exc, errors.LastTryNotConfirmed | errors.TriesChanged):
            body["tries_left"] = exc.tries_left
        if isinstance(exc, errors.WrongPin):
            body["tries_left"] = exc.tries_left
            sentence += f" {exc.tries_left} tries left." if exc.tries_left else " The PIN is now blocked."
        if isinstance(exc, errors.StatusError):
            body["sw"] = f"{exc.sw:04X}"
        elif not isinstance(exc, errors.PinFormatError | errors.PinSafetyError):
            sentence += f" ({exc})"  # card-layer messages name files and status words, never personal data
        click.echo(sentence, err=True)
        if self.as_json:
            click.echo(json.dumps(body))
        sys.exit(code)


def _secret(env_name: str | None, prompt: str | None, fmt: PinFormat) -> pin.Pin | None:
    value: str | None = None
    if env_name:
        value = os.environ.get(env_name)
        if value is None:
            raise click.UsageError(f"environment variable {env_name} is not set")
    elif prompt:
        value = click.prompt(prompt, hide_input=True, default="", show_default=False) or None
    return None if value is None else pin.normalise(value, fmt)


def _anchors(reader: str, jpki: Path | None, card_ap: Path | None) -> tuple[verify.TrustAnchors | None, str]:
    if jpki and card_ap:
        return verify.TrustAnchors.from_files(jpki, card_ap), "configured"
    if reader.startswith("sim:"):
        from sim.pki import TestPki  # composition root: test anchors, only ever for virtual cards

        pki = TestPki.load()
        return verify.TrustAnchors.from_pem(pki.root_cert_pem, pki.card_ap_root_public_pem), "test"
    return None, "none"


def _mask(text: str, show: bool) -> str:
    return text if show else "*" * min(len(text), 8)


def _status(status: PinStatus | None) -> dict[str, Any] | None:
    if status is None:
        return None
    return {"tries_left": status.tries_left, "blocked": status.blocked, "verified": status.verified}


def _cert_summary(der: bytes) -> dict[str, Any]:
    from cryptography import x509

    cert = x509.load_der_x509_certificate(der)
    return {
        "serial": format(cert.serial_number, "X"),
        "issuer": cert.issuer.rfc4514_string(),
        "not_after": cert.not_valid_after_utc.date().isoformat(),
        "bytes": len(der),
    }


def report(read: IdentityRead, *, show_personal: bool, trust: str) -> dict[str, Any]:
    """The JSON document ``card read`` prints (no My Number; personal fields masked unless asked)."""
    out: dict[str, Any] = {
        "tries_left": {k: (v.tries_left if v else None) for k, v in read.tries_left.items()},
        "pins": {k: _status(v) for k, v in read.tries_left.items()},
        "token": read.token,
        "serial": read.serial,
        "certificates": {
            "auth": _cert_summary(read.auth_certificate),
            "auth_ca": _cert_summary(read.auth_ca_certificate),
        },
        "trust_anchors": trust,
        "chip_verified": {
            "ok": read.chip_verified,
            "checks": {c.name: c.ok for c in read.checks},
            "reasons": [f"{c.name}: {c.reason}" for c in read.checks if not c.ok]
            + ([] if read.checks else ["no checks were possible"]),
        },
        "photo": None,
        "basic_four": None,
    }
    if read.sign_certificate and read.sign_ca_certificate:
        out["certificates"]["sign"] = _cert_summary(read.sign_certificate)
        out["certificates"]["sign_ca"] = _cert_summary(read.sign_ca_certificate)
    if read.front is not None:
        width, height = jp2_size(read.front.photo_jp2)
        out["photo"] = {"format": "jp2", "bytes": len(read.front.photo_jp2), "width": width, "height": height}
        out["card_face"] = {
            "expiry": read.front.expiry.isoformat() if show_personal else "****-**-**",
            "name_image_bytes": len(read.front.name_png),
            "address_image_bytes": len(read.front.address_png),
            "security_code_image_bytes": len(read.front.security_code_png),
        }
        if show_personal:
            out["photo"]["jp2_base64"] = base64.b64encode(read.front.photo_jp2).decode()
    if read.basic_four is not None:
        b = read.basic_four
        out["basic_four"] = {
            "name": _mask(b.name, show_personal),
            "address": _mask(b.address, show_personal),
            "birth_date": b.birth_date.isoformat() if show_personal else "****-**-**",
            "sex": b.sex if show_personal else "*",
        }
    return out


@click.group()
def card() -> None:
    """Talk to a My Number Card through a reader (sim:PATH, pcsc, pcsc:NAME, nfc:usb)."""


@card.command("read")
@click.option("--reader", "reader_uri", required=True, help="Reader URI, e.g. sim:card.json or pcsc.")
@click.option("--pin-env", help="Environment variable holding the 4-digit user-authentication PIN.")
@click.option("--pin-b-env", help="Environment variable holding PIN-B (birth YYMMDD + expiry YYYY + code).")
@click.option("--sign-pin-env", help="Environment variable holding the signature PIN (6-16 characters).")
@click.option("--prompt", is_flag=True, help="Ask for the PINs interactively instead.")
@click.option(
    "--allow-last-try", is_flag=True, help="Present a PIN even when it has one try left (a wrong one blocks it)."
)
@click.option("--trust-jpki", type=click.Path(path_type=Path, exists=True), help="PEM file of JPKI root CAs.")
@click.option("--trust-card-ap", type=click.Path(path_type=Path, exists=True), help="PEM file of card-AP root keys.")
@click.option("--show-personal", is_flag=True, help="Show name, address, birth date and the photo.")
@click.option("--trace", "trace_path", type=click.Path(path_type=Path), help="Write a redacted APDU trace.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def read_command(
    reader_uri: str,
    pin_env: str | None,
    pin_b_env: str | None,
    sign_pin_env: str | None,
    prompt: bool,
    allow_last_try: bool,
    trust_jpki: Path | None,
    trust_card_ap: Path | None,
    show_personal: bool,
    trace_path: Path | None,
    as_json: bool,
) -> None:
    """Read what the given PINs unlock and check that the chip is genuine.

    A PIN with one try left is not presented (error ``last_try``, nothing sent) unless --allow-last-try is given.
    """
    from drivers.cards.uri import open_reader

    out = Output(as_json)
    recorder = TraceRecorder.to_file(trace_path) if trace_path else None
    secrets = Secrets()
    try:
        secrets.auth_pin = _secret(pin_env, "4-digit PIN" if prompt else None, PinFormat.DIGITS4)
        secrets.pin_b = _secret(pin_b_env, "PIN-B (14 digits)" if prompt else None, PinFormat.PIN_B)
        secrets.sign_pin = _secret(sign_pin_env, "Signature PIN" if prompt else None, PinFormat.SIGN)
        anchors, trust = _anchors(reader_uri, trust_jpki, trust_card_ap)
        reader = open_reader(reader_uri)
        if not reader.wait_for_card(5.0):
            raise errors.NoCard("no card within 5 s")
        with MyNumberCard(reader.connect(), tracer=recorder) as mynacard:
            identity = read_identity(mynacard, secrets, anchors, allow_last_try=allow_last_try)
        document = report(identity, show_personal=show_personal, trust=trust)
        identity.wipe()
    except errors.CardError as exc:
        out.fail(exc)
    finally:
        secrets.wipe()
        if recorder is not None:
            recorder.close()
    if as_json:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print_human(document)


def print_human(document: dict[str, Any]) -> None:
    click.echo("Tries left: " + ", ".join(f"{k} {v}" for k, v in document["tries_left"].items() if v is not None))
    click.echo(f"Card serial: {document['serial']}  token: {document['token']}")
    verified = document["chip_verified"]
    click.echo(f"Chip verified: {'yes' if verified['ok'] else 'NO'} {'; '.join(verified['reasons'])}")
    if document["photo"]:
        p = document["photo"]
        click.echo(f"Photo: JPEG 2000, {p['width']}x{p['height']}, {p['bytes']} bytes")
    if document["basic_four"]:
        click.echo("Basic four: " + ", ".join(f"{k}={v}" for k, v in document["basic_four"].items()))


@card.command("status")
@click.option("--reader", "reader_uri", required=True, help="Reader URI, e.g. sim:card.json or pcsc.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def status_command(reader_uri: str, as_json: bool) -> None:
    """Which applications answer and how many tries each PIN has left (sends no PIN)."""
    from drivers.cards.uri import open_reader

    out = Output(as_json)
    try:
        reader = open_reader(reader_uri)
        if not reader.wait_for_card(5.0):
            raise errors.NoCard("no card within 5 s")
        with MyNumberCard(reader.connect()) as mynacard:
            applications = mynacard.applications()
            pins = {k: _status(v) for k, v in mynacard.all_pin_status().items()}
    except errors.CardError as exc:
        out.fail(exc)
    if as_json:
        click.echo(json.dumps({"applications": applications, "pins": pins}, indent=2))
    else:
        click.echo("Applications: " + ", ".join(k for k, v in applications.items() if v))
        for name, st in pins.items():
            click.echo(f"  {name}: {'absent' if st is None else st['tries_left']}")
