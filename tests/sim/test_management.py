"""Server-authorised PIN reset on the card: the management command script of docs/card-profile.md.

Scripts are built here from the profile text alone (an independent encoder), and once with the backend's own
builder, so the card, the profile and the backend are checked against each other.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.cmac import CMAC

from sim.card import VirtualCard
from sim.image import CardImage
from sim.pki.kiosk import card_management_keys
from sim.profile import Aid, Jpki, Juki, Kenhojo, Kenkaku, PinId
from tests.sim.sim_helpers import Host


def cmac8(key: bytes, data: bytes) -> bytes:
    c = CMAC(algorithms.AES(key))
    c.update(data)
    return c.finalize()[:8]


def reset_apdu(
    image: CardImage, aid: Aid, fid: int, counter: int, new_pin: bytes, *, serial: str | None = None
) -> bytes:
    serial = serial or image.serial
    keys = card_management_keys(serial)
    ecb = Cipher(algorithms.AES(keys.enc), modes.ECB()).encryptor()
    iv = ecb.update(counter.to_bytes(16, "big")) + ecb.finalize()
    padded = new_pin + b"\x80"
    padded += bytes(-len(padded) % 16)
    cbc = Cipher(algorithms.AES(keys.enc), modes.CBC(iv)).encryptor()
    cryptogram = cbc.update(padded) + cbc.finalize()
    do81 = b"\x81\x04" + counter.to_bytes(4, "big")
    do87 = bytes((0x87, len(cryptogram) + 1, 0x01)) + cryptogram
    header = b"\x0c\x2c\x02\x80"
    mac_input = b"MKS1" + serial.encode() + bytes((len(aid.value),)) + aid.value + fid.to_bytes(2, "big") + header
    data = do81 + do87 + b"\x8e\x08" + cmac8(keys.mac, mac_input + do81 + do87)
    return header + bytes((len(data),)) + data + b"\x00"


def expected_answer(image: CardImage, counter: int) -> bytes:
    keys = card_management_keys(image.serial)
    status = b"\x99\x02\x90\x00"
    return status + b"\x8e\x08" + cmac8(keys.mac, b"MKR1" + image.serial.encode() + counter.to_bytes(4, "big") + status)


def block(host: Host, aid: Aid, fid: int, tries: int) -> None:
    host.select(aid)
    host.select_ef(fid)
    for _ in range(tries):
        host.verify("WRONG0" if fid == Jpki.SIGN_PIN else "0000")
    assert host.query() == "63C0"


def run_reset(host: Host, image: CardImage, aid: Aid, fid: int, counter: int, pin: bytes) -> tuple[bytes, str]:
    host.select(aid)
    host.select_ef(fid)
    return host.tx(reset_apdu(image, aid, fid, counter, pin))


def test_a_blocked_sign_pin_is_reset_and_the_answer_proves_it(
    card_path: Path, adult_image: CardImage, make_host
) -> None:
    host = make_host(VirtualCard.load(card_path))
    block(host, Aid.JPKI, Jpki.SIGN_PIN, 5)
    data, sw = run_reset(host, adult_image, Aid.JPKI, Jpki.SIGN_PIN, 7, b"NEWPASS9")
    assert (data, sw) == (expected_answer(adult_image, 7), "9000")
    assert host.query() == "63C5"
    assert host.verify("NEWPASS9") == "9000"
    reloaded = CardImage.load(card_path)
    assert reloaded.pins[PinId.JPKI_SIGN].value == "NEWPASS9" and reloaded.pins[PinId.JPKI_SIGN].tries_left == 5
    assert reloaded.management is not None and reloaded.management.last_counter == 7


def test_replayed_and_older_scripts_are_refused(card_path: Path, adult_image: CardImage, make_host) -> None:
    host = make_host(VirtualCard.load(card_path))
    assert run_reset(host, adult_image, Aid.JPKI, Jpki.SIGN_PIN, 10, b"FIRST111")[1] == "9000"
    assert run_reset(host, adult_image, Aid.JPKI, Jpki.SIGN_PIN, 10, b"FIRST111")[1] == "6985"
    assert run_reset(host, adult_image, Aid.JPKI, Jpki.SIGN_PIN, 9, b"OLDER999")[1] == "6985"
    reloaded = make_host(VirtualCard.load(card_path))  # the counter survives a power cycle
    assert run_reset(reloaded, adult_image, Aid.JPKI, Jpki.SIGN_PIN, 10, b"FIRST111")[1] == "6985"
    assert reloaded.verify("FIRST111") == "9000"


def test_altered_foreign_and_redirected_scripts_fail_the_mac(host: Host, adult_image: CardImage) -> None:
    host.select(Aid.JPKI)
    host.select_ef(Jpki.SIGN_PIN)
    apdu = bytearray(reset_apdu(adult_image, Aid.JPKI, Jpki.SIGN_PIN, 3, b"ALTERED1"))
    apdu[15] ^= 0x01  # a cryptogram byte
    assert host.sw(bytes(apdu)) == "6988"
    apdu = bytearray(reset_apdu(adult_image, Aid.JPKI, Jpki.SIGN_PIN, 3, b"ALTERED1"))
    apdu[9] ^= 0x01  # the counter
    assert host.sw(bytes(apdu)) == "6988"
    foreign = reset_apdu(adult_image, Aid.JPKI, Jpki.SIGN_PIN, 3, b"FOREIGN1", serial="0000000000000")
    assert host.sw(foreign) == "6988"
    host.select_ef(Jpki.AUTH_PIN)  # the sign-PIN script sent while the auth PIN is current
    assert host.sw(reset_apdu(adult_image, Aid.JPKI, Jpki.SIGN_PIN, 3, b"REDIRECT1")) == "6988"
    host.select_ef(Jpki.SIGN_PIN)
    assert host.query() == "63C5" and host.verify("SIGN2468") == "9000"  # nothing changed


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d[:-10],  # no MAC object
        lambda d: d[6:] + d[:6],  # DO 81 moved to the end
        lambda d: d + b"\x80\x00",  # an extra object
        lambda d: b"\x81\x03" + d[2:5] + d[6:],  # a 3-byte counter
        lambda d: d[:-10] + b"\x8e\x04" + d[-8:-4],  # a short MAC
        lambda d: b"",
        lambda d: d[:-1],  # truncated
    ],
)
def test_malformed_data_objects(host: Host, adult_image: CardImage, mutate) -> None:
    apdu = reset_apdu(adult_image, Aid.JPKI, Jpki.SIGN_PIN, 3, b"MALFORM1")
    data = mutate(apdu[5:-1])
    host.select(Aid.JPKI)
    host.select_ef(Jpki.SIGN_PIN)
    command = apdu[:4] + (bytes((len(data),)) + data if data else b"") + b"\x00"
    assert host.sw(command) == "6987"


def test_a_new_pin_of_the_wrong_format_spends_the_counter(host: Host, adult_image: CardImage) -> None:
    assert run_reset(host, adult_image, Aid.JPKI, Jpki.SIGN_PIN, 4, b"lower123")[1] == "6A80"
    assert run_reset(host, adult_image, Aid.JPKI, Jpki.SIGN_PIN, 4, b"UPPER123")[1] == "6985"
    assert run_reset(host, adult_image, Aid.JPKI, Jpki.SIGN_PIN, 5, b"UPPER123")[1] == "9000"
    assert run_reset(host, adult_image, Aid.JPKI, Jpki.AUTH_PIN, 6, b"12345")[1] == "6A80"


def test_addressing_and_pins_that_cannot_be_reset(host: Host, adult_image: CardImage) -> None:
    apdu = reset_apdu(adult_image, Aid.JPKI, Jpki.SIGN_PIN, 3, b"ADDRESS1")
    assert host.sw(apdu) == "6986"  # nothing selected
    host.select(Aid.JPKI)
    assert host.sw(apdu) == "6986"  # no current EF
    host.select_ef(Jpki.AUTH_CERT)
    assert host.sw(apdu) == "6986"  # not a PIN EF
    host.select_ef(Jpki.SIGN_PIN)
    assert host.sw(apdu[:2] + b"\x01\x80" + apdu[4:]) == "6A86"
    assert host.sw(apdu[:3] + b"\x81" + apdu[4:]) == "6A86"
    assert host.sw("0C2A9E9A0401020304") == "6882"  # any other INS with CLA 0C
    host.select(Aid.KENKAKU)
    host.select_ef(Kenkaku.PIN_B)
    assert host.sw(reset_apdu(adult_image, Aid.KENKAKU, Kenkaku.PIN_B, 3, b"12345678901234")) == "6985"


def test_reset_leaves_the_verified_state_alone(host: Host, adult_image: CardImage) -> None:
    assert host.verify_at(Aid.JPKI, Jpki.AUTH_PIN, "4821") == "9000"
    host.select_ef(Jpki.SIGN_PIN)
    assert host.sw(reset_apdu(adult_image, Aid.JPKI, Jpki.SIGN_PIN, 3, b"KEEPAUTH1")) == "9000"
    host.select_ef(Jpki.AUTH_KEY)
    assert host.sw("802A00800401020304" + "00") == "9000"


def test_a_card_without_management_keys_refuses(adult_image: CardImage, make_host) -> None:
    host = make_host(VirtualCard.from_image(dataclasses.replace(adult_image, management=None)))
    assert run_reset(host, adult_image, Aid.JPKI, Jpki.SIGN_PIN, 3, b"NOKEYS11")[1] == "6985"


def test_the_backend_script_resets_all_three_four_digit_pins(
    card_path: Path, adult_image: CardImage, make_host
) -> None:
    from backend.domain import PinTarget
    from backend.management import answer_is_genuine, build_script, derive_card_keys
    from sim.pki.kiosk import TEST_MANAGEMENT_MASTER

    host = make_host(VirtualCard.load(card_path))
    block(host, Aid.JPKI, Jpki.AUTH_PIN, 3)
    block(host, Aid.KENHOJO, Kenhojo.PIN, 3)
    keys = derive_card_keys(TEST_MANAGEMENT_MASTER, adult_image.serial)
    for step in build_script(keys, adult_image.serial, PinTarget.FOUR_DIGIT, "2580", first_counter=21):
        response = host.card.transmit(step.apdu)
        if step.counter is None:
            assert response == b"\x90\x00"
        else:
            assert answer_is_genuine(keys, adult_image.serial, step.counter, response)
    for aid, fid in ((Aid.JPKI, Jpki.AUTH_PIN), (Aid.KENHOJO, Kenhojo.PIN), (Aid.JUKI, Juki.PIN)):
        assert host.verify_at(aid, fid, "2580") == "9000"
        assert host.query() == "63C3"


def test_a_counter_that_cannot_be_stored_changes_nothing(tmp_path: Path, adult_image: CardImage, make_host) -> None:
    path = tmp_path / "gone" / "card.json"
    path.parent.mkdir()
    adult_image.save(path)
    host = make_host(VirtualCard.load(path))
    path.unlink()
    path.parent.rmdir()
    assert run_reset(host, adult_image, Aid.JPKI, Jpki.SIGN_PIN, 3, b"NOSTORE1")[1] == "6581"
    assert host.verify("SIGN2468") == "6581"  # the PIN is unchanged (and the card still cannot write)
