"""READ BINARY / READ RECORD: offsets, SFI, short and extended Le, edges and access rules."""

from __future__ import annotations

import pytest

from sim.card import VirtualCard
from sim.image import CardImage
from sim.profile import Aid, Jpki, Kenhojo, Kenkaku
from tests.sim.sim_helpers import Host


def test_sfi_read_with_extended_le_returns_the_whole_file(host: Host, adult_image: CardImage) -> None:
    cert = adult_image.file("jpki", Jpki.AUTH_CERT)
    host.select(Aid.JPKI)
    assert host.read_sfi(Jpki.AUTH_CERT) == (cert, "9000")


def test_sfi_read_makes_the_ef_current_for_offset_reads(host: Host, adult_image: CardImage) -> None:
    cert = adult_image.file("jpki", Jpki.AUTH_CERT)
    assert cert is not None
    host.select(Aid.JPKI)
    first, sw = host.read_sfi(Jpki.AUTH_CERT, le=256)
    assert (first, sw) == (cert[:256], "9000")
    assert host.read(256, 65536) == (cert[256:], "9000")


def test_short_chunked_read_equals_the_file(host: Host, adult_image: CardImage) -> None:
    assert host.read_file(Aid.JPKI, Jpki.AUTH_CA_CERT) == adult_image.file("jpki", Jpki.AUTH_CA_CERT)


def test_short_le_00_means_256(host: Host, adult_image: CardImage) -> None:
    host.select(Aid.JPKI)
    host.select_ef(Jpki.AUTH_CERT)
    data, sw = host.tx("00B0000000")
    assert sw == "9000" and len(data) == 256


def test_sfi_offset_is_p2(host: Host, adult_image: CardImage) -> None:
    token = adult_image.file("jpki", Jpki.TOKEN)
    assert token is not None
    host.select(Aid.JPKI)
    assert host.read_sfi(Jpki.TOKEN, offset=4, le=4) == (token[4:8], "9000")


def test_read_edges(host: Host, adult_image: CardImage) -> None:
    token = adult_image.file("jpki", Jpki.TOKEN)
    assert token == b"JPKIAPICCTOKEN2".ljust(32, b" ")
    host.select(Aid.JPKI)
    host.select_ef(Jpki.TOKEN)
    assert host.read(0, 20) == (token[:20], "9000")
    assert host.read(30, 256) == (token[30:], "9000")  # Le past the end: what exists, 90 00
    assert host.read(32, 1) == (b"", "9000")  # offset == size
    assert host.read(33, 1) == (b"", "6B00")  # offset > size
    assert host.read(0x7FFF, 1) == (b"", "6B00")


def test_fifteen_bit_offsets_reach_far_into_the_front_file(host: Host, adult_image: CardImage) -> None:
    front = adult_image.file("kenkaku", Kenkaku.FRONT)
    assert front is not None and len(front) > 4000
    assert host.verify_at(Aid.KENKAKU, Kenkaku.PIN_B, adult_image.holder.pin_b) == "9000"
    host.select_ef(Kenkaku.FRONT)
    assert host.read(4000, 16) == (front[4000:4016], "9000")
    assert host.read_all_short() == front


def test_short_only_card_refuses_extended_apdus(make_host, short_card: VirtualCard, adult_image: CardImage) -> None:
    host = make_host(short_card)
    assert short_card.extended_length is False
    host.select(Aid.JPKI)
    assert host.read_sfi(Jpki.AUTH_CERT, le=65536) == (b"", "6700")
    assert host.sw("00A40204000002000A") == "6700"  # extended Lc
    assert host.read_file(Aid.JPKI, Jpki.AUTH_CERT) == adult_image.file("jpki", Jpki.AUTH_CERT)


def test_read_without_a_current_ef_is_6986(host: Host) -> None:
    assert host.read(0, 1) == (b"", "6986")  # no DF either
    host.select(Aid.JPKI)
    assert host.read(0, 1) == (b"", "6986")


def test_select_df_forgets_the_current_ef(host: Host) -> None:
    host.select(Aid.JPKI)
    host.select_ef(Jpki.TOKEN)
    host.select(Aid.JPKI)
    assert host.read(0, 1) == (b"", "6986")


def test_read_binary_malformed(host: Host) -> None:
    host.select(Aid.JPKI)
    host.select_ef(Jpki.TOKEN)
    assert host.sw("00B00000") == "6700"  # no Le
    assert host.sw("00B000000101") == "6700"  # data in a READ BINARY
    assert host.sw("00B0E00000") == "6A86"  # SFI form with b7-b6 set
    assert host.sw("00B09D0000") == "6A82"  # no EF with SFI 29
    assert host.sw("00B0800000") == "6A82"  # SFI 0 is not a file


@pytest.mark.parametrize(
    ("aid", "fid"),
    [
        (Aid.JPKI, Jpki.SIGN_CERT),
        (Aid.KENKAKU, Kenkaku.BIRTH),
        (Aid.KENKAKU, Kenkaku.FRONT),
        (Aid.KENKAKU, Kenkaku.BACK),
        (Aid.KENHOJO, Kenhojo.MY_NUMBER),
        (Aid.KENHOJO, Kenhojo.BASIC_FOUR),
        (Aid.KENHOJO, Kenhojo.SIGNATURE),
    ],
)
def test_protected_files_need_a_pin(host: Host, aid: Aid, fid: int) -> None:
    host.select(aid)
    host.select_ef(fid)
    assert host.read(0, 16) == (b"", "6982")
    assert host.read_sfi(fid, le=16) == (b"", "6982")


@pytest.mark.parametrize(
    ("aid", "fid"),
    [
        (Aid.JPKI, Jpki.SIGN_CA_CERT),
        (Aid.JPKI, Jpki.TOKEN),
        (Aid.JPKI, Jpki.AUTH_CERT),
        (Aid.JPKI, Jpki.AUTH_CA_CERT),
        (Aid.KENKAKU, Kenkaku.BASIC_INFO),
        (Aid.KENKAKU, Kenkaku.INTERMEDIATE_CERT),
        (Aid.KENHOJO, Kenhojo.INTERMEDIATE_CERT),
        (Aid.KENHOJO, Kenhojo.AP_INFO),
        (Aid.KENHOJO, Kenhojo.CARD_PUBLIC_KEY),
    ],
)
def test_public_files_read_without_a_pin(host: Host, adult_image: CardImage, aid: Aid, fid: int) -> None:
    app = {Aid.JPKI: "jpki", Aid.KENKAKU: "kenkaku", Aid.KENHOJO: "kenhojo"}[aid]
    host.select(aid)
    assert host.read_sfi(fid) == (adult_image.file(app, fid), "9000")


@pytest.mark.parametrize(
    ("aid", "fid"),
    [(Aid.JPKI, Jpki.AUTH_KEY), (Aid.JPKI, Jpki.SIGN_KEY), (Aid.KENHOJO, Kenhojo.CARD_KEY), (Aid.JPKI, Jpki.AUTH_PIN)],
)
def test_keys_and_pins_are_never_readable(host: Host, adult_image: CardImage, aid: Aid, fid: int) -> None:
    host.select(aid)
    if aid is Aid.JPKI:
        assert host.verify_at(Aid.JPKI, Jpki.SIGN_PIN, "SIGN2468") == "9000"
        assert host.verify_at(Aid.JPKI, Jpki.AUTH_PIN, "4821") == "9000"
        host.tx("00200080")
    host.select_ef(fid)
    assert host.read(0, 16) == (b"", "6982")


@pytest.mark.parametrize(
    ("pin_fid", "pin_value", "readable", "unreadable"),
    [
        ("text", "4821", [Kenhojo.MY_NUMBER, Kenhojo.BASIC_FOUR, Kenhojo.SIGNATURE], []),
        ("a", "MYNUMBER", [Kenhojo.MY_NUMBER, Kenhojo.SIGNATURE], [Kenhojo.BASIC_FOUR]),
        ("b", "PINB", [Kenhojo.BASIC_FOUR, Kenhojo.SIGNATURE], [Kenhojo.MY_NUMBER]),
    ],
)
def test_text_ap_access_per_pin(
    host: Host, adult_image: CardImage, pin_fid: str, pin_value: str, readable: list[int], unreadable: list[int]
) -> None:
    fid = {"text": Kenhojo.PIN, "a": Kenhojo.PIN_A, "b": Kenhojo.PIN_B}[pin_fid]
    value = {"MYNUMBER": adult_image.holder.my_number, "PINB": adult_image.holder.pin_b}.get(pin_value, pin_value)
    assert host.verify_at(Aid.KENHOJO, fid, value) == "9000"
    for ef in readable:
        assert host.read_sfi(ef) == (adult_image.file("kenhojo", ef), "9000")
    for ef in unreadable:
        assert host.read_sfi(ef)[1] == "6982"


def test_kenkaku_access_per_pin(host: Host, adult_image: CardImage) -> None:
    holder = adult_image.holder
    assert host.verify_at(Aid.KENKAKU, Kenkaku.BIRTH_PIN, f"{holder.birth_date:%y%m%d}") == "9000"
    assert host.read_sfi(Kenkaku.BIRTH) == (adult_image.file("kenkaku", Kenkaku.BIRTH), "9000")
    assert host.read_sfi(Kenkaku.FRONT)[1] == "6982"
    assert host.verify_at(Aid.KENKAKU, Kenkaku.PIN_B, holder.pin_b) == "9000"
    assert host.read_sfi(Kenkaku.FRONT) == (adult_image.file("kenkaku", Kenkaku.FRONT), "9000")
    assert host.read_sfi(Kenkaku.BACK)[1] == "6982"  # the back needs PIN-A
    assert host.verify_at(Aid.KENKAKU, Kenkaku.PIN_A, holder.my_number) == "9000"
    assert host.read_sfi(Kenkaku.FRONT)[1] == "9000"
    assert host.read_sfi(Kenkaku.BACK) == (adult_image.file("kenkaku", Kenkaku.BACK), "9000")


def test_sign_certificate_needs_the_sign_pin(host: Host, adult_image: CardImage) -> None:
    assert host.verify_at(Aid.JPKI, Jpki.AUTH_PIN, "4821") == "9000"
    assert host.read_sfi(Jpki.SIGN_CERT)[1] == "6982"
    assert host.verify_at(Aid.JPKI, Jpki.SIGN_PIN, "SIGN2468") == "9000"
    assert host.read_sfi(Jpki.SIGN_CERT) == (adult_image.file("jpki", Jpki.SIGN_CERT), "9000")


def test_juki_record_holds_the_serial(host: Host, adult_image: CardImage) -> None:
    host.select(Aid.JUKI)
    data, sw = host.tx("00B2010C00")
    assert sw == "9000"
    assert data[0] == 0x30 and data[1] == len(data) - 2 == 15
    assert data[2:].decode("ascii")[2:15] == adult_image.serial
    assert len(adult_image.serial) == 13 and adult_image.serial.isdigit()


def test_read_record_errors(host: Host) -> None:
    assert host.sw("00B2010C00") == "6986"  # no DF
    host.select(Aid.JUKI)
    assert host.sw("00B2020C00") == "6A83"
    assert host.sw("00B2000C00") == "6A83"
    assert host.sw("00B2010800") == "6A86"  # only "record P1" mode
    assert host.sw("00B2011400") == "6A82"  # SFI 2 does not exist
    assert host.sw("00B0810000") == "6981"  # READ BINARY of a record file
    assert host.sw("00B2010C") == "6700"
    host.select_ef(0x0001)
    assert host.sw("00B2010400")[:2] == "90"  # SFI 0 = current EF
    host.select(Aid.JPKI)
    assert host.sw("00B2013400") == "6981"  # READ RECORD of a transparent EF (SFI 6, the token)
