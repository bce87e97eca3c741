"""PIN objects: VERIFY (both forms), counters, blocking, persistence, session state, CHANGE REFERENCE DATA."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.card import VirtualCard
from sim.image import CardImage
from sim.profile import Aid, Jpki, Juki, Kenhojo, Kenkaku, PinId
from tests.sim.sim_helpers import Host

AUTH = (Aid.JPKI, Jpki.AUTH_PIN)


def test_query_reports_tries_left_without_counting(host: Host) -> None:
    host.select(Aid.JPKI)
    host.select_ef(Jpki.AUTH_PIN)
    for _ in range(5):
        assert host.query() == "63C3"


def test_query_still_answers_63cx_after_a_successful_verify(host: Host) -> None:
    assert host.verify_at(*AUTH, "4821") == "9000"
    assert host.query() == "63C3"


def test_wrong_pins_count_down_and_a_right_one_restores_the_counter(host: Host) -> None:
    assert host.verify_at(*AUTH, "0000") == "63C2"
    assert host.verify("1111") == "63C1"
    assert host.query() == "63C1"
    assert host.verify("4821") == "9000"
    assert host.query() == "63C3"


def test_third_wrong_pin_blocks(host: Host) -> None:
    host.verify_at(*AUTH, "0000")
    host.verify("0000")
    assert host.verify("0000") == "63C0"
    assert host.verify("4821") == "6984"  # blocked: even the right PIN fails
    assert host.query() == "63C0"
    host.select_ef(Jpki.AUTH_KEY)
    assert host.sw("802A00800401020304" + "00") == "6982"


def test_sign_pin_allows_five_tries(host: Host) -> None:
    host.select(Aid.JPKI)
    host.select_ef(Jpki.SIGN_PIN)
    assert host.query() == "63C5"
    assert host.verify("WRONG1") == "63C4"


@pytest.mark.parametrize("value", ["482", "48210", "abcd", "4821\x00", "4" * 255])
def test_a_pin_of_the_wrong_format_counts_as_wrong(host: Host, value: str) -> None:
    host.select(Aid.JPKI)
    host.select_ef(Jpki.AUTH_PIN)
    assert host.verify(value) == "63C2"


def test_verify_with_le_is_a_wrong_length_and_not_counted(host: Host) -> None:
    host.select(Aid.JPKI)
    host.select_ef(Jpki.AUTH_PIN)
    assert host.sw("0020008000") == "6700"
    assert host.sw("002000800434383231" + "00") == "6700"
    assert host.query() == "63C3"


def test_lower_case_sign_pin_is_a_wrong_pin(host: Host) -> None:
    assert host.verify_at(Aid.JPKI, Jpki.SIGN_PIN, "sign2468") == "63C4"


def test_the_three_four_digit_pins_have_separate_counters(host: Host) -> None:
    assert host.verify_at(*AUTH, "0000") == "63C2"
    host.select(Aid.KENHOJO)
    host.select_ef(Kenhojo.PIN)
    assert host.query() == "63C3"
    host.select(Aid.JUKI)
    host.select_ef(Juki.PIN)
    assert host.query() == "63C3"
    assert host.verify("4821") == "9000"


def test_verify_by_sfi_needs_no_select_ef(host: Host) -> None:
    host.select(Aid.JPKI)
    assert host.query(0x98) == "63C3"
    assert host.verify("4821", p2=0x98) == "9000"
    host.select_ef(Jpki.AUTH_KEY)
    data, sw = host.tx("802A00800401020304" + "00")
    assert sw == "9000" and len(data) == 256


def test_verify_addressing_errors(host: Host) -> None:
    assert host.query() == "6986"  # no DF
    host.select(Aid.JPKI)
    assert host.query() == "6986"  # no current EF
    host.select_ef(Jpki.TOKEN)
    assert host.query() == "6986"  # current EF is not a PIN
    assert host.query(0x86) == "6986"  # SFI 6 is the token, not a PIN
    assert host.query(0x9D) == "6A82"
    assert host.query(0x00) == "6A86"
    assert host.sw("00200180") == "6A86"


def test_counters_persist_across_reload(card_path: Path, make_host) -> None:
    host = make_host(VirtualCard.load(card_path))
    host.verify_at(*AUTH, "0000")
    reloaded = make_host(VirtualCard.load(card_path))
    reloaded.select(Aid.JPKI)
    reloaded.select_ef(Jpki.AUTH_PIN)
    assert reloaded.query() == "63C2"
    assert json.loads(card_path.read_text("utf-8"))["pins"]["jpki_auth"]["tries_left"] == 2


def test_a_blocked_card_stays_blocked_after_reload(card_path: Path, make_host) -> None:
    host = make_host(VirtualCard.load(card_path))
    host.verify_at(*AUTH, "0000")
    host.verify("0000")
    host.verify("0000")
    reloaded = make_host(VirtualCard.load(card_path))
    assert reloaded.verify_at(*AUTH, "4821") == "6984"


def test_image_property_follows_the_counters(card: VirtualCard, make_host) -> None:
    host = make_host(card)
    host.verify_at(*AUTH, "0000")
    assert card.image.pins[PinId.JPKI_AUTH].tries_left == 2


@pytest.mark.parametrize("clear", ["select_same_df", "select_other_df", "reset", "power_off", "power_on"])
def test_verified_state_is_cleared(host: Host, card: VirtualCard, clear: str) -> None:
    assert host.verify_at(*AUTH, "4821") == "9000"
    if clear == "select_same_df":
        host.select(Aid.JPKI)
    elif clear == "select_other_df":
        host.select(Aid.KENHOJO)
        host.select(Aid.JPKI)
    elif clear == "reset":
        card.reset()
        host.select(Aid.JPKI)
    elif clear == "power_off":
        card.power_off()
        host.select(Aid.JPKI)  # transmit powers the card again
    else:
        card.power_on()
        host.select(Aid.JPKI)
    host.select_ef(Jpki.AUTH_KEY)
    assert host.sw("802A00800401020304" + "00") == "6982"


def test_failed_select_df_keeps_the_verified_state(host: Host) -> None:
    assert host.verify_at(*AUTH, "4821") == "9000"
    assert host.sw("00A4040C05A000000001") == "6A82"
    host.select_ef(Jpki.AUTH_KEY)
    assert host.sw("802A00800401020304" + "00") == "9000"


def test_change_reference_data(card_path: Path, make_host) -> None:
    host = make_host(VirtualCard.load(card_path))
    host.select(Aid.JPKI)
    host.select_ef(Jpki.AUTH_PIN)
    assert host.sw("0024018004" + b"1357".hex()) == "6982"  # not verified yet
    assert host.verify("4821") == "9000"
    assert host.sw("0024018003" + b"135".hex()) == "6A80"  # wrong format
    assert host.sw("0024008004" + b"1357".hex()) == "6A86"  # P1=00 (old and new) not supported
    assert host.sw("00240180") == "6700"
    assert host.sw("0024018004" + b"1357".hex()) == "9000"
    reloaded = make_host(VirtualCard.load(card_path))
    assert reloaded.verify_at(*AUTH, "4821") == "63C2"
    assert reloaded.verify("1357") == "9000"


def test_change_sign_pin_needs_letters_and_digits(host: Host) -> None:
    assert host.verify_at(Aid.JPKI, Jpki.SIGN_PIN, "SIGN2468") == "9000"
    assert host.sw("0024018006" + b"ABCDEF".hex()) == "6A80"
    assert host.sw("0024018006" + b"abc123".hex()) == "6A80"
    assert host.sw("0024018006" + b"ABC123".hex()) == "9000"


def test_data_derived_pins_cannot_be_changed(host: Host, adult_image: CardImage) -> None:
    assert host.verify_at(Aid.KENKAKU, Kenkaku.PIN_B, adult_image.holder.pin_b) == "9000"
    assert host.sw("002401800E" + b"12345678901234".hex()) == "6985"


def test_pin_b_and_birth_pin_values(host: Host, adult_image: CardImage) -> None:
    holder = adult_image.holder
    expected_b = f"{holder.birth_date:%y%m%d}{holder.card_expiry:%Y}{holder.security_code}"
    assert holder.pin_b == expected_b and len(expected_b) == 14
    assert host.verify_at(Aid.KENHOJO, Kenhojo.PIN_B, expected_b) == "9000"
    assert host.verify_at(Aid.KENKAKU, Kenkaku.BIRTH_PIN, f"{holder.birth_date:%y%m%d}") == "9000"
    assert host.verify_at(Aid.KENHOJO, Kenhojo.PIN_A, holder.my_number) == "9000"
    host.select(Aid.KENKAKU)
    host.select_ef(Kenkaku.PIN_A)
    assert host.query() == "63CA"  # 10 tries


def test_storage_failure_answers_6581_and_does_not_compare(tmp_path: Path, adult_image: CardImage, make_host) -> None:
    path = tmp_path / "gone" / "card.json"
    path.parent.mkdir()
    adult_image.save(path)
    card = VirtualCard.load(path)
    path.unlink()
    path.parent.rmdir()  # the card can no longer write its image
    host = make_host(card)
    assert host.verify_at(*AUTH, "4821") == "6581"
    assert host.query() == "63C3"


def test_a_wrong_pin_after_a_right_one_withdraws_the_verification(host: Host) -> None:
    assert host.verify_at(*AUTH, "4821") == "9000"
    assert host.verify("0000") == "63C2"
    host.select_ef(Jpki.AUTH_KEY)
    assert host.sw("802A00800401020304" + "00") == "6982"
