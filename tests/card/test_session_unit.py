"""CardSession against a scripted card: every status word the PIN rules depend on, answered on cue.

The virtual card only gives the answers a correct card gives; a real card (or a faulty reader) can answer a VERIFY
with ``6A 88`` or a tries query with ``90 00``. A scripted connection (the transport port, not our code) plays those
answers under the real ``ApduChannel`` and ``CardSession``, so each rule is checked at its exact edge in
milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kiosk.card.apdu import SW, Ins
from kiosk.card.channel import ApduChannel
from kiosk.card.errors import (
    FileNotFound,
    LastTryNotConfirmed,
    MalformedResponse,
    PinBlocked,
    SecurityStatusNotSatisfied,
    StatusError,
    TriesChanged,
    WrongPin,
)
from kiosk.card.pin import Pin
from kiosk.card.profile import MAX_FILE_SIZE, Aid, Pins, ReadStrategy
from kiosk.card.session import CardSession, PinStatus, ShownTries

OK = b"\x90\x00"
PIN = Pin("4821")


def sw(word: int) -> bytes:
    return word.to_bytes(2, "big")


@dataclass
class ScriptedConnection:
    """A card that answers each APDU with the next scripted answer; it fails the test on an unexpected APDU."""

    script: list[tuple[bytes, bytes]]  # (the APDU's expected first bytes, the answer)
    extended: bool = True
    sent: list[bytes] = field(default_factory=list)

    @property
    def supports_extended(self) -> bool:
        return self.extended

    def transmit(self, apdu: bytes) -> bytes:
        self.sent.append(apdu)
        assert self.script, f"unexpected APDU {apdu.hex()}"
        expected, answer = self.script.pop(0)
        assert apdu.startswith(expected), f"sent {apdu.hex()}, the script expected {expected.hex()}…"
        return answer

    def close(self, *, reset: bool = True) -> None:
        pass

    def verifies_sent(self) -> list[bytes]:
        """VERIFY commands that carried a PIN (a VERIFY without data only asks for the tries)."""
        return [a for a in self.sent if a[1] == Ins.VERIFY and len(a) > 4]


SELECT_JPKI = bytes.fromhex("00A4040C0A") + Aid.JPKI.value
SELECT_AUTH_PIN = bytes.fromhex("00A4020C020018")
TRIES = bytes.fromhex("00200080")
VERIFY = bytes.fromhex("0020008004")


def session(*script: tuple[bytes, bytes], extended: bool = True, strategy: ReadStrategy | None = None) -> tuple[
    CardSession, ScriptedConnection
]:  # fmt: skip
    connection = ScriptedConnection(list(script), extended=extended)
    channel = ApduChannel(connection)
    return (CardSession(channel, strategy) if strategy else CardSession(channel)), connection


def tries_query(answer: bytes, *, selected: bool = False) -> list[tuple[bytes, bytes]]:
    steps = [] if selected else [(SELECT_JPKI, OK)]
    return [*steps, (SELECT_AUTH_PIN, OK), (TRIES, answer)]


# --- the tries query (VERIFY without data) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (sw(0x63C3), PinStatus(3, verified=False, blocked=False)),
        (sw(0x63C1), PinStatus(1, verified=False, blocked=False)),
        (sw(0x63C0), PinStatus(0, verified=False, blocked=True)),
        (OK, PinStatus(None, verified=True, blocked=False)),
        (sw(SW.AUTH_METHOD_BLOCKED), PinStatus(0, verified=False, blocked=True)),
        (sw(SW.REFERENCE_DATA_INVALIDATED), PinStatus(0, verified=False, blocked=True)),
    ],
)
def test_tries_query_maps_each_status_word(answer: bytes, expected: PinStatus) -> None:
    s, connection = session(*tries_query(answer))
    assert s.pin_status(Pins.AUTH) == expected
    assert connection.sent[-1] == TRIES, "the query carries no data: it costs no try"


def test_tries_query_reports_the_host_s_verified_mark_with_a_counter() -> None:
    s, _ = session(*tries_query(sw(0x63C3), selected=True))
    s.current = Aid.JPKI
    s.verified.add(Pins.AUTH)
    assert s.pin_status(Pins.AUTH) == PinStatus(3, verified=True, blocked=False)


@pytest.mark.parametrize(
    ("answer", "error"), [(SW.REFERENCED_DATA_NOT_FOUND, FileNotFound), (SW.SECURITY_STATUS_NOT_SATISFIED, StatusError)]
)
def test_tries_query_with_any_other_answer_raises(answer: int, error: type[Exception]) -> None:
    s, _ = session(*tries_query(sw(answer)))
    with pytest.raises(error):
        s.pin_status(Pins.AUTH)


@pytest.mark.parametrize(("tries", "last"), [(None, False), (0, False), (1, True), (2, False), (3, False)])
def test_last_try_is_exactly_one_try_left(tries: int | None, last: bool) -> None:
    assert PinStatus(tries, verified=False, blocked=tries == 0).last_try is last


# --- VERIFY ---------------------------------------------------------------------------------------------------------


def test_verify_reads_the_tries_immediately_before_sending_the_pin_once() -> None:
    s, connection = session(*tries_query(sw(0x63C3)), (VERIFY, OK))
    assert s.verify(Pins.AUTH, PIN) == PinStatus(None, verified=True, blocked=False)
    assert connection.sent[-2] == TRIES and connection.verifies_sent() == [VERIFY + b"4821"]
    assert Pins.AUTH in s.verified


@pytest.mark.parametrize("answer", [sw(0x63C0), sw(SW.AUTH_METHOD_BLOCKED), sw(SW.REFERENCE_DATA_INVALIDATED)])
def test_a_blocked_pin_is_never_presented(answer: bytes) -> None:
    s, connection = session(*tries_query(answer))
    with pytest.raises(PinBlocked):
        s.verify(Pins.AUTH, PIN)
    assert connection.verifies_sent() == []


def test_an_already_verified_pin_is_not_presented_again() -> None:
    s, connection = session(*tries_query(OK))
    assert s.verify(Pins.AUTH, PIN) == PinStatus(None, verified=True, blocked=False)
    assert connection.verifies_sent() == [] and Pins.AUTH in s.verified


@pytest.mark.parametrize("left", [2, 1, 0])
def test_a_wrong_pin_reports_the_tries_left_and_is_not_repeated(left: int) -> None:
    s, connection = session(*tries_query(sw(0x63C0 | (left + 1))), (VERIFY, sw(0x63C0 | left)))
    with pytest.raises(WrongPin) as wrong:
        s.verify(Pins.AUTH, PIN)
    assert wrong.value.tries_left == left
    assert len(connection.verifies_sent()) == 1 and Pins.AUTH not in s.verified
    assert connection.script == []


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (SW.REFERENCED_DATA_NOT_FOUND, FileNotFound),
        (SW.SECURITY_STATUS_NOT_SATISFIED, SecurityStatusNotSatisfied),
        (SW.WRONG_DATA, StatusError),
        (SW.UNKNOWN, StatusError),
        (SW.AUTH_METHOD_BLOCKED, PinBlocked),
    ],
)
def test_verify_answered_with_anything_but_success_raises_and_marks_nothing(
    answer: int, error: type[Exception]
) -> None:
    s, connection = session(*tries_query(sw(0x63C3)), (VERIFY, sw(answer)))
    with pytest.raises(error):
        s.verify(Pins.AUTH, PIN)
    assert Pins.AUTH not in s.verified and len(connection.verifies_sent()) == 1


def _verified_session(*script: tuple[bytes, bytes]) -> tuple[CardSession, ScriptedConnection]:
    s, connection = session(*tries_query(sw(0x63C3), selected=True), *script)
    s.current = Aid.JPKI
    s.verified.add(Pins.AUTH)  # the host believes the PIN verified; the card's counter says otherwise
    return s, connection


def test_a_failed_verify_clears_a_stale_verified_mark() -> None:
    s, _ = _verified_session((VERIFY, sw(SW.REFERENCED_DATA_NOT_FOUND)))
    with pytest.raises(FileNotFound):
        s.verify(Pins.AUTH, PIN)
    assert Pins.AUTH not in s.verified


def test_a_wrong_pin_that_blocks_clears_a_stale_verified_mark() -> None:
    s, _ = _verified_session((VERIFY, sw(0x63C0)))
    with pytest.raises(WrongPin):
        s.verify(Pins.AUTH, PIN)
    assert Pins.AUTH not in s.verified


def test_a_wrong_pin_with_tries_left_clears_a_stale_verified_mark() -> None:
    s, _ = _verified_session((VERIFY, sw(0x63C2)))
    with pytest.raises(WrongPin):
        s.verify(Pins.AUTH, PIN)
    assert Pins.AUTH not in s.verified


# --- selection ----------------------------------------------------------------------------------------------------


def test_selecting_the_current_application_sends_nothing_and_keeps_verified_pins() -> None:
    s, connection = session((SELECT_JPKI, OK))
    s.select(Aid.JPKI)
    s.verified.add(Pins.AUTH)
    s.select(Aid.JPKI)
    assert len(connection.sent) == 1 and Pins.AUTH in s.verified


def test_selecting_another_application_forgets_verified_pins() -> None:
    s, _ = session((SELECT_JPKI, OK), (bytes.fromhex("00A4040C0A") + Aid.KENHOJO.value, OK))
    s.select(Aid.JPKI)
    s.verified.add(Pins.AUTH)
    s.select(Aid.KENHOJO)
    assert s.verified == set() and s.current is Aid.KENHOJO


def test_a_failed_select_changes_nothing() -> None:
    s, _ = session((SELECT_JPKI, OK), (bytes.fromhex("00A4040C0A") + Aid.KENHOJO.value, sw(SW.FILE_NOT_FOUND)))
    s.select(Aid.JPKI)
    s.verified.add(Pins.AUTH)
    assert s.probe(Aid.KENHOJO) is False
    assert s.current is Aid.JPKI and Pins.AUTH in s.verified


def test_probe_is_true_for_a_present_application() -> None:
    s, _ = session((SELECT_JPKI, OK))
    assert s.probe(Aid.JPKI) is True


# --- reading ------------------------------------------------------------------------------------------------------


def _ber(total: int) -> bytes:
    """The first bytes of a file whose BER header announces ``total`` bytes in all (header included)."""
    length = total - 4
    return b"\x30\x82" + length.to_bytes(2, "big")


def reads(chunks: Iterable[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    return [(SELECT_JPKI, OK), *chunks]


def test_read_ef_uses_the_sfi_and_continues_at_offsets() -> None:
    body = _ber(300) + bytes(296)
    s, connection = session(
        *reads([(bytes.fromhex("00B08100"), body[:256] + OK), (bytes.fromhex("00B00100"), body[256:] + OK)]),
        extended=False,
    )
    assert s.read_ef(Aid.JPKI, 0x01) == body
    assert connection.sent[2] == bytes.fromhex("00B001002C"), "the second read asks for exactly what is left"


def test_read_ef_selects_the_file_when_its_id_is_no_sfi() -> None:
    s, _ = session(*reads([(bytes.fromhex("00A4020C020020"), OK), (bytes.fromhex("00B00000"), b"\x04\x01\xaa" + OK)]))
    assert s.read_ef(Aid.JPKI, 0x20) == b"\x04\x01\xaa"


def test_read_ef_selects_the_file_when_the_strategy_says_so() -> None:
    s, _ = session(
        *reads([(bytes.fromhex("00A4020C020001"), OK), (bytes.fromhex("00B00000"), b"\x04\x01\xaa" + OK)]),
        strategy=ReadStrategy(use_sfi=False),
    )
    assert s.read_ef(Aid.JPKI, 0x01) == b"\x04\x01\xaa"


def test_read_ef_with_a_size_reads_exactly_that() -> None:
    s, connection = session(*reads([(bytes.fromhex("00B0810020"), bytes(32) + OK)]))
    assert s.read_ef(Aid.JPKI, 0x01, size=32) == bytes(32)
    assert connection.sent[-1] == bytes.fromhex("00B0810020")


def test_read_ef_trims_what_the_card_sends_beyond_the_announced_size() -> None:
    s, _ = session(*reads([(bytes.fromhex("00B08100"), b"\x04\x01\xaa\xff\xff" + OK)]))
    assert s.read_ef(Aid.JPKI, 0x01) == b"\x04\x01\xaa"


def test_read_ef_refuses_a_file_larger_than_the_cap() -> None:
    s, _ = session(*reads([(bytes.fromhex("00B08100"), _ber(MAX_FILE_SIZE + 1) + OK)]))
    with pytest.raises(MalformedResponse, match="over the limit"):
        s.read_ef(Aid.JPKI, 0x01)


def test_read_ef_accepts_a_file_at_the_cap() -> None:
    s, _ = session(*reads([(bytes.fromhex("00B08100"), _ber(MAX_FILE_SIZE) + bytes(MAX_FILE_SIZE - 4) + OK)]))
    assert len(s.read_ef(Aid.JPKI, 0x01)) == MAX_FILE_SIZE


def test_read_ef_refuses_a_file_that_ends_early() -> None:
    short = _ber(300)[:4] + bytes(10)
    s, _ = session(*reads([(bytes.fromhex("00B08100"), short + OK), (bytes.fromhex("00B0000E"), OK)]))
    with pytest.raises(MalformedResponse, match="ended after 14 of 300"):
        s.read_ef(Aid.JPKI, 0x01)


def test_read_ef_refuses_a_file_without_a_ber_header() -> None:
    s, _ = session(*reads([(bytes.fromhex("00B08100"), b"\x30\x80" + OK)]))
    with pytest.raises(MalformedResponse, match="valid BER header"):
        s.read_ef(Aid.JPKI, 0x01)


def test_read_ef_passes_a_status_error_through() -> None:
    s, _ = session(*reads([(bytes.fromhex("00B08100"), sw(SW.SECURITY_STATUS_NOT_SATISFIED))]))
    with pytest.raises(SecurityStatusNotSatisfied):
        s.read_ef(Aid.JPKI, 0x01)


def test_read_record_addresses_the_sfi_and_record() -> None:
    s, connection = session((SELECT_JPKI, OK), (bytes.fromhex("00B2010C"), b"\x30\x00" + OK))
    assert s.read_record(Aid.JPKI, 1, 1) == b"\x30\x00"
    assert connection.sent[-1] == bytes.fromhex("00B2010C00")


def test_read_ef_uses_the_sfi_up_to_the_last_sfi() -> None:
    s, connection = session(*reads([(bytes.fromhex("00B09F00"), b"\x04\x01\xaa" + OK)]))
    assert s.read_ef(Aid.JPKI, 0x1F) == b"\x04\x01\xaa"
    assert connection.sent[-1].startswith(bytes.fromhex("00B09F00")), "EF 001F is read by its SFI"


def test_read_ef_reaches_the_last_15_bit_offset() -> None:
    first = _ber(MAX_FILE_SIZE) + bytes(0x7FFF - 4)  # the card answers one byte short of the file
    s, connection = session(
        *reads([(bytes.fromhex("00B08100"), first + OK), (bytes.fromhex("00B07FFF01"), b"\x01" + OK)])
    )
    assert len(s.read_ef(Aid.JPKI, 0x01)) == MAX_FILE_SIZE
    assert connection.sent[-1] == bytes.fromhex("00B07FFF01")


def test_a_tries_status_word_to_a_read_is_not_a_wrong_pin() -> None:
    s, _ = session(*reads([(bytes.fromhex("00B08100"), sw(0x63C2))]))
    with pytest.raises(StatusError) as error:
        s.read_ef(Aid.JPKI, 0x01)
    assert not isinstance(error.value, WrongPin)


def test_only_the_session_builds_a_verify_command() -> None:
    root = Path(__file__).resolve().parents[2]
    sources = [p for d in ("kiosk", "drivers", "ui", "mynakiosk") for p in (root / d).rglob("*.py")]
    builders = [p.relative_to(root).as_posix() for p in sources if re.search(r"Ins\.VERIFY\b", p.read_text("utf-8"))]
    assert builders == ["kiosk/card/session.py"], "VERIFY is sent by CardSession only, where the PIN rules are"


# --- the tries the person was shown (ShownTries) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("shown", "fresh", "confirmed", "refused"),
    [
        (3, 3, False, None),
        (3, 2, False, TriesChanged),  # dropped since it was shown
        (2, 3, False, None),  # higher than shown: nothing was spent behind the person's back
        (2, 2, False, None),  # two left needs no confirmation
        (1, 1, False, LastTryNotConfirmed),
        (1, 1, True, None),
    ],
)
def test_shown_tries_allow_a_verify_only_as_the_rules_say(
    shown: int, fresh: int, confirmed: bool, refused: type[Exception] | None
) -> None:
    rule = ShownTries(shown, last_try_confirmed=confirmed)
    if refused is None:
        rule.allows(fresh)
    else:
        with pytest.raises(refused):
            rule.allows(fresh)
