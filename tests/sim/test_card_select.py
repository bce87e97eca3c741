"""SELECT behaviour of the virtual card (docs/card-profile.md "Addressing and reads", reference §8.2-3)."""

from __future__ import annotations

import pytest

from sim.card import VirtualCard
from sim.profile import ATR, Aid, Jpki, Juki, Kenhojo, Kenkaku
from tests.sim.sim_helpers import Host

ALL_FIDS = {
    Aid.JPKI: [0x0001, 0x0002, 0x0006, 0x000A, 0x000B, 0x0017, 0x0018, 0x001A, 0x001B, *Jpki.UNKNOWN],
    Aid.KENKAKU: [0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0011, 0x0012, 0x0013, *Kenkaku.UNKNOWN],
    Aid.KENHOJO: [0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0011, 0x0014, 0x0015, *Kenhojo.UNKNOWN],
    Aid.JUKI: [Juki.RECORDS, Juki.PIN],
}


def test_atr_is_the_contact_atr_of_the_my_number_card(card: VirtualCard) -> None:
    assert card.power_on() == bytes.fromhex("3BE000FF8131FE4514") == ATR == card.atr
    assert card.reset() == ATR


@pytest.mark.parametrize("aid", list(Aid))
def test_select_each_application_answers_9000_without_data(host: Host, aid: Aid) -> None:
    assert host.tx(b"\x00\xa4\x04\x0c\x0a" + aid.value) == (b"", "9000")


def test_select_with_fci_requested_returns_the_df_name(host: Host) -> None:
    data, sw = host.tx(b"\x00\xa4\x04\x00\x0a" + Aid.JPKI.value + b"\x00")
    assert sw == "9000"
    assert data == bytes.fromhex("6F0C840A") + Aid.JPKI.value


def test_unknown_aid_is_6a82_and_keeps_the_previous_selection(host: Host) -> None:
    assert host.select(Aid.JPKI) == "9000"
    assert host.sw("00A4040C07A0000003971001") != "9000"  # a length mismatch is 67 00
    assert host.sw("00A4040C06A00000039710") == "6A82"  # no such application
    assert host.sw("00A4040C09D392F0002601000000") == "6A82"  # a prefix of the JPKI AID is not a match
    assert host.select_ef(Jpki.TOKEN) == "9000"  # still in the JPKI AP


@pytest.mark.parametrize("p1", [0x00, 0x01, 0x03, 0x08, 0x09])
def test_other_select_modes_are_wrong_p1p2(host: Host, p1: int) -> None:
    assert host.sw(bytes((0x00, 0xA4, p1, 0x0C, 0x02, 0x3F, 0x00))) == "6A86"


@pytest.mark.parametrize(("aid", "fid"), [(aid, fid) for aid, fids in ALL_FIDS.items() for fid in fids])
def test_every_listed_ef_can_be_selected(host: Host, aid: Aid, fid: int) -> None:
    assert host.select(aid) == "9000"
    assert host.select_ef(fid) == "9000"


def test_unknown_fid_is_6a82(host: Host) -> None:
    host.select(Aid.JPKI)
    assert host.select_ef(0x0003) == "6A82"
    assert host.select_ef(0x3F00) == "6A82"


def test_select_ef_without_a_df_is_6986(host: Host) -> None:
    assert host.select_ef(Jpki.TOKEN) == "6986"


def test_select_ef_needs_two_bytes_of_fid(host: Host) -> None:
    host.select(Aid.JPKI)
    assert host.sw("00A4020C0106") == "6700"


@pytest.mark.parametrize(("aid", "fids"), list(ALL_FIDS.items()))
def test_undocumented_efs_read_as_6982(host: Host, aid: Aid, fids: list[int]) -> None:
    unknown = {Aid.JPKI: Jpki.UNKNOWN, Aid.KENKAKU: Kenkaku.UNKNOWN, Aid.KENHOJO: Kenhojo.UNKNOWN}.get(aid, ())
    host.select(aid)
    for fid in unknown:
        assert host.select_ef(fid) == "9000"
        assert host.read(0, 256) == (b"", "6982")


def test_childs_card_has_no_signature_certificate_key_or_pin(make_host, child_card: VirtualCard) -> None:
    host = make_host(child_card)
    host.select(Aid.JPKI)
    for fid in (Jpki.SIGN_CERT, Jpki.SIGN_KEY, Jpki.SIGN_PIN):
        assert host.select_ef(fid) == "6A82"
    assert host.select_ef(Jpki.SIGN_CA_CERT) == "9000"
    assert host.sw("00B09B0000") == "6A82"  # sign PIN by SFI
    assert host.sw("0020009B") == "6A82"
