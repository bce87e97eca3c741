"""Redacted APDU traces for technicians.

Redaction is by construction: a trace entry is built from the command's header, its declared redaction level and
the response's length and status word. Response data is never copied into a trace, and command data only when the
command declares it harmless (the AID or file id of a SELECT). PIN bytes cannot reach a trace: VERIFY and CHANGE
REFERENCE DATA are built with ``Redact.SECRET``, which hides even their length.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TextIO

from kiosk.card.apdu import Command, Ins, Response

_INS_NAMES = {i.value: i.name for i in Ins}


@dataclass(frozen=True)
class TraceEntry:
    t: float
    command: str  # e.g. "00 A4 04 0C [AID D392F00026010000 0001]" or "00 20 00 80 [secret]"
    ins: str
    le: int | None
    response_length: int
    sw: str

    def line(self) -> str:
        return f"{self.command} -> {self.response_length} B, SW {self.sw}"


def entry_for(command: Command, raw_command: bytes, response: Response) -> TraceEntry:
    header = " ".join(f"{b:02X}" for b in raw_command[:4])
    return TraceEntry(
        t=time.time(),
        command=header + command.data_summary(),
        ins=_INS_NAMES.get(command.ins, f"{command.ins:02X}"),
        le=command.le,
        response_length=len(response.data),
        sw=f"{response.sw:04X}",
    )


class TraceRecorder:
    """Collects entries in memory (for tests and the technician screen) and optionally writes JSON lines."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.entries: list[TraceEntry] = []
        self._stream = stream

    def __call__(self, entry: TraceEntry) -> None:
        self.entries.append(entry)
        if self._stream is not None:
            self._stream.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
            self._stream.flush()

    @classmethod
    def to_file(cls, path: Path) -> TraceRecorder:
        return cls(path.open("w", encoding="utf-8"))

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None
