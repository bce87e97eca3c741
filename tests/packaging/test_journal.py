"""Logs to the journal as structured fields (journald's native protocol), and no personal data in them.

journald cannot run here; the test owns the datagram socket the handler writes to and decodes what arrives.
"""

from __future__ import annotations

import logging
import socket
import struct
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.journal import JournalError, JournalHandler, encode
from mynakiosk.commands.demo import run_headless
from mynakiosk.demo.resident import Resident
from sim.personalise import DEFAULT_AUTH_PIN, DEFAULT_SIGN_PIN
from sim.personas import get_persona


def decode(datagram: bytes) -> dict[str, str]:
    fields: dict[str, str] = {}
    rest = datagram
    while rest:
        line, _, after = rest.partition(b"\n")
        if b"=" in line:
            key, _, value = line.partition(b"=")
            fields[key.decode()] = value.decode()
            rest = after
        else:  # KEY\n<64-bit little-endian length><value>\n
            (length,) = struct.unpack("<Q", after[:8])
            fields[line.decode()] = after[8 : 8 + length].decode()
            rest = after[8 + length + 1 :]
    return fields


class Journal:
    """The journal's end of the socket: every datagram, decoded, collected on a thread."""

    def __init__(self, path: Path) -> None:
        self.address = str(path)
        self.records: list[dict[str, str]] = []
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        self._server.bind(self.address)
        self._server.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while not self._stop.is_set():
            try:
                self.records.append(decode(self._server.recv(1 << 20)))
            except TimeoutError:
                continue

    def close(self) -> list[dict[str, str]]:
        self._stop.set()
        self._thread.join(5)
        if self._server.fileno() == -1:
            return self.records  # closed already
        self._server.setblocking(False)
        while True:  # what arrived after the thread's last read
            try:
                self.records.append(decode(self._server.recv(1 << 20)))
            except BlockingIOError:
                break
        self._server.close()
        return self.records


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    journal = Journal(tmp_path / "journal.socket")
    yield journal
    journal.close()


def test_a_record_arrives_as_structured_fields(journal: Journal) -> None:
    log = logging.getLogger("kiosk.outbox")
    handler = JournalHandler(address=journal.address)
    log.addHandler(handler)
    try:
        log.warning("outbox holds %d submissions", 3, extra={"journal": {"outbox_pending": 3}})
        try:
            raise ValueError("a typed failure\nover two lines")
        except ValueError:
            log.exception("sync failed")
    finally:
        log.removeHandler(handler)
        handler.close()
    warning, failure = journal.close()
    assert warning["MESSAGE"] == "outbox holds 3 submissions"
    assert (warning["PRIORITY"], warning["SYSLOG_IDENTIFIER"], warning["LOGGER"]) == ("4", "mynakiosk", "kiosk.outbox")
    assert warning["OUTBOX_PENDING"] == "3" and warning["CODE_FUNC"] == "test_a_record_arrives_as_structured_fields"
    assert failure["PRIORITY"] == "3" and "ValueError: a typed failure\nover two lines" in failure["MESSAGE"]


def test_field_names_the_journal_refuses_are_typed_errors() -> None:
    assert encode({"MESSAGE": "one\ntwo"}) == b"MESSAGE\n" + struct.pack("<Q", 7) + b"one\ntwo\n"
    with pytest.raises(JournalError, match="'lower'"):
        encode({"lower": "x"})


@pytest.mark.slow
def test_a_whole_session_logs_no_personal_data(journal: Journal, capsys: pytest.CaptureFixture[str]) -> None:
    """A resident's PIN reset end to end (simulator, embedded backend), every logger at DEBUG to the journal."""
    root = logging.getLogger()
    handler = JournalHandler(address=journal.address)
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        assert run_headless("sign-pin-reset", "tanaka", None, as_json=False) == 0
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        handler.close()
    records = journal.close()
    # A successful session's own code logs little; the HTTP client logs every call, so the PIN reset's last call
    # in the journal shows it heard the whole session (not only until the embedded backend reconfigured logging).
    calls = [r["MESSAGE"] for r in records if r["LOGGER"].startswith("urllib3")]
    assert any("/v1/pin-resets/" in call and "/confirm" in call for call in calls), calls
    persona, resident = get_persona("tanaka"), Resident.__dataclass_fields__
    secrets = {
        persona.family_name, persona.given_name, persona.family_kana, persona.given_kana, persona.address,
        DEFAULT_SIGN_PIN, str(resident["new_sign_pin"].default),
    }  # fmt: skip
    text = "\n".join("\n".join(record.values()) for record in records)
    assert [secret for secret in secrets if secret in text] == []
    assert DEFAULT_AUTH_PIN not in {value for record in records for value in record.values()}
