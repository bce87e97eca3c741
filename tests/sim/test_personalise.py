"""Personalisation: personas, dates that follow the rules, My Number check digits, images without tofu."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from mynakiosk.cli import main
from sim import mynumber, render
from sim.dates import age_on, card_expiry, certificate_expiry, era_of, japanese_date, nth_birthday_after
from sim.errors import PersonalisationError, PersonaNotFound, RenderError
from sim.faces import FACES_DIR, face_for
from sim.image import CardImage
from sim.personalise import card_front_png, new_card
from sim.personas import get_persona, list_personas
from sim.pki import TestPki
from sim.profile import KeyId, PinId
from tests.sim.sim_helpers import ISSUED


def test_at_least_six_personas_cover_every_age_group() -> None:
    personas = list_personas()
    ages = [p.age for p in personas]
    assert len(personas) >= 6
    assert any(a < 15 for a in ages)
    assert any(15 <= a <= 17 for a in ages)
    assert any(18 <= a < 80 for a in ages)
    assert any(a >= 80 for a in ages)
    assert {p.sex.value for p in personas} >= {"1", "2"}
    assert len({p.key for p in personas}) == len(personas)


def test_unknown_persona_names_the_valid_ones() -> None:
    with pytest.raises(PersonaNotFound, match="tanaka"):
        get_persona("nobody")


@pytest.mark.parametrize("persona", [p.key for p in list_personas()])
def test_every_persona_card_follows_the_rules(images: dict[str, CardImage], persona: str) -> None:
    image = images[persona]
    holder = image.holder
    p = get_persona(persona)
    assert holder.issue_date == ISSUED
    assert age_on(holder.birth_date, ISSUED) == p.age
    assert (holder.birth_date.month, holder.birth_date.day) == p.birthday
    years = 10 if p.age >= 18 else 5
    expiry = holder.card_expiry
    assert (expiry.month, expiry.day) == (holder.birth_date.month, holder.birth_date.day)
    assert ISSUED + dt.timedelta(days=365 * (years - 1)) < expiry <= ISSUED + dt.timedelta(days=366 * years)
    assert expiry == nth_birthday_after(holder.birth_date, ISSUED, years)
    assert holder.cert_expiry == nth_birthday_after(holder.birth_date, ISSUED, 5)
    assert mynumber.is_valid(holder.my_number)
    assert len(holder.security_code) == 4 and holder.security_code.isdigit()
    has_sign = p.age >= 15
    assert (PinId.JPKI_SIGN in image.pins) is has_sign
    assert (KeyId.JPKI_SIGN in image.keys) is has_sign
    assert (image.file("jpki", 0x0001) is not None) is has_sign
    assert ("sign" in image.cert_serials) is has_sign


def test_nth_birthday_after_issue() -> None:
    birth = dt.date(1980, 3, 14)
    assert nth_birthday_after(birth, dt.date(2026, 3, 13), 1) == dt.date(2026, 3, 14)
    assert nth_birthday_after(birth, dt.date(2026, 3, 14), 1) == dt.date(2027, 3, 14)  # strictly after
    assert nth_birthday_after(birth, dt.date(2026, 4, 1), 10) == dt.date(2036, 3, 14)
    leap = dt.date(2000, 2, 29)
    assert nth_birthday_after(leap, dt.date(2026, 1, 1), 1) == dt.date(2026, 2, 28)
    assert nth_birthday_after(leap, dt.date(2026, 1, 1), 3) == dt.date(2028, 2, 29)


def test_card_validity_depends_on_age_at_issue() -> None:
    issued = dt.date(2026, 6, 1)
    assert card_expiry(dt.date(2008, 5, 31), issued) == dt.date(2036, 5, 31)  # 18 at issue: 10 years
    assert card_expiry(dt.date(2008, 6, 2), issued) == dt.date(2030, 6, 2)  # 17 at issue: 5 years
    assert certificate_expiry(dt.date(1950, 1, 1), issued) == dt.date(2031, 1, 1)


def test_japanese_eras() -> None:
    assert japanese_date(dt.date(1980, 3, 14)) == "昭和55年 3月14日"
    assert japanese_date(dt.date(1989, 1, 8)) == "平成元年 1月 8日"
    assert japanese_date(dt.date(2019, 5, 1)) == "令和元年 5月 1日"
    assert era_of(dt.date(1989, 1, 7))[:2] == (3, "昭和")


def test_my_number_check_digit_known_values() -> None:
    assert mynumber.check_digit("12345678901") == 8
    assert mynumber.is_valid("123456789018")
    assert not mynumber.is_valid("123456789010")
    assert not mynumber.is_valid("12345678901８")


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_exactly_one_check_digit_is_valid(body: str) -> None:
    valid = [d for d in range(10) if mynumber.is_valid(body + str(d))]
    assert valid == [mynumber.check_digit(body)]


def test_same_seed_same_card_data(pki: TestPki) -> None:
    persona = get_persona("ito")
    a = new_card(persona, seed=5, issued=ISSUED, pki=pki)
    b = new_card(persona, seed=5, issued=ISSUED, pki=pki)
    assert a.holder == b.holder and a.serial == b.serial and a.cert_serials == b.cert_serials
    assert a.file("kenkaku", 0x0003) == b.file("kenkaku", 0x0003)
    c = new_card(persona, seed=6, issued=ISSUED, pki=pki)
    assert c.holder.my_number != a.holder.my_number


@pytest.mark.parametrize(
    ("auth", "sign"), [("482", "SIGN2468"), ("48a1", "SIGN2468"), ("4821", "SIGN"), ("4821", "sign2468!")]
)
def test_pins_of_the_wrong_format_are_refused(pki: TestPki, auth: str, sign: str) -> None:
    with pytest.raises(PersonalisationError):
        new_card(get_persona("tanaka"), seed=1, auth_pin=auth, sign_pin=sign, issued=ISSUED, pki=pki)


def test_other_four_digit_pins_default_to_the_auth_pin(adult_image: CardImage) -> None:
    pins = adult_image.pins
    assert pins[PinId.JPKI_AUTH].value == pins[PinId.KENHOJO].value == pins[PinId.JUKI].value == "4821"
    assert pins[PinId.JPKI_SIGN].value == "SIGN2468"
    assert pins[PinId.JPKI_AUTH].tries_left == 3 and pins[PinId.JPKI_SIGN].max_tries == 5


def test_card_image_round_trips_through_json(tmp_path: Path, adult_image: CardImage) -> None:
    path = tmp_path / "card.json"
    adult_image.save(path)
    assert CardImage.load(path) == adult_image
    assert [p.name for p in tmp_path.iterdir()] == ["card.json"]  # no temporary file left behind
    assert repr(adult_image.holder) == "CardHolder(persona='tanaka', ****)"
    assert adult_image.holder.my_number not in repr(adult_image)


@pytest.mark.parametrize("persona", [p.key for p in list_personas()])
def test_names_and_addresses_render_without_tofu(persona: str) -> None:
    p = get_persona(persona)
    face = render.font(40)
    assert render.missing_glyphs(p.name + p.address + "生年月日性別有効セキュリティコード", face) == []
    png = render.address_png(p.address)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.getbbox() is not None


def test_a_character_the_font_lacks_is_an_error_not_tofu() -> None:
    with pytest.raises(RenderError, match=r"U\+F0001"):
        render.name_png("田中\U000f0001")


def test_printed_front_shows_no_my_number(adult_image: CardImage) -> None:
    png = card_front_png(adult_image.holder)
    image = Image.open(io.BytesIO(png))
    assert image.size == render.CARD_FRONT_SIZE
    assert adult_image.holder.my_number.encode() not in png


def test_cli_new_card_and_personas(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "card.json"
    front = tmp_path / "front.png"
    result = runner.invoke(
        main,
        ["sim", "new-card", "--out", str(out), "--persona", "takahashi", "--seed", "3", "--auth-pin-env", "MY_AUTH",
         "--sign-pin-env", "MY_SIGN", "--short-only", "--front-png", str(front), "--json"],
        env={"MY_AUTH": "7305", "MY_SIGN": "abc12345"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    image = CardImage.load(out)
    assert summary["serial"] == image.serial and summary["persona"] == "takahashi"
    assert summary["extended_length"] is False and image.extended_length is False
    assert image.pins[PinId.JPKI_AUTH].value == "7305" and image.pins[PinId.JPKI_SIGN].value == "ABC12345"
    assert "7305" not in result.output and image.holder.my_number not in result.output
    assert front.read_bytes().startswith(b"\x89PNG")
    listing = runner.invoke(main, ["sim", "personas", "--json"])
    assert listing.exit_code == 0
    assert {row["name"] for row in json.loads(listing.output)} == {p.key for p in list_personas()}


def test_cli_reports_errors_clearly(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["sim", "new-card", "--out", str(tmp_path / "c.json"), "--auth-pin-env", "NOPE"])
    assert missing.exit_code != 0 and "NOPE" in missing.output
    bad = runner.invoke(
        main, ["sim", "new-card", "--out", str(tmp_path / "c.json"), "--auth-pin-env", "P"], env={"P": "12"}
    )
    assert bad.exit_code != 0 and "4 digits" in bad.output and "12" not in bad.output.replace("jpki_auth", "")
    unknown = runner.invoke(main, ["sim", "new-card", "--out", str(tmp_path / "c.json"), "--persona", "x"])
    assert unknown.exit_code != 0 and "tanaka" in unknown.output


def test_every_persona_face_is_in_the_assets_manifest() -> None:
    manifest = json.loads((FACES_DIR / "manifest.json").read_text("utf-8"))
    ids = {entry["id"] for entry in manifest}
    for persona in list_personas():
        face = face_for(persona.key)
        assert face.key in ids and face.path.exists()
        left, top, right, bottom = face.crop
        assert (right - left) * 9 == (bottom - top) * 7  # 7:9 portrait


def test_personas_do_not_all_share_one_face() -> None:
    assert len({face_for(p.key).key for p in list_personas()}) >= 2


def test_cli_status_reports_tries_left_without_secrets(card_path: Path, adult_image: CardImage) -> None:
    from sim.card import VirtualCard

    card = VirtualCard.load(card_path)
    card.transmit(bytes.fromhex("00A4040C0AD392F000260100000001"))
    card.transmit(bytes.fromhex("00A4020C020018"))
    card.transmit(bytes.fromhex("002000800430303030"))
    result = CliRunner().invoke(main, ["sim", "status", "--card", str(card_path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["tries_left"]["jpki_auth"] == 2 and report["max_tries"]["jpki_sign"] == 5
    assert report["management_counter"] == 0
    for secret in ("4821", "SIGN2468", adult_image.holder.my_number, adult_image.holder.pin_b):
        assert secret not in result.output
    text = CliRunner().invoke(main, ["sim", "status", "--card", str(card_path)])
    assert text.exit_code == 0 and "jpki_auth" in text.output


def test_printed_front_is_legible_to_ocr(tmp_path: Path, adult_image: CardImage) -> None:
    """What a camera sees: tesseract (installed by scripts/bootstrap) reads the expiry and the security code."""
    path = tmp_path / "front.png"
    path.write_bytes(card_front_png(adult_image.holder))
    result = subprocess.run(
        ["tesseract", str(path), "-", "-l", "jpn"], capture_output=True, text=True, timeout=120, check=True
    )
    text = result.stdout.replace(" ", "")
    holder = adult_image.holder
    assert holder.security_code in text
    assert f"{holder.card_expiry.year}年" in text
    assert holder.my_number not in text
