"""The host's and the virtual card's copies of docs/card-profile.md agree (they meet only through bytes)."""

from __future__ import annotations

from kiosk.card import profile as host
from kiosk.card.pin import _PATTERNS
from sim import profile as card

HOST_TO_CARD_PIN = {
    host.Pins.AUTH: card.PinId.JPKI_AUTH,
    host.Pins.SIGN: card.PinId.JPKI_SIGN,
    host.Pins.TEXT: card.PinId.KENHOJO,
    host.Pins.TEXT_PIN_B: card.PinId.KENHOJO_PIN_B,
    host.Pins.JUKI: card.PinId.JUKI,
    host.Pins.VISUAL_PIN_B: card.PinId.KENKAKU_PIN_B,
    host.Pins.VISUAL_BIRTH: card.PinId.KENKAKU_BIRTH,
}


def test_application_identifiers_agree() -> None:
    assert {a.name: a.value for a in host.Aid} == {a.name: a.value for a in card.Aid}


def test_every_host_pin_is_the_same_pin_object_on_the_card() -> None:
    assert set(HOST_TO_CARD_PIN) == set(host.Pins.ALL)
    for ref, pin_id in HOST_TO_CARD_PIN.items():
        spec = card.PINS[pin_id]
        assert (ref.aid.value, ref.fid) == (spec.aid.value, spec.fid), ref.name


def test_a_pin_the_host_accepts_is_a_pin_the_card_accepts() -> None:
    samples = {
        host.PinFormat.DIGITS4: [b"4821"],
        host.PinFormat.SIGN: [b"SIGN2468", b"A1B2C3D4E5F6G7H8"],
        host.PinFormat.BIRTH6: [b"810314"],
        host.PinFormat.PIN_B: [b"81031420361234"],
    }
    for ref, pin_id in HOST_TO_CARD_PIN.items():
        for value in samples[ref.format]:
            assert _PATTERNS[ref.format].fullmatch(value)
            assert card.PINS[pin_id].format.accepts(value), ref.name


def test_file_identifiers_agree() -> None:
    assert (host.JpkiFiles.SIGN_CERT, host.JpkiFiles.SIGN_CA, host.JpkiFiles.TOKEN) == (
        card.Jpki.SIGN_CERT,
        card.Jpki.SIGN_CA_CERT,
        card.Jpki.TOKEN,
    )
    assert (host.JpkiFiles.AUTH_CERT, host.JpkiFiles.AUTH_CA, host.JpkiFiles.AUTH_KEY, host.JpkiFiles.SIGN_KEY) == (
        card.Jpki.AUTH_CERT,
        card.Jpki.AUTH_CA_CERT,
        card.Jpki.AUTH_KEY,
        card.Jpki.SIGN_KEY,
    )
    assert (host.KenkakuFiles.FRONT, host.KenkakuFiles.BASIC_INFO, host.KenkakuFiles.CVC) == (
        card.Kenkaku.FRONT,
        card.Kenkaku.BASIC_INFO,
        card.Kenkaku.INTERMEDIATE_CERT,
    )
    assert (host.KenhojoFiles.BASIC4, host.KenhojoFiles.SIGNATURE, host.KenhojoFiles.CVC) == (
        card.Kenhojo.BASIC_FOUR,
        card.Kenhojo.SIGNATURE,
        card.Kenhojo.INTERMEDIATE_CERT,
    )
    assert (host.KenhojoFiles.AP_INFO, host.KenhojoFiles.CARD_AUTH_KEY) == (
        card.Kenhojo.AP_INFO,
        card.Kenhojo.CARD_PUBLIC_KEY,
    )
    assert host.INTERNAL_AUTH_INS == card.Ins.INTERNAL_AUTHENTICATE
    assert host.MAX_SIGN_INPUT == card.MAX_SIGN_INPUT
    assert host.TOKEN_MY_NUMBER_CARD.encode().ljust(host.TOKEN_SIZE, b" ") == card.Jpki.TOKEN_VALUE


def test_the_host_profile_cannot_name_the_my_number_or_pin_a() -> None:
    host_fids = {(ref.aid.value, ref.fid) for ref in host.Pins.ALL}
    for pin_id in (card.PinId.KENKAKU_PIN_A, card.PinId.KENHOJO_PIN_A):
        spec = card.PINS[pin_id]
        assert (spec.aid.value, spec.fid) not in host_fids
    names = " ".join(dir(host) + dir(host.KenhojoFiles) + dir(host.KenkakuFiles)).upper()
    assert "MY_NUMBER" not in names.replace("TOKEN_MY_NUMBER_CARD", "") and "PIN_A" not in names and "BACK" not in names
