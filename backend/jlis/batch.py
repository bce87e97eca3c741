"""The batch of approved applications a municipality sends to J-LIS: a ZIP file (docs/jlis.md).

``manifest.json`` lists every application with the SHA-256 of its basic items (``items/<number>.json``) and of its
photo (``photos/<number>.jpg``); ``manifest.sig`` is the municipality's Ed25519 signature over the manifest's
bytes (base64). Everything is deterministic (sorted JSON, fixed ZIP timestamps, Ed25519): the same applications
give the same bytes, so a batch is rebuilt from the database when it is downloaded again instead of being kept.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

BATCH_FORMAT: Final = "mynakiosk-jlis-batch/1"
_ZIP_TIME: Final = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class BatchApplication:
    """One application as J-LIS receives it."""

    application_number: str
    items: Mapping[str, str | None] = field(repr=False)
    """The basic items (name, address, birth date, sex, 旧氏) and the application's facts, as text."""
    photo: bytes = field(repr=False)


def _json(doc: object) -> bytes:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def build(
    batch_id: str,
    municipality_code: str,
    created_at: dt.datetime,
    applications: Sequence[BatchApplication],
    key: Ed25519PrivateKey,
) -> bytes:
    """The signed batch file."""
    entries: list[tuple[str, bytes]] = []
    listed = []
    for app in sorted(applications, key=lambda a: a.application_number):
        items = _json({"application_number": app.application_number, **app.items})
        items_name, photo_name = f"items/{app.application_number}.json", f"photos/{app.application_number}.jpg"
        entries += [(items_name, items), (photo_name, app.photo)]
        listed.append(
            {
                "application_number": app.application_number,
                "items": items_name,
                "items_sha256": hashlib.sha256(items).hexdigest(),
                "photo": photo_name,
                "photo_sha256": hashlib.sha256(app.photo).hexdigest(),
            }
        )
    manifest = _json(
        {
            "format": BATCH_FORMAT,
            "batch_id": batch_id,
            "municipality_code": municipality_code,
            "created_at": created_at.astimezone(dt.UTC).isoformat(),
            "applications": listed,
        }
    )
    signature = base64.b64encode(key.sign(manifest)) + b"\n"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [("manifest.json", manifest), ("manifest.sig", signature), *entries]:
            archive.writestr(zipfile.ZipInfo(name, _ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()
