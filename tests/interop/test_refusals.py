"""PC/SC middleware probes every new card with other vendors' commands: ours must refuse them, never 90 00.

The expected status words are those of ``docs/card-profile.md`` ("Commands the card refuses"). The fixed table
goes through the real pcscd + vpcd (what middleware really sees); the property test covers every other
unimplemented command on the in-process card, where thousands of examples are cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.cards.pcsc import PcscConnection, PcscReader
from sim.card import VirtualCard
from sim.personalise import new_card
from sim.personas import get_persona
from tests import pcsc_harness

IMPLEMENTED_INS = {0xA4, 0xB0, 0xB2, 0x20, 0x24, 0x88}
JPKI_SIGN_INS = 0x2A  # only with CLA 80

PROBES: list[tuple[str, str, str]] = [
    ("GET DATA (PIV, OpenPGP, CardOS)", "00CA7F6800", "6D00"),
    ("GET DATA, odd INS", "00CB3FFF035C017E08", "6D00"),
    ("GET CHALLENGE", "0084000008", "6D00"),
    ("MANAGE SECURITY ENVIRONMENT", "002241B603830101", "6D00"),
    ("PERFORM SECURITY OPERATION", "002A9E9A00", "6D00"),
    ("GET RESPONSE with nothing pending", "00C0000000", "6D00"),
    ("PC/SC get-UID pseudo APDU", "FFCA000000", "6E00"),
    ("proprietary CLA", "A0A4040C0AD392F000260100000001", "6E00"),
    ("CLA 80 other than JPKI sign", "80CA000000", "6D00"),
    ("logical channel 1", "01A4040C0AD392F000260100000001", "6881"),
    ("secure messaging", "0CA4040C0AD392F000260100000001", "6882"),
    ("command chaining", "10A4040C0AD392F000260100000001", "6884"),
    ("SELECT PIV", "00A4040009A00000030800001000", "6A82"),
    ("SELECT OpenPGP", "00A4040006D27600012401", "6A82"),
    ("SELECT MF by FID", "00A40000023F00", "6A86"),
    ("SELECT by path", "00A4080C02000A", "6A86"),
]


@pytest.fixture(scope="module")
def card_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("refusals") / "card.json"
    new_card(get_persona("sato"), seed=5).save(path)
    return path


@pytest.fixture(scope="module")
def pcsc_connection(card_path: Path) -> Iterator[PcscConnection]:
    if reason := pcsc_harness.unavailable_reason():
        pytest.fail(f"the PC/SC refusal tests cannot run here: {reason}")
    with pcsc_harness.pcsc_card_session(card_path) as session:
        connection = PcscReader(session.reader_name).connect()
        yield connection
        connection.close()


@pytest.mark.pcsc
@pytest.mark.parametrize(("what", "apdu", "expected"), PROBES, ids=[p[0] for p in PROBES])
def test_middleware_probe_is_refused_through_pcscd(
    pcsc_connection: PcscConnection, what: str, apdu: str, expected: str
) -> None:
    assert pcsc_connection.transmit(bytes.fromhex(apdu)).hex().upper() == expected


@pytest.fixture(scope="module")
def fresh_card(card_path: Path) -> Callable[[], VirtualCard]:
    """The same card, freshly powered on for every example (no example can leave state for the next)."""
    card = VirtualCard.load(card_path)

    def make() -> VirtualCard:
        card.power_on()
        return card

    return make


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cla=st.sampled_from([0x00, 0x80]),
    ins=st.integers(0, 255),
    p1p2=st.binary(min_size=2, max_size=2),
    body=st.binary(max_size=40),
)
def test_no_unimplemented_command_answers_9000(
    fresh_card: Callable[[], VirtualCard], cla: int, ins: int, p1p2: bytes, body: bytes
) -> None:
    implemented = ins == JPKI_SIGN_INS if cla == 0x80 else ins in IMPLEMENTED_INS
    if implemented:
        return
    answer = fresh_card().transmit(bytes([cla, ins]) + p1p2 + body)
    assert len(answer) == 2
    assert answer != b"\x90\x00"
