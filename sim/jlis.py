"""A simulated J-LIS: checks a municipality's signed batch and answers with a signed status feed (docs/jlis.md).

It stands where the national system stands and meets the backend only through the documented files, as a real
J-LIS would: it imports nothing of ``backend``. A batch is checked on every axis before anything in it is believed
(its size, its entries, the manifest's signature under the municipality's registered key, every file's SHA-256);
the answer moves each application of the batch through J-LIS's states up to the one asked for, and a card-status
feed marks cards suspended or invalidated.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from sim.errors import SimError

BATCH_FORMAT: Final = "mynakiosk-jlis-batch/1"
FEED_FORMAT: Final = "mynakiosk-jlis-feed/1"
SIGNED_FORMAT: Final = "mynakiosk-jlis-signed/1"
MAX_BATCH_BYTES: Final = 256 * 1024 * 1024
MAX_ENTRY_BYTES: Final = 2 * 1024 * 1024
MAX_APPLICATIONS: Final = 10_000

ACCEPTED, PRODUCED, SHIPPED, CANCELLED = 1, 4, 5, 10
"""J-LIS states ①, ④, ⑤, ⑩ (the numbers are the wire's; the municipality records ⑥–⑨ itself)."""


class BatchRefused(SimError):
    """J-LIS refuses a batch: unsigned, signed by a key it does not know, altered, or malformed."""


@dataclass(frozen=True)
class ReceivedApplication:
    application_number: str
    items: Mapping[str, object] = field(repr=False)
    photo_sha256: str


@dataclass(frozen=True)
class ReceivedBatch:
    batch_id: str
    municipality_code: str
    applications: tuple[ReceivedApplication, ...]


def _entry(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise BatchRefused(f"the batch has no {name}") from None
    if info.file_size > MAX_ENTRY_BYTES:
        raise BatchRefused(f"{name} is larger than {MAX_ENTRY_BYTES} bytes")
    try:
        with archive.open(info) as entry:
            data = entry.read(MAX_ENTRY_BYTES + 1)  # bounded whatever the header claims (a ZIP bomb)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, ValueError):
        raise BatchRefused(
            f"{name} cannot be read from the ZIP file (damaged, encrypted or unknown compression)"
        ) from None
    if len(data) > MAX_ENTRY_BYTES:
        raise BatchRefused(f"{name} is larger than {MAX_ENTRY_BYTES} bytes")
    return data


def _manifest(raw: bytes) -> dict[str, object]:
    try:
        doc = json.loads(raw)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BatchRefused("manifest.json is not JSON") from None
    if not isinstance(doc, dict) or doc.get("format") != BATCH_FORMAT:
        raise BatchRefused(f"manifest.json is not a {BATCH_FORMAT} manifest")
    return doc


def _text(doc: Mapping[str, object], key: str) -> str:
    value = doc.get(key)
    if not isinstance(value, str) or not 0 < len(value) <= 64:
        raise BatchRefused(f"manifest field {key!r} is missing or not a short text")
    return value


class SimulatedJlis:
    """J-LIS, for tests and the demo. ``municipality_keys`` are the public keys municipalities registered."""

    def __init__(
        self,
        key: Ed25519PrivateKey,
        municipality_keys: Mapping[str, Ed25519PublicKey],
        *,
        any_municipality: Ed25519PublicKey | None = None,
    ) -> None:
        self._key = key
        self._municipalities = dict(municipality_keys)
        self._any = any_municipality
        """A key every municipality not in ``municipality_keys`` is taken to have registered (the demo's)."""

    @classmethod
    def with_test_keys(cls) -> SimulatedJlis:
        """TEST ONLY: J-LIS's test key, and every municipality registered the test municipality key."""
        from sim.pki.jlis import jlis_key, municipality_key

        return cls(jlis_key(), {}, any_municipality=municipality_key().public_key())

    def receive(self, batch: bytes) -> ReceivedBatch:
        """Check a batch (a ZIP file) and return what it holds; raises ``BatchRefused`` with what is wrong."""
        if len(batch) > MAX_BATCH_BYTES:
            raise BatchRefused("the batch is too large")
        try:
            archive = zipfile.ZipFile(io.BytesIO(batch))
        except zipfile.BadZipFile:
            raise BatchRefused("the batch is not a ZIP file") from None
        with archive:
            raw = _entry(archive, "manifest.json")
            doc = _manifest(raw)
            municipality = _text(doc, "municipality_code")
            public = self._municipalities.get(municipality, self._any)
            if public is None:
                raise BatchRefused(f"municipality {municipality} has registered no key with J-LIS")
            try:
                signature = base64.b64decode(_entry(archive, "manifest.sig").strip(), validate=True)
                public.verify(signature, raw)
            except (InvalidSignature, ValueError):
                raise BatchRefused("the manifest's signature does not verify under the municipality's key") from None
            listed = doc.get("applications")
            if not isinstance(listed, list) or len(listed) > MAX_APPLICATIONS:
                raise BatchRefused("manifest field 'applications' is not a list of at most 10000")
            received = tuple(self._application(archive, item) for item in listed)
            expected = {"manifest.json", "manifest.sig"}
            expected |= {f"items/{a.application_number}.json" for a in received}
            expected |= {f"photos/{a.application_number}.jpg" for a in received}
            if set(archive.namelist()) != expected:
                raise BatchRefused("the batch holds files its manifest does not list")
        return ReceivedBatch(_text(doc, "batch_id"), municipality, received)

    def _application(self, archive: zipfile.ZipFile, item: object) -> ReceivedApplication:
        if not isinstance(item, dict):
            raise BatchRefused("an entry of 'applications' is not an object")
        number = _text(item, "application_number")
        files = {}
        for kind, name in (("items", f"items/{number}.json"), ("photo", f"photos/{number}.jpg")):
            if item.get(kind) != name:
                raise BatchRefused(f"application {number}: {kind} must be {name}")
            data = _entry(archive, name)
            if hashlib.sha256(data).hexdigest() != item.get(f"{kind}_sha256"):
                raise BatchRefused(f"{name} does not match its SHA-256 in the manifest")
            files[kind] = data
        try:
            items = json.loads(files["items"])
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise BatchRefused(f"items/{number}.json is not JSON") from None
        if not isinstance(items, dict) or items.get("application_number") != number:
            raise BatchRefused(f"items/{number}.json is not the items of application {number}")
        if files["photo"][:2] != b"\xff\xd8":
            raise BatchRefused(f"photos/{number}.jpg is not a JPEG")
        return ReceivedApplication(number, items, hashlib.sha256(files["photo"]).hexdigest())

    def answer(
        self, batch: ReceivedBatch, now: dt.datetime, *, until: int = SHIPPED, cancel: Mapping[str, str] | None = None
    ) -> bytes:
        """A signed feed moving every application of ``batch`` through ① … ``until`` (at most ⑤: what J-LIS does
        itself), all shipped in one delivery; the applications in ``cancel`` go to ⑩ with the reason given."""
        if not ACCEPTED <= until <= SHIPPED:
            raise ValueError("J-LIS itself moves an application from ① to ⑤; the municipality records ⑥–⑨")
        cancel = dict(cancel or {})
        feed_id = "F" + hashlib.sha256(batch.batch_id.encode() + now.isoformat().encode()).hexdigest()[:16]
        delivery = "D" + feed_id[1:]
        updates: list[dict[str, object]] = []
        for app in batch.applications:
            steps = [ACCEPTED, CANCELLED] if app.application_number in cancel else range(ACCEPTED, until + 1)
            for state in steps:
                update: dict[str, object] = {
                    "update_id": f"{feed_id}-{len(updates) + 1:05d}",
                    "application_number": app.application_number,
                    "state": state,
                    "at": now.isoformat(),
                }
                if state == SHIPPED:
                    update["delivery_id"] = delivery
                if state == CANCELLED:
                    update["reason"] = cancel[app.application_number]
                updates.append(update)
        return self._signed(feed_id, batch.municipality_code, now, updates, [])

    def card_status_feed(self, municipality_code: str, now: dt.datetime, changes: Sequence[tuple[str, str]]) -> bytes:
        """A signed feed of card statuses: ``(serial, "suspended" | "invalidated" | "valid")`` each."""
        feed_id = "C" + hashlib.sha256(municipality_code.encode() + now.isoformat().encode()).hexdigest()[:16]
        cards: list[dict[str, object]] = [
            {"update_id": f"{feed_id}-{i + 1:05d}", "serial": serial, "status": status, "at": now.isoformat()}
            for i, (serial, status) in enumerate(changes)
        ]
        return self._signed(feed_id, municipality_code, now, [], cards)

    def _signed(
        self,
        feed_id: str,
        municipality_code: str,
        now: dt.datetime,
        applications: list[dict[str, object]],
        cards: list[dict[str, object]],
    ) -> bytes:
        payload = json.dumps(
            {
                "format": FEED_FORMAT,
                "feed_id": feed_id,
                "municipality_code": municipality_code,
                "issued_at": now.isoformat(),
                "applications": applications,
                "cards": cards,
            },
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        ).encode()
        envelope = {
            "format": SIGNED_FORMAT,
            "payload": base64.b64encode(payload).decode(),
            "signature": base64.b64encode(self._key.sign(payload)).decode(),
        }
        return json.dumps(envelope, indent=1).encode() + b"\n"
