"""``mynakiosk sim …``: make virtual cards and list the personas they can be made for.

The group is a plain click group: another module adds a command with ``sim.add_command(...)`` or by
decorating with ``@sim.command()`` here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import click

from mynakiosk.commands.sim_jlis import jlis
from mynakiosk.commands.sim_vpcd import serve_vpcd
from sim.errors import SimError


@click.group()
def sim() -> None:
    """Virtual My Number Cards (TEST ONLY keys): personalisation and personas."""


def _pin_from_env(name: str | None, default: str) -> str:
    if name is None:
        return default
    value = os.environ.get(name)
    if value is None:
        raise click.UsageError(f"environment variable {name} is not set")
    return value.strip().upper()


@sim.command("new-card")
@click.option(
    "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Card image to write."
)
@click.option("--persona", default="tanaka", show_default=True, help="Persona name (see `mynakiosk sim personas`).")
@click.option("--seed", type=int, default=None, help="Fixes every random choice except the RSA keys.")
@click.option("--auth-pin-env", metavar="NAME", help="Environment variable holding the 4-digit auth PIN.")
@click.option("--sign-pin-env", metavar="NAME", help="Environment variable holding the signature password.")
@click.option("--issued", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Issue date (default: today, JST).")
@click.option("--short-only", is_flag=True, help="Simulate a card that accepts short APDUs only.")
@click.option("--front-png", type=click.Path(dir_okay=False, path_type=Path), help="Also write the printed front.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def new_card_command(
    out: Path,
    persona: str,
    seed: int | None,
    auth_pin_env: str | None,
    sign_pin_env: str | None,
    issued: dt.datetime | None,
    short_only: bool,
    front_png: Path | None,
    as_json: bool,
) -> None:
    """Personalise a new virtual card and write its image to --out.

    Without --auth-pin-env/--sign-pin-env the documented test defaults are used (auth 4821, signature
    SIGN2468; the text-AP and 住基 PINs equal the auth PIN).
    """
    from sim.personalise import DEFAULT_AUTH_PIN, DEFAULT_SIGN_PIN, card_front_png, new_card
    from sim.personas import get_persona

    try:
        image = new_card(
            get_persona(persona),
            seed=seed,
            auth_pin=_pin_from_env(auth_pin_env, DEFAULT_AUTH_PIN),
            sign_pin=_pin_from_env(sign_pin_env, DEFAULT_SIGN_PIN),
            issued=issued.date() if issued else None,
            extended_length=not short_only,
        )
        image.save(out)
        if front_png is not None:
            front_png.write_bytes(card_front_png(image.holder))
    except SimError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"cannot write {exc.filename}: {exc.strerror}") from exc
    summary = {
        "path": str(out),
        "persona": image.holder.persona,
        "serial": image.serial,
        "extended_length": image.extended_length,
        "signature_certificate": "jpki_sign" in image.keys,
        "card_expiry": image.holder.card_expiry.isoformat(),
        "cert_expiry": image.holder.cert_expiry.isoformat(),
    }
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False))
    else:
        click.echo(f"wrote {out}: persona {summary['persona']}, card serial {summary['serial']}")


@sim.command("status")
@click.option(
    "--card",
    "card_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Card image made by `mynakiosk sim new-card`.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def status_command(card_path: Path, as_json: bool) -> None:
    """Show a card image's serial and the tries left of every PIN (never PIN values or personal data)."""
    from sim.image import CardImage

    try:
        image = CardImage.load(card_path)
    except SimError as exc:
        raise click.ClickException(str(exc)) from exc
    report = {
        "path": str(card_path),
        "persona": image.holder.persona,
        "serial": image.serial,
        "extended_length": image.extended_length,
        "tries_left": {pin.value: c.tries_left for pin, c in image.pins.items()},
        "max_tries": {pin.value: c.max_tries for pin, c in image.pins.items()},
        "management_counter": image.management.last_counter if image.management else None,
    }
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False))
        return
    click.echo(f"{card_path}: persona {image.holder.persona}, serial {image.serial}")
    for pin, c in image.pins.items():
        state = "BLOCKED" if c.tries_left == 0 else f"{c.tries_left}/{c.max_tries} tries left"
        click.echo(f"  {pin.value:<14} {state}")


@sim.command("personas")
@click.option("--issued", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Issue date (default: today, JST).")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
def personas_command(issued: dt.datetime | None, as_json: bool) -> None:
    """List the fictional residents a card can be made for, with the dates and certificates of their card."""
    from sim.overview import persona_card
    from sim.personalise import JST
    from sim.personas import list_personas

    today = dt.datetime.now(JST).date()
    cards = [persona_card(p, issued.date() if issued else today, today) for p in list_personas()]
    if as_json:
        click.echo(json.dumps([c.to_json() for c in cards], ensure_ascii=False))
        return
    for card in cards:
        click.echo(card.line())


sim.add_command(jlis)  # the simulated J-LIS (docs/jlis.md)
sim.add_command(serve_vpcd)  # its module imports only click; the card is loaded when the command runs
