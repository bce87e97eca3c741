"""Holder records: the 基本4情報 and 旧氏 the municipality's register holds for a card's holder, sealed at rest.

The service keeps them only for the office's review of an application (it stands in for the resident register, as
the card registry stands in for the issuer's records). Sealed like photos (``backend.photo_vault``) under the owner
``holder:<serial>``, so a copy of the database shows no name.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from backend.clock import Clock
from backend.models import CardHolder
from backend.photo_vault import open_photo, seal_photo
from backend.settings import KeyMaterial
from kiosk.card.data import BasicFour, parse_basic_four


@dataclass(frozen=True)
class Holder:
    name: str = field(repr=False)
    address: str = field(repr=False)
    birth_date: dt.date = field(repr=False)
    sex: str = field(repr=False)
    former_surname: str | None = field(default=None, repr=False)


def _owner(serial: str) -> str:
    return f"holder:{serial}"


def record_holder(session: Session, clock: Clock, keys: KeyMaterial, serial: str, text_ap_basic_four: bytes) -> None:
    """Record (or replace) the holder of card ``serial`` from the card's text-AP basic-four file (EF 0002)."""
    four: BasicFour = parse_basic_four(text_ap_basic_four)
    doc = {
        "name": four.name,
        "address": four.address,
        "birth_date": four.birth_date.isoformat(),
        "sex": four.sex,
        "former_surname": four.former_surname,
    }
    sealed = seal_photo(keys, json.dumps(doc, ensure_ascii=False).encode(), _owner(serial))
    row = session.get(CardHolder, serial)
    if row is None:
        session.add(CardHolder(serial=serial, sealed=sealed, recorded_at=clock.now()))
    else:
        row.sealed, row.recorded_at = sealed, clock.now()


def holder_of(session: Session, keys: KeyMaterial, serial: str) -> Holder | None:
    """The recorded holder of card ``serial``, or ``None`` when the register has none for it."""
    row = session.get(CardHolder, serial)
    if row is None:
        return None
    doc = json.loads(open_photo(keys, row.sealed, _owner(serial)))
    return Holder(
        name=doc["name"],
        address=doc["address"],
        birth_date=dt.date.fromisoformat(doc["birth_date"]),
        sex=doc["sex"],
        former_surname=doc.get("former_surname"),
    )
