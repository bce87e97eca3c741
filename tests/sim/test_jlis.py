"""The simulated J-LIS: a batch is believed only when its manifest is signed by the municipality's registered key
and every file matches the manifest; anything else is refused with ``BatchRefused``, never another error."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import zipfile

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.jlis import BatchRefused, SimulatedJlis
from sim.pki.jlis import jlis_key, municipality_key

NOW = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)
JPEG = b"\xff\xd8\xff\xe0 a photo"


def _batch(
    files: dict[str, bytes] | None = None, *, key: Ed25519PrivateKey | None = None, extra: bool = False
) -> bytes:
    items = json.dumps({"application_number": "A000000000001", "name": "x"}).encode()
    manifest = json.dumps(
        {
            "format": "mynakiosk-jlis-batch/1",
            "batch_id": "B1",
            "municipality_code": "452017",
            "applications": [
                {
                    "application_number": "A000000000001",
                    "items": "items/A000000000001.json",
                    "items_sha256": hashlib.sha256(items).hexdigest(),
                    "photo": "photos/A000000000001.jpg",
                    "photo_sha256": hashlib.sha256(JPEG).hexdigest(),
                }
            ],
        }
    ).encode()
    signature = base64.b64encode((key or municipality_key()).sign(manifest))
    entries = {
        "manifest.json": manifest,
        "manifest.sig": signature,
        "items/A000000000001.json": items,
        "photos/A000000000001.jpg": JPEG,
        **(files or {}),
    }
    if extra:
        entries["notes.txt"] = b"hidden"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_signed_batch_is_received_and_answered_with_a_signed_feed() -> None:
    jlis = SimulatedJlis.with_test_keys()
    received = jlis.receive(_batch())
    assert [a.application_number for a in received.applications] == ["A000000000001"]
    envelope = json.loads(jlis.answer(received, NOW, until=5))
    payload = base64.b64decode(envelope["payload"])
    jlis_key().public_key().verify(base64.b64decode(envelope["signature"]), payload)
    states = [(u["state"], u.get("delivery_id")) for u in json.loads(payload)["applications"]]
    assert [s for s, _ in states] == [1, 2, 3, 4, 5] and states[-1][1] is not None


@pytest.mark.parametrize(
    ("batch", "why"),
    [
        (_batch(key=Ed25519PrivateKey.generate()), "signature"),
        (_batch({"photos/A000000000001.jpg": JPEG + b"!"}), "SHA-256"),
        (_batch(extra=True), "does not list"),
        (_batch({"manifest.sig": b"not base64 !"}), "signature"),
        (b"not a zip", "not a ZIP"),
    ],
)
def test_an_altered_or_foreign_batch_is_refused(batch: bytes, why: str) -> None:
    with pytest.raises(BatchRefused, match=why):
        SimulatedJlis.with_test_keys().receive(batch)


def test_a_municipality_without_a_registered_key_is_refused() -> None:
    with pytest.raises(BatchRefused, match="registered no key"):
        SimulatedJlis(jlis_key(), {}).receive(_batch())


def test_jlis_moves_an_application_only_through_its_own_states() -> None:
    jlis = SimulatedJlis.with_test_keys()
    with pytest.raises(ValueError, match="①"):
        jlis.answer(jlis.receive(_batch()), NOW, until=8)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048))
def test_any_bytes_are_a_batch_or_refused(data: bytes) -> None:
    try:
        SimulatedJlis.with_test_keys().receive(data)
    except BatchRefused:
        pass


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=400), st.binary(min_size=1, max_size=4))
def test_a_corrupted_batch_is_refused(offset: int, junk: bytes) -> None:
    batch = bytearray(_batch())
    at = offset % len(batch)
    batch[at : at + len(junk)] = junk
    try:
        SimulatedJlis.with_test_keys().receive(bytes(batch))
    except BatchRefused:
        pass
