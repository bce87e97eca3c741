from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kiosk.card_front_ocr import parse


def test_japanese_era_birth_dates_expiry_and_code_are_parsed() -> None:
    text = "氏名 田中 太郎\n生年月日 昭和56年 3月14日生 性別 男\n2036年 3月14日まで有効\nセキュリティコード 7687"
    numbers = parse(text)
    assert (numbers.birth_date, numbers.expiry_year, numbers.security_code) == ("19810314", "2036", "7687")


def test_first_year_of_an_era_and_full_width_digits() -> None:
    numbers = parse("令和元年 ５月１日生\n２０３１年５月１日まで有効\nセキュリティ コード １２３４")
    assert (numbers.birth_date, numbers.expiry_year, numbers.security_code) == ("20190501", "2031", "1234")


def test_western_years_for_foreign_residents() -> None:
    assert parse("1998年 9月30日生").birth_date == "19980930"


def test_impossible_dates_are_not_guessed() -> None:
    assert parse("平成3年 2月30日生").birth_date is None


@given(st.text(max_size=300))
def test_any_text_parses_without_error(text: str) -> None:
    parse(text)
