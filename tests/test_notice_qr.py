"""The expiry notice's QR code: the simulator prints it, the kiosk reads it (payload assumed: docs/card-profile.md)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.notice_qr import (
    NotAnExpiryNotice,
    NoticeQr,
    QrNotFound,
    parse_notice_payload,
    read_notice_qr,
)
from sim.image import CardImage
from sim.notice_qr import Notice, notice_for, notice_picture, qr_image
from sim.personalise import new_card
from sim.personas import get_persona

MIYAZAKI = "452017"


@pytest.fixture(scope="module")
def image() -> CardImage:
    return new_card(get_persona("ito"), seed=2)


def test_kiosk_reads_the_notice_the_simulator_prints(image: CardImage) -> None:
    notice = notice_for(image, MIYAZAKI)
    assert read_notice_qr(notice_picture(notice)) == NoticeQr(notice.application_id, MIYAZAKI)


def test_plain_symbol_reads_too() -> None:
    notice = Notice("0" * 22 + "7", "131121")
    assert read_notice_qr(qr_image(notice.payload)).application_id == notice.application_id


def test_damaged_code_is_a_typed_error(image: CardImage) -> None:
    picture = notice_picture(notice_for(image, MIYAZAKI)).copy()
    height, width = picture.shape[:2]
    picture[height // 4 : 3 * height // 4, width // 4 : 3 * width // 4] = 245  # a smudge over half the code
    with pytest.raises(QrNotFound):
        read_notice_qr(picture)


def test_blank_picture_has_no_code() -> None:
    with pytest.raises(QrNotFound):
        read_notice_qr(np.full((480, 640, 3), 240, dtype=np.uint8))


def test_some_other_qr_code_is_not_a_notice() -> None:
    with pytest.raises(NotAnExpiryNotice):
        read_notice_qr(qr_image("https://example.invalid/coupon"))


@pytest.mark.parametrize(
    "payload",
    [
        "MYNA-NOTICE:2:" + "1" * 23 + ":452017",
        "MYNA-NOTICE:1:" + "1" * 22 + ":452017",
        "MYNA-NOTICE:1:" + "1" * 23 + ":45201",
        "MYNA-NOTICE:1:" + "1" * 23 + ":452017:extra",
        "MYNA-NOTICE:1:" + "１" * 23 + ":452017",  # full-width digits are not ASCII digits
    ],
)
def test_malformed_payloads_are_refused(payload: str) -> None:
    with pytest.raises(NotAnExpiryNotice):
        parse_notice_payload(payload)


@given(st.text(max_size=300))
def test_any_text_parses_or_raises_the_typed_error(text: str) -> None:
    try:
        parsed = parse_notice_payload(text)
    except NotAnExpiryNotice as exc:
        assert text not in str(exc) or len(text) < 4  # the payload is never echoed
    else:
        assert f"MYNA-NOTICE:1:{parsed.application_id}:{parsed.municipality_code}" == text


@given(st.from_regex(r"[0-9]{23}", fullmatch=True), st.from_regex(r"[0-9]{6}", fullmatch=True))
def test_every_notice_round_trips_through_its_payload(application_id: str, municipality: str) -> None:
    notice = Notice(application_id, municipality)
    assert parse_notice_payload(notice.payload) == NoticeQr(application_id, municipality)
