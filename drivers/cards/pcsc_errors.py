"""PC/SC result codes → the card layer's typed transport errors.

One table, so every PC/SC call in ``drivers/cards/pcsc.py`` reports the same failure the same way. A message
names the code (``SCARD_W_REMOVED_CARD``) and what a technician can do about it; it never holds APDU content.
"""

from __future__ import annotations

from smartcard import scard

from kiosk.card.errors import (
    CardRemoved,
    CardTimeout,
    NoCard,
    ReaderBusy,
    ReaderGone,
    TransportError,
    UnsupportedReader,
)

SUCCESS: int = scard.SCARD_S_SUCCESS

# code name -> (error type, what to do). Names are looked up on the module so a pyscard without one still imports.
_TABLE: dict[str, tuple[type[TransportError], str]] = {
    "SCARD_W_REMOVED_CARD": (CardRemoved, "the card was removed; insert it again"),
    "SCARD_E_NO_SMARTCARD": (NoCard, "no card in the reader; insert the card"),
    "SCARD_W_RESET_CARD": (CardRemoved, "another program reset the card; start the session again"),
    "SCARD_W_UNPOWERED_CARD": (CardRemoved, "the card lost power; insert it again"),
    "SCARD_W_UNRESPONSIVE_CARD": (CardTimeout, "the card does not answer (mute); re-seat it or try another card"),
    "SCARD_E_TIMEOUT": (CardTimeout, "the reader timed out"),
    "SCARD_E_SHARING_VIOLATION": (ReaderBusy, "another program holds the reader; close it (e.g. a browser plug-in)"),
    "SCARD_E_NO_SERVICE": (ReaderGone, "pcscd is not running (or restarted); start it: systemctl start pcscd.socket"),
    "SCARD_E_SERVICE_STOPPED": (ReaderGone, "pcscd stopped; start it again"),
    "SCARD_E_NO_READERS_AVAILABLE": (ReaderGone, "no reader is connected; plug the reader in"),
    "SCARD_E_READER_UNAVAILABLE": (ReaderGone, "the reader was unplugged; plug it in again"),
    "SCARD_E_UNKNOWN_READER": (ReaderGone, "the reader is not (or no longer) known to pcscd; re-plug it"),
    "SCARD_E_INVALID_HANDLE": (ReaderGone, "the PC/SC connection is stale (pcscd restarted); start again"),
    "SCARD_F_COMM_ERROR": (ReaderGone, "lost the connection to pcscd; check that it is running"),
    "SCARD_W_SECURITY_VIOLATION": (
        ReaderGone,
        "pcscd refused this program: it died and came back under other access rules, or polkit denies the kiosk's "
        "user; check `journalctl -u pcscd` and restart the kiosk",
    ),
    "SCARD_E_PROTO_MISMATCH": (UnsupportedReader, "the card does not speak T=1; this is not a My Number Card"),
    "SCARD_W_UNSUPPORTED_CARD": (UnsupportedReader, "the reader cannot talk to this card"),
    "SCARD_E_READER_UNSUPPORTED": (UnsupportedReader, "pcscd has no working driver for this reader"),
    "SCARD_E_NOT_TRANSACTED": (TransportError, "the reader could not exchange the command; re-seat the card"),
    "SCARD_E_COMM_DATA_LOST": (TransportError, "data was lost between reader and card; re-seat the card"),
    "SCARD_E_INSUFFICIENT_BUFFER": (TransportError, "the card's answer was larger than the reader can carry"),
}

_BY_CODE: dict[int, tuple[str, type[TransportError], str]] = {
    int(getattr(scard, name)): (name, kind, advice) for name, (kind, advice) in _TABLE.items() if hasattr(scard, name)
}


def code_name(rv: int) -> str:
    """``SCARD_…`` name of a result code, or its hex value when it has none."""
    entry = _BY_CODE.get(rv)
    if entry is not None:
        return entry[0]
    for name in dir(scard):
        if name.startswith(("SCARD_E_", "SCARD_W_", "SCARD_F_")) and getattr(scard, name) == rv:
            return name
    return f"{rv & 0xFFFFFFFF:#010x}"


def error_for(rv: int, doing: str) -> TransportError:
    """The typed error for result ``rv`` of a PC/SC call made while ``doing`` (e.g. "sending a command")."""
    entry = _BY_CODE.get(rv)
    if entry is None:
        return TransportError(f"PC/SC failed while {doing}: {code_name(rv)}")
    name, kind, advice = entry
    return kind(f"PC/SC failed while {doing}: {name} — {advice}")


_SERVICE_GONE = frozenset(
    {"SCARD_E_NO_SERVICE", "SCARD_E_SERVICE_STOPPED", "SCARD_E_INVALID_HANDLE", "SCARD_F_COMM_ERROR"}
)


def is_service_gone(rv: int) -> bool:
    """True when the result means pcscd itself is unreachable (not running, restarted, or stopping)."""
    return code_name(rv) in _SERVICE_GONE
