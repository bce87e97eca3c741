"""Commands the card does not implement are refused with a status word, never 90 00; no input raises."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.card import VirtualCard
from sim.image import CardImage
from sim.profile import Aid
from tests.sim.sim_helpers import Host

# Commands PC/SC middleware and other vendors' tools send to probe a card.
PROBES = {
    "GET RESPONSE": ("00C0000000", "6D00"),
    "GET DATA": ("00CA9F7F00", "6D00"),
    "GlobalPlatform GET DATA": ("80CA9F7F00", "6D00"),
    "GET CHALLENGE": ("0084000008", "6D00"),
    "MANAGE SECURITY ENVIRONMENT": ("002241B6038001A2", "6D00"),
    "PSO": ("002A9E9A0401020304", "6D00"),
    "RESET RETRY COUNTER": ("002C0080", "6D00"),
    "GENERATE ASYMMETRIC KEY PAIR": ("0047800000", "6D00"),
    "GlobalPlatform INITIALIZE UPDATE": ("8050000008000000000000000000", "6D00"),
    "EXTERNAL AUTHENTICATE": ("0082000000", "6D00"),
    "SELECT MF by path": ("00A40000023F00", "6A86"),
    "SELECT PIV": ("00A4040009A0000003080000100000", "6A82"),
    "SELECT OpenPGP": ("00A4040006D27600012401", "6A82"),
    "SELECT empty name": ("00A404000000", "6700"),
    "READ BINARY odd INS": ("00B1000000", "6D00"),
    "PIV GET DATA with odd CLA": ("10CB3FFF00", "6884"),
    "logical channel": ("01A4040C0AD392F000260100000001", "6881"),
    "secure messaging": ("0CA4040C0AD392F000260100000001", "6882"),
    "further interindustry SM": ("60A4040C0AD392F000260100000001", "6882"),
    "further interindustry channel": ("40A4040C0AD392F000260100000001", "6881"),
    "proprietary class": ("90A4040C0AD392F000260100000001", "6E00"),
    "class FF": ("FFCA000000", "6E00"),
    "RFU class": ("20A4040C0AD392F000260100000001", "6E00"),
    "CLA 80 other INS": ("80B0000000", "6D00"),
    "too short": ("00A404", "6700"),
    "empty": ("", "6700"),
    "Lc longer than data": ("00A4040C0AD392F0", "6700"),
    "Lc shorter than data": ("00A4020C0200060000", "6700"),
}


@pytest.mark.parametrize(("apdu", "expected"), list(PROBES.values()), ids=list(PROBES))
def test_probe_is_refused(host: Host, apdu: str, expected: str) -> None:
    host.select(Aid.JPKI)
    data, sw = host.tx(apdu)
    assert (data, sw) == (b"", expected)


def test_no_unimplemented_instruction_answers_9000(host: Host) -> None:
    implemented = {0xA4, 0xB0, 0xB2, 0x20, 0x24, 0x88}
    host.select(Aid.KENHOJO)
    for cla in (0x00, 0x80):
        for ins in range(256):
            if (cla == 0x00 and ins in implemented) or (cla == 0x80 and ins == 0x2A):
                continue
            assert host.sw(bytes((cla, ins, 0, 0, 0))) == "6D00", f"{cla:02X} {ins:02X}"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(apdu=st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(adult_image: CardImage, apdu: bytes) -> None:
    card = VirtualCard.from_image(adult_image)
    card.power_on()
    response = card.transmit(apdu)
    assert len(response) >= 2


PREFIXES = st.sampled_from(
    [b"\x00\xa4\x04\x0c", b"\x00\xa4\x02\x0c", b"\x00\xb0", b"\x00\xb2", b"\x00\x20\x00", b"\x00\x24\x01", b"\x80\x2a"]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(script=st.lists(st.tuples(PREFIXES, st.binary(max_size=40)), max_size=12))
def test_arbitrary_command_sequences_never_raise(adult_image: CardImage, script: list[tuple[bytes, bytes]]) -> None:
    card = VirtualCard.from_image(adult_image)  # no path: counters change in memory only
    card.power_on()
    card.transmit(b"\x00\xa4\x04\x0c\x0a" + Aid.JPKI.value)
    for prefix, rest in script:
        response = card.transmit(prefix + rest)
        assert len(response) >= 2
