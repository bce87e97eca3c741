"""The port to J-LIS: the service sends batches through it and collects J-LIS's signed feeds from it.

In production it is the municipality's link to J-LIS; a city that moves files by hand uses ``FileDrop`` (the
``jlis export``/``import`` commands and the office's download and upload); the tests and the demo put the simulated
J-LIS of ``sim/jlis.py`` behind it (wired in ``mynakiosk/`` or the tests: ``backend`` never imports ``sim``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol


class JlisGateway(Protocol):
    def send(self, name: str, batch: bytes) -> None:
        """Hand one signed batch file (``name`` ends in ``.zip``) to J-LIS."""
        ...

    def collect(self) -> list[bytes]:
        """The signed feeds J-LIS has sent since the last call, oldest first."""
        ...


class FileDrop:
    """Batches written to ``outbox``; feeds read (and then left alone: importing twice changes nothing) from the
    ``*.json`` files of ``inbox``."""

    def __init__(self, outbox: Path, inbox: Path | None = None) -> None:
        self.outbox = outbox
        self.inbox = inbox

    def send(self, name: str, batch: bytes) -> None:
        self.outbox.mkdir(parents=True, exist_ok=True)
        path = self.outbox / name
        path.write_bytes(batch)
        path.chmod(0o600)  # personal data: the city's operator only

    def collect(self) -> list[bytes]:
        if self.inbox is None:
            return []
        return [p.read_bytes() for p in sorted(self.inbox.glob("*.json"))]
