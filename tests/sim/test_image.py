"""Card image files: typed errors for bad files, atomic writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.card import VirtualCard
from sim.errors import CardImageError, CardStorageError
from sim.image import CardImage


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CardImageError, match="unreadable"):
        VirtualCard.load(tmp_path / "nope.json")


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"\xff\xfe",
        b"[]",
        b'{"format": "other"}',
        b'{"format": "mynakiosk-card-image", "version": 99}',
    ],
)
def test_files_that_are_not_card_images(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "card.json"
    path.write_bytes(content)
    with pytest.raises(CardImageError):
        CardImage.load(path)


@pytest.mark.parametrize(
    ("section", "mutate"),
    [
        ("pins", lambda d: d["pins"]["jpki_auth"].update(tries_left=9)),
        ("pins", lambda d: d["pins"].update(bogus={"value": "1", "max_tries": 3, "tries_left": 3})),
        ("files", lambda d: d["files"]["jpki"].update({"000A": "***"})),
        ("files", lambda d: d["files"]["jpki"].update({"XYZ": ""})),
        ("persona", lambda d: d["persona"].update(birth_date="yesterday")),
        ("persona", lambda d: d.pop("persona")),
        ("serial", lambda d: d.update(serial=12)),
    ],
)
def test_damaged_sections_are_card_image_errors(tmp_path: Path, adult_image: CardImage, section: str, mutate) -> None:
    doc = adult_image.to_json()
    mutate(doc)
    path = tmp_path / "card.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(CardImageError):
        CardImage.load(path)


def test_an_image_without_a_required_file_is_refused(adult_image: CardImage) -> None:
    doc = adult_image.to_json()
    del doc["files"]["jpki"]["000A"]
    with pytest.raises(CardImageError, match="000A"):
        VirtualCard.from_image(CardImage.from_json(doc))


def test_save_to_an_unwritable_place_is_a_storage_error(tmp_path: Path, adult_image: CardImage) -> None:
    with pytest.raises(CardStorageError):
        adult_image.save(tmp_path / "missing-dir" / "card.json")
