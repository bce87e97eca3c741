"""Log records to the systemd journal as structured fields (journald's native protocol), without libsystemd.

Each record is one datagram to ``/run/systemd/journal/socket``: ``MESSAGE``, ``PRIORITY`` (syslog levels),
``SYSLOG_IDENTIFIER``, ``LOGGER``, ``CODE_FILE``/``CODE_LINE``/``CODE_FUNC``, ``THREAD_NAME``, and any
``extra={"journal": {"FIELD": value}}`` the caller adds (``journalctl -u mynakiosk-kiosk LOGGER=kiosk.outbox``
then finds them). What is logged is the caller's business: nothing here adds personal data, and the kiosk's code
logs none (a test reads a whole session's records).
"""

from __future__ import annotations

import logging
import os
import re
import socket
import struct
import traceback
from collections.abc import Mapping

JOURNAL_SOCKET = "/run/systemd/journal/socket"
_FIELD = re.compile(r"^[A-Z0-9][A-Z0-9_]*$")

# logging level -> syslog priority (journalctl -p)
_PRIORITY = {logging.CRITICAL: 2, logging.ERROR: 3, logging.WARNING: 4, logging.INFO: 6, logging.DEBUG: 7}


class JournalError(OSError):
    """A field name the journal refuses; the message names it."""


def encode(fields: Mapping[str, object]) -> bytes:
    """The native protocol's encoding: ``KEY=value\\n``, or ``KEY\\n<64-bit length>value\\n`` for a value with
    a newline."""
    out = bytearray()
    for key, value in fields.items():
        if not _FIELD.match(key) or len(key) > 64:
            raise JournalError(f"journal field name {key!r} is not upper-case letters, digits and underscores")
        data = value if isinstance(value, bytes) else str(value).encode("utf-8", errors="replace")
        if b"\n" in data:
            out += key.encode() + b"\n" + struct.pack("<Q", len(data)) + data + b"\n"
        else:
            out += key.encode() + b"=" + data + b"\n"
    return bytes(out)


class JournalHandler(logging.Handler):
    """A logging handler writing to journald's socket (``address``: another socket, for tests)."""

    def __init__(self, identifier: str = "mynakiosk", address: str = JOURNAL_SOCKET) -> None:
        super().__init__()
        self.identifier = identifier
        self.address = address
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)

    @staticmethod
    def available(address: str = JOURNAL_SOCKET) -> bool:
        """True when started by systemd with the output going to the journal (and its socket exists)."""
        return bool(os.environ.get("JOURNAL_STREAM")) and os.path.exists(address)

    def fields(self, record: logging.LogRecord) -> dict[str, object]:
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + "".join(traceback.format_exception(*record.exc_info))
        fields: dict[str, object] = {
            "MESSAGE": message,
            "PRIORITY": _PRIORITY.get(record.levelno, 6),
            "SYSLOG_IDENTIFIER": self.identifier,
            "LOGGER": record.name,
            "CODE_FILE": record.pathname,
            "CODE_LINE": record.lineno,
            "CODE_FUNC": record.funcName,
            "THREAD_NAME": record.threadName,
        }
        extra = getattr(record, "journal", None)
        if isinstance(extra, Mapping):
            fields.update({str(k).upper(): v for k, v in extra.items()})
        return fields

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._socket.fileno() == -1:
                # Closed by someone else's logging.config.dictConfig (uvicorn's, in the embedded backend), which
                # closes every handler it finds; the handler stays on its logger, so it opens a new socket.
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
            self._socket.sendto(encode(self.fields(record)), self.address)
        except (OSError, ValueError):
            self.handleError(record)  # logging's own policy: report on stderr, never raise into the caller

    def close(self) -> None:
        self._socket.close()
        super().close()
