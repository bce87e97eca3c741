"""A kiosk's site configuration: one TOML file that says which backend, reader, camera and keys a real kiosk uses.

``mynakiosk run --config FILE`` reads it (``mynakiosk run --config FILE --check`` only checks it). Every path is
read once, at start-up, so a missing or malformed file stops the kiosk with a message naming the setting, before a
resident arrives. What the site may offer (which services, which PIN resets) is not here: it is the backend's
policy. ``packaging/kiosk.toml.example`` shows every setting::

    [kiosk]
    id = "kiosk-0001"                       # as registered with `mynakiosk backend add-kiosk`
    signing_key = "/etc/mynakiosk/kiosk-key.pem"   # its EC private key (PEM), signs every request
    municipality = "452017"                 # the site's municipality code
    staffed = false                         # true at a staffed pop-up session (staff log in on the kiosk)
    language = "ja"                         # the start language; each session ends back in it
    keypad_shuffle = false                  # optional: shuffle the PIN keypad (default the familiar 1-9/0)

    [backend]
    url = "https://kiosk-api.example.jp"
    ca_bundle = "/etc/mynakiosk/backend-ca.pem"    # optional: the CA that signed the service's TLS certificate
    client_certificate = "/etc/mynakiosk/kiosk-cert.pem"  # optional pair: mutual TLS when the service asks
    client_key = "/etc/mynakiosk/kiosk-key.pem"

    [trust]
    jpki_roots = "/etc/mynakiosk/jpki-roots.pem"           # JPKI root certificates (PEM)
    card_ap_roots = "/etc/mynakiosk/card-ap-roots.pem"     # public keys the card-face signatures chain to (PEM)

    [reader]
    uri = "pcsc"                            # see drivers/cards/uri.py: pcsc, pcsc:NAME, nfc:usb
    contact = false                         # true when the card goes into a slot (wording and pictures)

    [camera]
    device = 0                              # /dev/video0; or a path
    width = 1280
    height = 720
    fps = 30
    usb_ids = ["046d:0843"]                 # optional: the only USB cameras (vendor:product) the kiosk accepts

    [storage]
    outbox = "/var/lib/mynakiosk/outbox.sqlite3"    # renewals a staffed session took while offline
    outbox_key = "/var/lib/mynakiosk/outbox.key"    # 32 random bytes; made on first start if neither exists
    receipts = "/var/lib/mynakiosk/receipts"        # optional: printed receipts (PDF) go here

    [printer]
    queue = "receipts"                      # optional: the CUPS queue of the kiosk's receipt printer

    [audio]
    device = "plughw:CARD=Headset,DEV=0"    # optional: the ALSA device of a handset or earphone jack
    volume = 5                              # optional: the start volume, 1 (quiet) to 5 (full); residents change it
    [help]
    helpline = "0120-95-0178"               # optional: the number the Help button shows (default: the national
                                            # My Number toll-free line, マイナンバー総合フリーダイヤル)
    help_text = "平日 9:00-17:00 市民課"     # optional: one line under it, shown as written (hours, the desk)
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.backend_client import KioskIdentity
from kiosk.card.verify import TrustAnchors
from kiosk.flows.messages import DEFAULT_LANGUAGE, LANGUAGES
from kiosk.wire import KIOSK_ID_PATTERN, MUNICIPALITY_CODE_PATTERN

OUTBOX_KEY_BYTES = 32
_KIOSK_ID = re.compile(KIOSK_ID_PATTERN)
_MUNICIPALITY = re.compile(MUNICIPALITY_CODE_PATTERN)
_READER_SCHEMES = ("pcsc", "nfc", "sim")
_USB_ID = re.compile(r"[0-9a-fA-F]{4}:[0-9a-fA-F]{4}")
_CUPS_QUEUE = re.compile(r"[A-Za-z0-9_.-]{1,127}")  # what lpadmin accepts as a printer name, less the exotic
_ALSA_DEVICE = re.compile(r"[A-Za-z0-9_.:,=-]{1,120}")  # hw:1,0 / plughw:CARD=Headset,DEV=0 / default
VOLUME_STEPS = 5
_PHONE = re.compile(r"[0-9+][0-9 ()+-]{2,29}")
_HELP_TEXT = re.compile(r"[^\x00-\x1f\x7f]{1,80}")  # one line a resident reads beside the number
NATIONAL_HELPLINE = "0120-95-0178"  # マイナンバー総合フリーダイヤル, the Digital Agency's toll-free line


class SiteConfigError(ValueError):
    """The configuration cannot be used; the message names the file's setting and what is wrong with it."""


@dataclass(frozen=True)
class CameraConfig:
    device: int | str
    width: int
    height: int
    fps: float
    usb_ids: tuple[str, ...] = ()  # "vvvv:pppp": the only camera models accepted (empty: any real camera)


@dataclass(frozen=True)
class Helpline:
    """What the Help button shows: the number to call and a line of the site's own (hours, which desk).
    ``national``: no number of the site's own, so the screen names the national My Number toll-free line."""

    number: str = NATIONAL_HELPLINE
    text: str = ""
    national: bool = True


@dataclass(frozen=True)
class SiteConfig:
    """Everything a real kiosk is wired from, checked and loaded (keys are objects, not paths)."""

    identity: KioskIdentity
    municipality: str
    staffed: bool
    language: str
    backend_url: str
    verify_tls: bool | str  # True (the system's CAs) or the path of a CA bundle
    client_cert: tuple[str, str] | None  # (certificate, key) paths for mutual TLS
    anchors: TrustAnchors
    reader_uri: str
    contact_reader: bool
    camera: CameraConfig
    outbox_path: Path
    outbox_key: bytes = field(repr=False)  # the key that opens residents' queued submissions
    receipts: Path | None
    keypad_shuffle: bool = False  # a site's choice against shoulder-surfing; the fixed layout is easier to use
    printer_queue: str | None = None  # the CUPS queue receipts print on; None: no printer (receipts stay files)
    audio_device: str | None = None  # the ALSA device of the voice guide (a handset, an earphone); None: the default
    volume: int = VOLUME_STEPS  # the voice guide's start volume, 1..VOLUME_STEPS; each resident starts from it
    helpline: Helpline = field(default_factory=Helpline)  # what the Help button on every screen shows
    source: Path | None = None  # the file it was loaded from

    def summary(self) -> str:
        """What was configured, for ``--check`` and the log: no key material."""
        where = "staffed pop-up session" if self.staffed else "unstaffed kiosk"
        return (
            f"kiosk {self.identity.kiosk_id} ({where}, municipality {self.municipality}, starts in {self.language}); "
            f"backend {self.backend_url}; reader {self.reader_uri}; camera {self.camera.device!r} "
            f"{self.camera.width}x{self.camera.height}@{self.camera.fps:g}; outbox {self.outbox_path}"
        )


def load(path: Path) -> SiteConfig:
    """Read and check ``path``; ``SiteConfigError`` says which setting is wrong."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SiteConfigError(f"cannot read the configuration {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SiteConfigError(f"{path} is not valid TOML: {exc}") from None
    return dataclasses.replace(parse(raw, base=path.parent), source=path.resolve())


def parse(raw: Mapping[str, Any], *, base: Path) -> SiteConfig:
    """Check a parsed configuration; relative paths are taken from ``base`` (the file's folder)."""
    s = _Settings(raw, base)
    kiosk_id = s.text("kiosk", "id", pattern=_KIOSK_ID, what="1-64 of A-Z a-z 0-9 . _ -")
    identity = KioskIdentity(kiosk_id, _signing_key(s.existing_file("kiosk", "signing_key"), "kiosk.signing_key"))
    municipality = s.text("kiosk", "municipality", pattern=_MUNICIPALITY, what="a 6-digit municipality code")
    language = s.text("kiosk", "language", default=DEFAULT_LANGUAGE)
    if language not in LANGUAGES:
        raise SiteConfigError(f"kiosk.language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    url = s.text("backend", "url")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise SiteConfigError(f"backend.url must be an https:// (or http:// on loopback) URL, not {url!r}")
    if parts.scheme == "http" and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SiteConfigError("backend.url: plain http is allowed only on loopback; use https")
    ca_bundle = s.optional_file("backend", "ca_bundle")
    cert, key = s.optional_file("backend", "client_certificate"), s.optional_file("backend", "client_key")
    if (cert is None) != (key is None):
        raise SiteConfigError("backend.client_certificate and backend.client_key go together: set both or neither")
    anchors = _anchors(s.existing_file("trust", "jpki_roots"), s.existing_file("trust", "card_ap_roots"))
    reader_uri = s.text("reader", "uri")
    if reader_uri.partition(":")[0] not in _READER_SCHEMES:
        raise SiteConfigError(f"reader.uri {reader_uri!r}: expected pcsc, pcsc:NAME, nfc:usb or sim:PATH")
    outbox = s.path("storage", "outbox")
    receipts = s.optional_path("storage", "receipts")
    camera = CameraConfig(
        device=s.device("camera", "device"),
        width=s.number("camera", "width", default=1280, low=160, high=7680),
        height=s.number("camera", "height", default=720, low=120, high=4320),
        fps=float(s.number("camera", "fps", default=30, low=5, high=120)),
        usb_ids=s.strings("camera", "usb_ids", pattern=_USB_ID, what='"vvvv:pppp" (hex USB vendor and product)'),
    )
    staffed, contact = s.flag("kiosk", "staffed", default=False), s.flag("reader", "contact", default=False)
    key_path = s.path("storage", "outbox_key")
    keypad_shuffle = s.flag("kiosk", "keypad_shuffle", default=False)
    printer_queue = (
        s.text("printer", "queue", pattern=_CUPS_QUEUE, what="a CUPS queue name") if s.has("printer", "queue") else None
    )
    audio_device = (
        s.text("audio", "device", pattern=_ALSA_DEVICE, what="an ALSA device name")
        if s.has("audio", "device")
        else None
    )
    volume = s.number("audio", "volume", default=VOLUME_STEPS, low=1, high=VOLUME_STEPS)
    helpline = _helpline(s)
    s.refuse_unknown()  # a misspelt setting would otherwise be silently left at its default
    return SiteConfig(
        identity=identity,
        municipality=municipality,
        staffed=staffed,
        language=language,
        backend_url=url.rstrip("/"),
        verify_tls=str(ca_bundle) if ca_bundle else True,
        client_cert=(str(cert), str(key)) if cert and key else None,
        anchors=anchors,
        reader_uri=reader_uri,
        contact_reader=contact,
        camera=camera,
        outbox_path=outbox,
        outbox_key=outbox_key(key_path, outbox, _credentials()),  # last: made on the first start, once all is right
        receipts=receipts,
        keypad_shuffle=keypad_shuffle,
        printer_queue=printer_queue,
        audio_device=audio_device,
        volume=volume,
        helpline=helpline,
    )


def _helpline(s: _Settings) -> Helpline:
    text = (
        s.text("help", "help_text", pattern=_HELP_TEXT, what="one line of at most 80 characters")
        if s.has("help", "help_text")
        else ""
    )
    if not s.has("help", "helpline"):
        return Helpline(text=text)
    number = s.text("help", "helpline", pattern=_PHONE, what='a telephone number such as "0120-95-0178"')
    return Helpline(number, text, national=number == NATIONAL_HELPLINE)


OUTBOX_CREDENTIAL = "outbox-key"
"""The credential name an installed kiosk's unit loads the sealed outbox key under (``LoadCredentialEncrypted=``)."""


def _credentials() -> Path | None:
    """systemd's directory of this service's decrypted credentials, when the unit passes any."""
    directory = os.environ.get("CREDENTIALS_DIRECTORY")
    return Path(directory) if directory else None


def outbox_key(key_path: Path, outbox: Path, credentials: Path | None = None) -> bytes:
    """The outbox's AES key.

    On an installed kiosk the key is a systemd credential, sealed with ``systemd-creds`` (the TPM2 where there is
    one, the host key otherwise) and handed to the service decrypted in ``credentials`` (``$CREDENTIALS_DIRECTORY``,
    memory only); the file ``key_path`` is then not used. Otherwise — the simulator, a development machine — the key
    is that file, made (32 random bytes, mode 0600) on the first start when neither it nor the outbox exists; a
    missing key beside an existing outbox is an error, since what the outbox holds could no longer be read."""
    sealed = credentials / OUTBOX_CREDENTIAL if credentials is not None else None
    if sealed is not None and sealed.exists():
        try:
            key = sealed.read_bytes()
        except OSError as exc:
            raise SiteConfigError(f"credential {OUTBOX_CREDENTIAL}: cannot read {sealed}: {exc.strerror}") from None
        if len(key) != OUTBOX_KEY_BYTES:
            raise SiteConfigError(f"credential {OUTBOX_CREDENTIAL} must hold exactly {OUTBOX_KEY_BYTES} bytes")
        return key
    if not key_path.exists():
        if outbox.exists():
            raise SiteConfigError(
                f"storage.outbox_key {key_path} is missing but the outbox {outbox} exists: restore the key "
                "(a new one cannot read what the outbox holds)"
            )
        key_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise SiteConfigError(f"storage.outbox_key: cannot create {key_path}: {exc.strerror}") from None
        with os.fdopen(fd, "wb") as out:
            out.write(os.urandom(OUTBOX_KEY_BYTES))
    try:
        key = key_path.read_bytes()
    except OSError as exc:
        raise SiteConfigError(f"storage.outbox_key: cannot read {key_path}: {exc.strerror}") from None
    if len(key) != OUTBOX_KEY_BYTES:
        raise SiteConfigError(f"storage.outbox_key {key_path} must hold exactly {OUTBOX_KEY_BYTES} bytes")
    return key


def _signing_key(path: Path, name: str) -> ec.EllipticCurvePrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError, OSError):
        raise SiteConfigError(f"{name} {path} is not an unencrypted PEM private key") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise SiteConfigError(f"{name} {path} must be an EC key (the service verifies ECDSA request signatures)")
    return key


def _anchors(jpki: Path, card_ap: Path) -> TrustAnchors:
    try:
        return TrustAnchors.from_pem(jpki.read_bytes(), card_ap.read_bytes())
    except (ValueError, OSError) as exc:
        raise SiteConfigError(f"trust.jpki_roots / trust.card_ap_roots cannot be used: {exc}") from None


class _Settings:
    """Typed access to ``[section] name`` with messages that name the setting."""

    def __init__(self, raw: Mapping[str, Any], base: Path) -> None:
        self._raw = raw
        self._base = base
        self._known: set[tuple[str, str]] = set()

    def _value(self, section: str, name: str) -> Any:
        self._known.add((section, name))
        table = self._raw.get(section, {})
        if not isinstance(table, Mapping):
            raise SiteConfigError(f"[{section}] must be a table")
        return table.get(name)

    def refuse_unknown(self) -> None:
        sections = {section for section, _ in self._known}
        for section, table in self._raw.items():
            if section not in sections:
                raise SiteConfigError(f"[{section}] is not a setting of this kiosk (see packaging/kiosk.toml.example)")
            for name in table:
                if (section, name) not in self._known:
                    raise SiteConfigError(f"{section}.{name} is not a setting of this kiosk (misspelt?)")

    def text(
        self,
        section: str,
        name: str,
        *,
        default: str | None = None,
        pattern: re.Pattern[str] | None = None,
        what: str = "",
    ) -> str:
        value = self._value(section, name)
        if value is None and default is not None:
            return default
        if not isinstance(value, str) or not value:
            raise SiteConfigError(f"{section}.{name} is required (a string)")
        if pattern is not None and not pattern.fullmatch(value):
            raise SiteConfigError(f"{section}.{name} must be {what}, not {value!r}")
        return value

    def strings(self, section: str, name: str, *, pattern: re.Pattern[str], what: str) -> tuple[str, ...]:
        value = self._value(section, name)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and pattern.fullmatch(v) for v in value):
            raise SiteConfigError(f"{section}.{name} must be a list of {what}")
        return tuple(v.lower() for v in value)

    def has(self, section: str, name: str) -> bool:
        return self._value(section, name) is not None

    def flag(self, section: str, name: str, *, default: bool) -> bool:
        value = self._value(section, name)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise SiteConfigError(f"{section}.{name} must be true or false")
        return value

    def number(self, section: str, name: str, *, default: int, low: int, high: int) -> int:
        value = self._value(section, name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise SiteConfigError(f"{section}.{name} must be a whole number from {low} to {high}")
        return value

    def device(self, section: str, name: str) -> int | str:
        value = self._value(section, name)
        if value is None:
            return 0
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 64:
            return value
        if isinstance(value, str) and value:
            return str(self._resolve(value))
        raise SiteConfigError(f"{section}.{name} must be a /dev/videoN number (0-63) or a path")

    def path(self, section: str, name: str) -> Path:
        value = self._value(section, name)
        if not isinstance(value, str) or not value:
            raise SiteConfigError(f"{section}.{name} is required (a path)")
        return self._resolve(value)

    def optional_path(self, section: str, name: str) -> Path | None:
        return self.path(section, name) if self._value(section, name) is not None else None

    def existing_file(self, section: str, name: str) -> Path:
        path = self.path(section, name)
        if not path.is_file():
            raise SiteConfigError(f"{section}.{name}: no file {path}")
        return path

    def optional_file(self, section: str, name: str) -> Path | None:
        return self.existing_file(section, name) if self._value(section, name) is not None else None

    def _resolve(self, value: str) -> Path:
        path = Path(value).expanduser()
        return path if path.is_absolute() else self._base / path
