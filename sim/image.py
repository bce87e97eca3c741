"""Card images: everything one virtual card holds, as a JSON file.

A card image is the card's persistent memory (file contents, private keys, PIN values and their retry
counters) plus a ``persona`` section with the ground truth it was made from, so tests can check every
field a host parses. It is TEST material: it holds PINs and private keys in clear.

Writes are atomic (temporary file in the same directory, fsync, ``os.replace``, fsync of the directory),
so a card whose PIN was just blocked stays blocked even if the process dies right after.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from sim.errors import CardImageError, CardStorageError
from sim.os.management import ManagementRecord
from sim.os.security import PinCounter
from sim.profile import KeyId, PinId

FORMAT: Final = "mynakiosk-card-image"
VERSION: Final = 1


@dataclass(frozen=True)
class CardHolder:
    """Ground truth: who the card was made for and the dates and numbers on it."""

    persona: str
    name: str
    name_kana: str
    address: str
    birth_date: dt.date
    sex: str  # ISO 5218 digit
    my_number: str
    security_code: str
    issue_date: dt.date
    card_expiry: dt.date
    cert_expiry: dt.date
    municipality: str
    face: str
    former_surname: str | None = None  # 旧氏, in the text AP (``DF 26``) and printed with the name

    def __repr__(self) -> str:  # personal data never reaches a log through repr
        return f"CardHolder(persona={self.persona!r}, ****)"

    @property
    def pin_b(self) -> str:
        """照合番号B: birth YYMMDD ‖ card expiry year ‖ security code."""
        return f"{self.birth_date:%y%m%d}{self.card_expiry:%Y}{self.security_code}"


@dataclass(frozen=True)
class CardImage:
    """One card. ``files`` maps application name → FID (4 hex digits) → contents; ``records`` likewise
    for record files. ``cert_serials`` holds the serial numbers of the JPKI certificates (``sign`` absent
    on a child's card). ``management`` holds the management keys and last accepted counter (``None``: the card
    refuses management commands)."""

    serial: str
    extended_length: bool
    holder: CardHolder
    pins: Mapping[PinId, PinCounter]
    keys: Mapping[KeyId, bytes]  # PKCS#8 PEM
    files: Mapping[str, Mapping[str, bytes]]
    records: Mapping[str, Mapping[str, tuple[bytes, ...]]]
    cert_serials: Mapping[str, int] = field(default_factory=dict)
    management: ManagementRecord | None = None

    def __repr__(self) -> str:
        return f"CardImage(serial={self.serial!r}, persona={self.holder.persona!r})"

    def with_pins(self, pins: Mapping[PinId, PinCounter]) -> CardImage:
        """A copy with a new PIN table."""
        return replace(self, pins=dict(pins))

    def with_management_counter(self, counter: int) -> CardImage:
        """A copy whose management record has accepted ``counter``."""
        if self.management is None:
            raise CardImageError("card image has no management keys")
        return replace(self, management=replace(self.management, last_counter=counter))

    def file(self, app: str, fid: int) -> bytes | None:
        """Contents of one transparent EF, or ``None`` if this card does not have it."""
        return self.files.get(app, {}).get(f"{fid:04X}")

    def private_key(self, key: KeyId) -> RSAPrivateKey | None:
        """One private key, or ``None`` if this card does not have it."""
        pem = self.keys.get(key)
        if pem is None:
            return None
        try:
            return _load_key(pem)
        except (ValueError, TypeError) as exc:
            raise CardImageError(f"card image key {key.value} is not an RSA private key in PEM") from exc

    # --- JSON -----------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """The JSON document (plain types only)."""
        h = self.holder
        return {
            "format": FORMAT,
            "version": VERSION,
            "serial": self.serial,
            "extended_length": self.extended_length,
            "persona": {
                "key": h.persona,
                "name": h.name,
                "name_kana": h.name_kana,
                "address": h.address,
                "birth_date": h.birth_date.isoformat(),
                "sex": h.sex,
                "my_number": h.my_number,
                "security_code": h.security_code,
                "issue_date": h.issue_date.isoformat(),
                "card_expiry": h.card_expiry.isoformat(),
                "cert_expiry": h.cert_expiry.isoformat(),
                "municipality": h.municipality,
                "face": h.face,
                "former_surname": h.former_surname,
            },
            "cert_serials": dict(self.cert_serials),
            "pins": {
                pin.value: {"value": c.value, "max_tries": c.max_tries, "tries_left": c.tries_left}
                for pin, c in self.pins.items()
            },
            "keys": {key.value: pem.decode("ascii") for key, pem in self.keys.items()},
            "files": {app: {fid: _b64(data) for fid, data in efs.items()} for app, efs in self.files.items()},
            "records": {
                app: {fid: [_b64(r) for r in recs] for fid, recs in efs.items()} for app, efs in self.records.items()
            },
            "management": None
            if self.management is None
            else {
                "enc": self.management.enc.hex(),
                "mac": self.management.mac.hex(),
                "last_counter": self.management.last_counter,
            },
        }

    @classmethod
    def from_json(cls, doc: object) -> CardImage:
        """Parse a JSON document; ``CardImageError`` naming the field for anything malformed."""
        try:
            return _from_json(doc)
        except (KeyError, TypeError, ValueError, AttributeError, binascii.Error) as exc:
            raise CardImageError(f"not a valid card image: {type(exc).__name__} {exc}") from exc

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> CardImage:
        """Read a card image file."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise CardImageError(f"card image {os.fspath(path)} unreadable: {exc.strerror}") from exc
        except UnicodeDecodeError as exc:
            raise CardImageError(f"card image {os.fspath(path)} is not UTF-8 text") from exc
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CardImageError(f"card image {os.fspath(path)} is not JSON (line {exc.lineno})") from exc
        return cls.from_json(doc)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write atomically; raises ``CardStorageError`` if the file cannot be written."""
        target = Path(path)
        payload = json.dumps(self.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(payload)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            _fsync_directory(target.parent)
        except OSError as exc:
            raise CardStorageError(f"card image {target} could not be written: {exc.strerror}") from exc


@functools.lru_cache(maxsize=64)
def _load_key(pem: bytes) -> RSAPrivateKey:
    # The consistency check of an RSA private key costs ~0.1 s per key; card images are our own test
    # material, and a broken key only yields signatures that fail verification, so it is skipped.
    loaded = serialization.load_pem_private_key(pem, password=None, unsafe_skip_rsa_key_validation=True)
    if not isinstance(loaded, RSAPrivateKey):
        raise TypeError("not an RSA key")
    return loaded


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise TypeError("file contents must be base64 text")
    return base64.b64decode(text, validate=True)


def _from_json(doc: object) -> CardImage:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError(f"format is not {FORMAT}")
    if doc.get("version") != VERSION:
        raise ValueError(f"version {doc.get('version')!r} is not {VERSION}")
    p = doc["persona"]
    holder = CardHolder(
        persona=str(p["key"]),
        name=str(p["name"]),
        name_kana=str(p["name_kana"]),
        address=str(p["address"]),
        birth_date=dt.date.fromisoformat(p["birth_date"]),
        sex=str(p["sex"]),
        my_number=str(p["my_number"]),
        security_code=str(p["security_code"]),
        issue_date=dt.date.fromisoformat(p["issue_date"]),
        card_expiry=dt.date.fromisoformat(p["card_expiry"]),
        cert_expiry=dt.date.fromisoformat(p["cert_expiry"]),
        municipality=str(p["municipality"]),
        face=str(p["face"]),
        former_surname=_optional_text(p.get("former_surname")),
    )
    pins = {PinId(k): _counter(v) for k, v in doc["pins"].items()}
    keys = {KeyId(k): str(v).encode("ascii") for k, v in doc["keys"].items()}
    files = {str(app): {_fid(f): _unb64(d) for f, d in efs.items()} for app, efs in doc["files"].items()}
    records = {
        str(app): {_fid(f): tuple(_unb64(r) for r in recs) for f, recs in efs.items()}
        for app, efs in doc["records"].items()
    }
    serial = doc["serial"]
    extended = doc["extended_length"]
    if not isinstance(serial, str) or not serial.isascii() or not isinstance(extended, bool):
        raise TypeError("serial must be ASCII text and extended_length a boolean")  # the card's MACs cover its bytes
    cert_serials = {str(k): int(v) for k, v in doc.get("cert_serials", {}).items()}
    management = _management(doc.get("management"))
    return CardImage(serial, extended, holder, pins, keys, files, records, cert_serials, management)


def _optional_text(value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError("an optional text field must be text or null")
    return value


def _management(value: object) -> ManagementRecord | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise TypeError("management must be an object")
    enc, mac, counter = bytes.fromhex(value["enc"]), bytes.fromhex(value["mac"]), value["last_counter"]
    if len(enc) != 16 or len(mac) != 16:
        raise ValueError("management keys are AES-128 (16 bytes each)")
    if not isinstance(counter, int) or isinstance(counter, bool) or not 0 <= counter <= 0xFFFFFFFF:
        raise ValueError("management counter out of range")
    return ManagementRecord(enc, mac, counter)


def _counter(value: Mapping[str, object]) -> PinCounter:
    pin, max_tries, tries = value["value"], value["max_tries"], value["tries_left"]
    if not isinstance(pin, str) or not isinstance(max_tries, int) or not isinstance(tries, int):
        raise TypeError("a PIN needs a text value and integer counters")
    if not 1 <= max_tries <= 15 or not 0 <= tries <= max_tries or not pin.isascii():
        raise ValueError("PIN counters out of range")
    return PinCounter(pin, max_tries, tries)


def _fid(text: str) -> str:
    if len(text) != 4 or int(text, 16) > 0xFFFF:
        raise ValueError("file ids are 4 hex digits")
    return text.upper()
