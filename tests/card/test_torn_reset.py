"""A PIN-reset command whose answer is torn: what the card tells without VERIFY (issue 18, item 6).

A reset puts the PIN's tries back at their maximum, so after an answer that was lost, cut short or garbled the host
asks the card for the tries (VERIFY without data, no try spent): below the maximum, the reset was not applied; back at
the maximum from below, it was; at the maximum before and after, nobody can tell. Real virtual cards, in-process and
through pcscd + vpcd; the torn answers come from the simulator's fault injection (``sw@N``, ``drop@N``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from backend.domain import PinTarget
from backend.management import build_script, derive_card_keys
from drivers.cards.sim import SimReader
from kiosk.card.card import MyNumberCard, ResetAnswer, ResetState, reset_answer, script_pins
from kiosk.card.errors import CardRemoved, WrongPin
from kiosk.card.pin import Pin
from kiosk.card.profile import Pins
from kiosk.card.session import PinStatus
from sim.pki.kiosk import TEST_MANAGEMENT_MASTER

from .conftest import OpenCardFn

NEW_PIN = "TORN2468"


def _script(card: MyNumberCard, *, counter: int = 1) -> list[bytes]:
    serial = card.serial()
    keys = derive_card_keys(TEST_MANAGEMENT_MASTER, serial)
    return [step.apdu for step in build_script(keys, serial, PinTarget.SIGN, NEW_PIN, counter)]


def _prepare(open_card: OpenCardFn, path: Path, *, wrong_tries: int) -> tuple[list[bytes], PinStatus]:
    """The resident's earlier session: ``wrong_tries`` wrong signature PINs; the script and the tries before it."""
    with open_card(path) as oc:
        for _ in range(wrong_tries):
            with pytest.raises(WrongPin):
                oc.card.verify(Pins.SIGN, Pin("WRONG1"))
        return _script(oc.card), oc.card.pin_status(Pins.SIGN)


def _first_fault_index(reader_kind: str) -> int:
    # The script is the first thing sent in its session; through pcscd the driver's extended-length probe comes first.
    return 2 if reader_kind == "pcsc" else 1


def _relay(card: MyNumberCard, script: list[bytes]) -> bytes:
    select_aid, select_ef, protected = script
    assert card.relay(select_aid)[-2:] == b"\x90\x00"
    assert card.relay(select_ef)[-2:] == b"\x90\x00"
    return card.relay(protected)


def test_a_garbled_answer_is_torn_and_the_card_shows_the_reset_applied(
    open_card: OpenCardFn, card_file: Callable[[str], Path], reader_kind: str
) -> None:
    path = card_file("tanaka")
    script, before = _prepare(open_card, path, wrong_tries=1)
    assert before.tries_left == 4
    protected_index = _first_fault_index(reader_kind) + 2
    with open_card(path, faults=f"sw@{protected_index}=6F00") as oc:
        answer = _relay(oc.card, script)
        assert answer[-2:] == b"\x6f\x00" and reset_answer(answer) is ResetAnswer.TORN
        assert oc.card.reset_state(Pins.SIGN, before) is ResetState.APPLIED
        oc.card.verify(Pins.SIGN, Pin(NEW_PIN))  # it was: the new PIN is the card's


def test_an_answer_lost_with_the_card_is_shown_applied_at_the_next_session(
    open_card: OpenCardFn, card_file: Callable[[str], Path], reader_kind: str
) -> None:
    path = card_file("tanaka")
    script, before = _prepare(open_card, path, wrong_tries=2)
    protected_index = _first_fault_index(reader_kind) + 2
    with open_card(path, faults=f"drop@{protected_index}") as oc, pytest.raises(CardRemoved):
        _relay(oc.card, script)  # the card executed the command, then left the reader without answering
    with open_card(path) as oc:
        assert oc.card.reset_state(Pins.SIGN, before) is ResetState.APPLIED
        assert oc.card.pin_status(Pins.SIGN).tries_left == 5
        oc.card.verify(Pins.SIGN, Pin(NEW_PIN))


def test_a_torn_answer_to_a_command_the_card_refused_is_shown_not_applied(
    open_card: OpenCardFn, card_file: Callable[[str], Path], reader_kind: str
) -> None:
    path = card_file("tanaka")
    script, before = _prepare(open_card, path, wrong_tries=1)
    forged = bytearray(script[2])
    forged[-3] ^= 0x01  # one bit of the MAC: the card refuses (69 88), the answer arrives garbled as 6F 00
    protected_index = _first_fault_index(reader_kind) + 2
    with open_card(path, faults=f"sw@{protected_index}=6F00") as oc:
        answer = _relay(oc.card, [script[0], script[1], bytes(forged)])
        assert reset_answer(answer) is ResetAnswer.TORN
        assert oc.card.reset_state(Pins.SIGN, before) is ResetState.NOT_APPLIED
        assert oc.card.pin_status(Pins.SIGN).tries_left == 4


def test_at_the_maximum_before_and_after_nobody_can_tell(
    open_card: OpenCardFn, card_file: Callable[[str], Path], reader_kind: str
) -> None:
    path = card_file("tanaka")
    script, before = _prepare(open_card, path, wrong_tries=0)
    assert before.tries_left == 5
    protected_index = _first_fault_index(reader_kind) + 2
    with open_card(path, faults=f"sw@{protected_index}=6F00") as oc:
        assert reset_answer(_relay(oc.card, script)) is ResetAnswer.TORN
        assert oc.card.reset_state(Pins.SIGN, before) is ResetState.UNKNOWN
        assert oc.card.reset_state(Pins.SIGN, None) is ResetState.UNKNOWN


def test_a_pin_without_a_stated_maximum_is_never_judged(card_file: Callable[[str], Path]) -> None:
    assert Pins.VISUAL_PIN_B.max_tries is None  # PIN-B's maximum is not in the public record: never assumed
    with MyNumberCard(SimReader.from_file(card_file("tanaka")).connect()) as card:
        before = card.pin_status(Pins.VISUAL_PIN_B)
        assert card.reset_state(Pins.VISUAL_PIN_B, before) is ResetState.UNKNOWN


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        (None, ResetAnswer.TORN),
        (b"\x90", ResetAnswer.TORN),
        (b"\x99\x02\x90\x00" + bytes(10) + b"\x90\x00", ResetAnswer.SUCCESS),
        (b"\x69\x88", ResetAnswer.REFUSED),
        (b"\x69\x85", ResetAnswer.REFUSED),
        (b"\x6a\x80", ResetAnswer.REFUSED),
        (b"\x6f\x00", ResetAnswer.TORN),  # no precise diagnosis: it may have been applied
        (b"\x65\x81", ResetAnswer.TORN),  # memory failure: something may have been written
        (b"\x12\x34\x69\x88", ResetAnswer.TORN),  # a refusal carries no data: this is garbled
    ],
)
def test_only_a_success_or_a_documented_refusal_is_the_cards_word(answer: bytes | None, verdict: ResetAnswer) -> None:
    assert reset_answer(answer) is verdict


def test_each_protected_command_of_a_script_names_the_pin_its_selects_made_current(
    card_file: Callable[[str], Path],
) -> None:
    with MyNumberCard(SimReader.from_file(card_file("tanaka")).connect()) as card:
        serial = card.serial()
    keys = derive_card_keys(TEST_MANAGEMENT_MASTER, serial)
    four = [step.apdu for step in build_script(keys, serial, PinTarget.FOUR_DIGIT, "2468", 1)]
    assert script_pins(four) == {2: Pins.AUTH, 5: Pins.TEXT, 8: Pins.JUKI}
    sign = [step.apdu for step in build_script(keys, serial, PinTarget.SIGN, NEW_PIN, 1)]
    assert script_pins(sign) == {2: Pins.SIGN}
    assert script_pins([bytes.fromhex("00A4020C020003"), sign[2]]) == {}, "no profile PIN is current: no entry"
