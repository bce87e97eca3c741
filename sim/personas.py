"""Fictional residents the virtual cards are made for.

Every name, address and number here is invented. A persona fixes the person's age *on the issue date*
rather than a birth year, so a card made for the child persona is a child's card whenever it is made;
``Persona.birth_date(issued)`` gives the concrete date written on the card.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sim.dates import birthday_in
from sim.errors import PersonaNotFound

NAME_SEPARATOR = "\u3000"
"""Family and given names are separated by an ideographic space, as in JPKI certificates."""


class Sex(enum.StrEnum):
    """ISO 5218 codes, as written on the card."""

    MALE = "1"
    FEMALE = "2"
    NOT_APPLICABLE = "9"


@dataclass(frozen=True)
class Persona:
    """One fictional resident."""

    key: str
    family_name: str
    given_name: str
    family_kana: str
    given_kana: str
    sex: Sex
    age: int
    birthday: tuple[int, int]  # (month, day)
    address: str
    municipality: str
    summary: str  # a short English description for listings
    former_surname: str | None = None  # 旧氏 shown with the name (docs/card-profile.md)
    residence_years: int | None = None  # a foreign resident's residence permit, in years from the issue date

    def residence_until(self, issued: dt.date) -> dt.date | None:
        """Last day of the residence permit that limits the card (``None``: a national or permanent resident)."""
        if self.residence_years is None:
            return None
        return birthday_in(issued, issued.year + self.residence_years) - dt.timedelta(days=1)

    @property
    def name(self) -> str:
        """Name as on the card: family name, ideographic space, given name."""
        return f"{self.family_name}{NAME_SEPARATOR}{self.given_name}"

    @property
    def name_kana(self) -> str:
        """Reading of the name (ground truth only: the card does not hold it)."""
        return f"{self.family_kana}{NAME_SEPARATOR}{self.given_kana}"

    def birth_date(self, issued: dt.date) -> dt.date:
        """The birth date that makes the persona ``age`` years old on ``issued``."""
        month, day = self.birthday
        year = issued.year - self.age
        if birthday_in(dt.date(2000, month, day), issued.year) > issued:
            year -= 1
        return dt.date(year, month, day)


_PERSONAS: tuple[Persona, ...] = (
    Persona(
        "tanaka", "田中", "太郎", "たなか", "たろう", Sex.MALE, 45, (3, 14),
        "東京都世田谷区桜丘四丁目17番8号", "世田谷区", "adult man, 45",
    ),
    Persona(
        "suzuki", "鈴木", "花子", "すずき", "はなこ", Sex.FEMALE, 32, (7, 2),
        "大阪府大阪市北区天満橋二丁目5番12号　ハイツ天満305号", "大阪市北区",
        "adult woman, 32, flat number, former surname 山本", former_surname="山本",
    ),
    Persona(
        "sato", "佐藤", "陽翔", "さとう", "はると", Sex.MALE, 9, (11, 20),
        "宮城県仙台市青葉区国分町一丁目8番3号", "仙台市青葉区", "child, 9: no signature certificate",
    ),
    Persona(
        "takahashi", "髙橋", "美咲", "たかはし", "みさき", Sex.FEMALE, 16, (5, 9),
        "愛知県名古屋市中区栄四丁目6番15号", "名古屋市中区", "teenager, 16: 5-year card, variant kanji 髙",
    ),
    Persona(
        "watanabe", "渡邊", "茂", "わたなべ", "しげる", Sex.MALE, 84, (1, 3),
        "北海道札幌市中央区北一条西十丁目3番地", "札幌市中央区", "elderly man, 84, variant kanji 邊",
    ),
    Persona(
        "ito", "伊藤", "キヨ", "いとう", "きよ", Sex.FEMALE, 91, (12, 25),
        "鹿児島県奄美市名瀬港町14番地2", "奄美市", "elderly woman, 91, katakana given name, former surname 前田",
        former_surname="前田",
    ),
    Persona(
        "nguyen", "NGUYEN", "VAN AN", "グエン", "ヴァン　アン", Sex.MALE, 28, (9, 30),
        "神奈川県横浜市中区山下町123番地　グランドメゾン横浜1204号", "横浜市中区",
        "foreign resident (permanent), 28, alphabet name, long address",
    ),
    Persona(
        "silva", "SILVA", "ANA BEATRIZ", "シルバ", "アナ　ベアトリス", Sex.FEMALE, 35, (6, 18),
        "静岡県浜松市中央区砂山町325番地6", "浜松市中央区",
        "foreign resident, 35, 3-year residence permit: the card expires with it", residence_years=3,
    ),
)  # fmt: skip


def list_personas() -> list[Persona]:
    """Every persona, in a stable order."""
    return list(_PERSONAS)


def get_persona(key: str) -> Persona:
    """The persona called ``key``; raises ``PersonaNotFound`` listing the valid names."""
    for persona in _PERSONAS:
        if persona.key == key:
            return persona
    names = ", ".join(p.key for p in _PERSONAS)
    raise PersonaNotFound(f"no persona named {key!r}; choose one of: {names}")
