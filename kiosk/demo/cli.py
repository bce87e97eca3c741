"""``mynakiosk demo``: run the kiosk in simulator mode.

For now the demo personalises a fresh virtual card for a fictional resident and reads it the way the kiosk will:
tries left for every PIN, the 4-digit PIN and PIN-B entered by a scripted resident, the photo and card-face data,
the JPKI certificates, and every genuineness check. Personal fields are masked unless ``--show-personal``.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import click


@click.command()
@click.option("--persona", default="tanaka", show_default=True, help="Fictional resident (see `sim personas`).")
@click.option("--show-personal", is_flag=True, help="Show the resident's (fictional) personal data.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def demo(persona: str, show_personal: bool, as_json: bool) -> None:
    """Kiosk demo in simulator mode (virtual card, scripted resident)."""
    from drivers.cards.sim import SimReader
    from kiosk.card.card import MyNumberCard
    from kiosk.card.cli import print_human, report
    from kiosk.card.identity import Secrets, read_identity
    from kiosk.card.pin import Pin
    from kiosk.card.verify import TrustAnchors
    from sim.personalise import DEFAULT_AUTH_PIN, new_card
    from sim.personas import get_persona
    from sim.pki import TestPki

    pki = TestPki.load()
    anchors = TrustAnchors.from_pem(pki.root_cert_pem, pki.card_ap_root_public_pem)
    with tempfile.TemporaryDirectory(prefix="mynakiosk-demo-") as tmp:
        path = Path(tmp) / "card.json"
        image = new_card(get_persona(persona))
        image.save(path)
        if not as_json:
            click.echo(f"Virtual card made for persona {persona!r}; reading it as the kiosk would.")
        reader = SimReader.from_file(path)
        secrets = Secrets(auth_pin=Pin(DEFAULT_AUTH_PIN), pin_b=Pin(image.holder.pin_b))
        with MyNumberCard(reader.connect()) as card:
            read = read_identity(card, secrets, anchors)
        secrets.wipe()
        document = report(read, show_personal=show_personal, trust="test")
        read.wipe()
    if as_json:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print_human(document)
