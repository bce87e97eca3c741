"""Card image files: typed errors for bad files, atomic writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


@pytest.mark.parametrize(("section", "name"), [("pins", "jpki_auth"), ("keys", "jpki_auth"), ("keys", "card")])
def test_an_image_without_a_pin_or_key_is_refused(adult_image: CardImage, section: str, name: str) -> None:
    doc = adult_image.to_json()
    del doc[section][name]
    with pytest.raises(CardImageError, match=name.split("_")[0]):
        VirtualCard.from_image(CardImage.from_json(doc))


def test_an_image_without_a_required_file_is_refused(adult_image: CardImage) -> None:
    doc = adult_image.to_json()
    del doc["files"]["jpki"]["000A"]
    with pytest.raises(CardImageError, match="000A"):
        VirtualCard.from_image(CardImage.from_json(doc))


def test_save_to_an_unwritable_place_is_a_storage_error(tmp_path: Path, adult_image: CardImage) -> None:
    with pytest.raises(CardStorageError):
        adult_image.save(tmp_path / "missing-dir" / "card.json")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(doc=JSON)
def test_arbitrary_json_is_a_card_image_error(doc: object) -> None:
    with pytest.raises(CardImageError):
        CardImage.from_json(doc)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_sections_never_raise_anything_else(adult_image: CardImage, data: st.DataObject) -> None:
    doc = adult_image.to_json()
    section = data.draw(st.sampled_from(["persona", "pins", "keys", "files", "records", "cert_serials", "serial"]))
    doc[section] = data.draw(JSON)
    try:
        image = CardImage.from_json(doc)
    except CardImageError:
        return
    try:
        card = VirtualCard.from_image(image)
    except CardImageError:
        return
    for apdu in (
        "00A4040C0AD392F000260100000001",
        "00A4020C020018",
        "00200080",
        "0020008004" + "34383231",
        "00A4020C020017",
        "802A0080" + "0401020304" + "00",
        "00B08A0000",
    ):
        assert len(card.transmit(bytes.fromhex(apdu))) >= 2


def test_a_failed_write_leaves_the_old_image_and_no_temporary_file(
    tmp_path: Path, adult_image: CardImage, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "card.json"
    adult_image.save(path)
    before = path.read_bytes()
    card = VirtualCard.load(path)

    def no_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", no_replace)
    for apdu in ("00A4040C0AD392F000260100000001", "00A4020C020018"):
        card.transmit(bytes.fromhex(apdu))
    assert card.transmit(bytes.fromhex("002000800430303030")) == b"\x65\x81"  # nothing compared, nothing counted
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["card.json"]
    monkeypatch.undo()
    assert card.transmit(bytes.fromhex("00200080")) == b"\x63\xc3"


def test_a_non_ascii_serial_is_a_damaged_image(adult_image: CardImage) -> None:
    """Found by the property test above: the management module encodes the serial as ASCII for its MACs."""
    doc = adult_image.to_json()
    doc["serial"] = "€"
    with pytest.raises(CardImageError):
        CardImage.from_json(doc)
