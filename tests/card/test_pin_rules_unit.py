"""The PIN format checks (``kiosk.card.pin``) and the new-PIN rules (``kiosk.flows.pin_rules``) at their exact edges.

These run in microseconds; the flows reach the same rules only through slow end-to-end runs.
"""

from __future__ import annotations

import copy
import pickle
from datetime import date

import pytest

from kiosk.card.errors import PinFormatError
from kiosk.card.pin import Pin, normalise, pin_b
from kiosk.card.profile import PinFormat
from kiosk.flows.pin_rules import Personal, check_four_digit_pin, check_new_pin, check_sign_pin

NOBODY = Personal()
BORN = Personal(birth_date=date(1990, 1, 2), security_code="5937")

# --- the card's formats -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "good", "bad"),
    [
        (PinFormat.DIGITS4, ["1234", "0000", " 4821 "], ["123", "12345", "12a4", "１２３４", "", "12 4"]),
        (
            PinFormat.SIGN,
            ["ABC123", "abc123", "A" * 15 + "1", "123456"],
            ["ABC12", "A" * 16 + "1", "ABC-123", "ＡBC123"],
        ),
        (PinFormat.BIRTH6, ["900102", "000000"], ["90010", "9001023", "9O0102"]),
        (PinFormat.PIN_B, ["90010220301234"], ["9001022030123", "900102203012345", "9001022030123X"]),
    ],
)
def test_normalise_accepts_exactly_the_card_format(fmt: PinFormat, good: list[str], bad: list[str]) -> None:
    for value in good:
        assert len(normalise(value, fmt)) == len(value.strip())
    for value in bad:
        with pytest.raises(PinFormatError) as refused:
            normalise(value, fmt)
        assert value.strip() == "" or value.strip() not in str(refused.value)


def test_sign_passwords_are_upper_cased_and_others_are_not_changed() -> None:
    assert normalise(" abc123 ", PinFormat.SIGN) == Pin("ABC123")
    assert normalise("4821", PinFormat.DIGITS4) == Pin("4821")


def test_sign_password_length_edges() -> None:
    assert normalise("A1" * 3, PinFormat.SIGN) == Pin("A1A1A1")  # 6
    assert normalise("A1" * 8, PinFormat.SIGN) == Pin("A1" * 8)  # 16
    for value in ("A1A1A", "A1" * 8 + "A"):  # 5, 17
        with pytest.raises(PinFormatError, match="6-16"):
            normalise(value, PinFormat.SIGN)


def test_pin_b_is_birth_date_expiry_year_and_security_code() -> None:
    assert pin_b(date(1990, 1, 2), 2030, "5937") == Pin("90010220305937")
    assert pin_b(date(2001, 12, 31), 2000, "0000") == Pin("01123120000000")
    assert pin_b(date(2001, 12, 31), 2999, "0000") == Pin("01123129990000")


@pytest.mark.parametrize(
    ("year", "code"), [(1999, "5937"), (3000, "5937"), (2030, "593"), (2030, "59371"), (2030, "59a7")]
)
def test_pin_b_refuses_a_bad_year_or_code(year: int, code: str) -> None:
    with pytest.raises(PinFormatError) as refused:
        pin_b(date(1990, 1, 2), year, code)
    assert code not in str(refused.value) and str(year) not in str(refused.value)


# --- the Pin type -------------------------------------------------------------------------------------------------


def test_pin_never_shows_itself_and_cannot_be_hashed_pickled_or_copied_by_pickle() -> None:
    pin = Pin("4821")
    assert repr(pin) == str(pin) == f"{pin}" == "Pin(****)"
    with pytest.raises(TypeError):
        hash(pin)
    with pytest.raises(TypeError):
        pickle.dumps(pin)
    with pytest.raises(TypeError):
        copy.deepcopy(pin)


def test_pin_equality_is_by_value_and_only_with_pins() -> None:
    assert Pin("4821") == Pin(b"4821")
    assert Pin("4821") != Pin("4822") and Pin("4821") != Pin("48210")
    assert Pin("4821") != "4821" and Pin("4821") != b"4821"


def test_wipe_zeroes_the_buffer_and_empties_the_pin() -> None:
    pin = Pin("4821")
    buffer = pin._buf
    pin.wipe()
    assert buffer == bytearray(4) and len(pin) == 0 and pin.reveal() == b""


def test_an_entered_pin_is_normalised_without_becoming_text() -> None:
    entered = Pin(b" abc123 ")
    assert normalise(entered, PinFormat.SIGN) == Pin("ABC123")
    assert entered == Pin(b" abc123 "), "the caller's Pin is left for the caller to wipe"
    assert normalise(Pin(b"4821"), PinFormat.DIGITS4) == Pin("4821")
    for bad in (b"48\xa021", b"\xef\xbc\xa1BC123", b"ABC12"):
        with pytest.raises(PinFormatError):
            normalise(Pin(bad), PinFormat.SIGN)


def test_an_exposed_copy_is_zeroed_when_the_block_ends() -> None:
    pin = Pin("4821")
    with pin.exposed() as copy:
        assert copy == b"4821"
        kept = copy
    assert kept == bytearray(4) and pin.reveal() == b"4821"
    with pytest.raises(KeyError), pin.exposed() as copy:
        raise KeyError("a check failed")
    assert copy == bytearray(4)


def test_a_pin_is_ascii_only() -> None:
    with pytest.raises(UnicodeEncodeError):
        Pin("４８２１")


# --- new signature passwords ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["ABC123", "A1B2C3D4E5F6G7H8", "NEWPIN2468", "SIGN1357", "AAB123", "AB1AB1"])
def test_acceptable_sign_passwords(value: str) -> None:
    assert check_sign_pin(value, BORN) is None


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("ABC12", "pin.weak.too_short"),
        ("", "pin.weak.too_short"),
        ("A1" * 8 + "A", "pin.weak.needs_letter_and_digit"),  # 17: over the card's limit
        ("ABCDEF", "pin.weak.needs_letter_and_digit"),
        ("123456", "pin.weak.needs_letter_and_digit"),
        ("ABC-12", "pin.weak.needs_letter_and_digit"),
        ("abc123", "pin.weak.needs_letter_and_digit"),  # callers upper-case first
        ("AAAAA1", "pin.weak.repeated"),
        ("A1A1A1", "pin.weak.repeated"),
        ("X19900102", "pin.weak.birth_date"),
        ("X900102", "pin.weak.birth_date"),
    ],
)
def test_refused_sign_passwords(value: str, key: str) -> None:
    assert check_sign_pin(value, BORN) == key


def test_a_sign_password_with_the_birth_date_is_fine_for_someone_else() -> None:
    assert check_sign_pin("X19900102", NOBODY) is None
    assert check_sign_pin("X19900103", BORN) is None


# --- new 4-digit PINs -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1357", "2468", "8642", "7531", "1112", "8901", "0987", "7391", "0102"])
def test_acceptable_four_digit_pins(value: str) -> None:
    assert check_four_digit_pin(value, NOBODY) is None


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("123", "pin.weak.too_short"),
        ("12345", "pin.weak.too_short"),
        ("12a4", "pin.weak.too_short"),
        ("0000", "pin.weak.repeated"),
        ("7777", "pin.weak.repeated"),
        ("1234", "pin.weak.sequence"),
        ("6789", "pin.weak.sequence"),
        ("9876", "pin.weak.sequence"),
        ("3210", "pin.weak.sequence"),
    ],
)
def test_refused_four_digit_pins(value: str, key: str) -> None:
    assert check_four_digit_pin(value, NOBODY) == key


@pytest.mark.parametrize("value", ["0102", "0201", "1990", "9001", "0190"])
def test_a_four_digit_pin_may_not_be_a_form_of_the_birth_date(value: str) -> None:
    assert check_four_digit_pin(value, BORN) == "pin.weak.birth_date"
    assert check_four_digit_pin(value, NOBODY) is None


def test_a_four_digit_pin_may_not_be_the_security_code() -> None:
    assert check_four_digit_pin("5937", BORN) == "pin.weak.security_code"
    assert check_four_digit_pin("5937", NOBODY) is None
    assert check_four_digit_pin("5938", BORN) is None


def test_what_a_new_pin_must_not_be_is_never_shown() -> None:
    assert "1990" not in repr(BORN) and "5937" not in repr(BORN) and repr(BORN) == str(BORN) == "Personal()"


def test_rules_read_text_and_bytes_alike() -> None:
    assert (
        check_four_digit_pin(b"1234", NOBODY) == check_four_digit_pin(bytearray(b"1234"), NOBODY) == "pin.weak.sequence"
    )
    assert check_sign_pin(b"X900102", BORN) == "pin.weak.birth_date"
    assert check_four_digit_pin(bytearray(b"5937"), BORN) == "pin.weak.security_code"


def test_check_new_pin_applies_the_rules_of_the_pin_being_changed() -> None:
    assert check_new_pin(Pin("1357"), four_digit=True, personal=BORN) is None
    assert check_new_pin(Pin("1234"), four_digit=True, personal=BORN) == "pin.weak.sequence"
    assert check_new_pin(Pin("1357"), four_digit=False, personal=BORN) == "pin.weak.too_short"
    assert check_new_pin(Pin("SIGN1357"), four_digit=False, personal=BORN) is None
    assert check_new_pin(Pin("SIGN1357"), four_digit=True, personal=BORN) == "pin.weak.too_short"
    pin = Pin("1357")
    check_new_pin(pin, four_digit=True, personal=BORN)
    assert pin == Pin("1357"), "checking does not consume the PIN"
