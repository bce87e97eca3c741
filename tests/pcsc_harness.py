"""A private ``pcscd`` with the vsmartcard-vpcd reader, and the virtual card served into it, for tests and benches.

What it does, so a test author can rely on it:

* ``pcscd -f`` runs in its **own mount namespace** (``unshare -m``) with a tmpfs over ``/run``, and its socket
  directory ``/run/pcscd`` bound to a temporary directory of ours. A system ``pcscd`` (if any) is not touched:
  its socket, pid file and readers stay as they were; ``/dev/bus/usb`` is hidden from ours so the two never
  fight over a real USB reader. Our pcscd reads only our ``reader.conf.d`` with one vpcd reader on two free
  TCP ports (vpcd always opens two slots: ``Virtual PCD 00 00`` on the first port, ``... 00 01`` on the next).
* Clients find it through ``PCSCLITE_CSOCK_NAME``. libpcsclite reads that variable **once per process**, so this
  module sets it at import, to one path for the life of the process; every pcscd it starts (also a restart)
  listens there. Subprocesses (``opensc-tool``, ``mynakiosk``) inherit it. Import this module before any
  PC/SC call in the test process.
* ``mynakiosk sim serve-vpcd`` runs as a subprocess for a card image; ``insert``/``remove`` go to its stdin.
* One private pcscd at a time per process (they would share the socket path); nesting raises.
* Every wait is bounded and everything is stopped by PID (SIGTERM, then SIGKILL after a grace period).

Requires root (or unprivileged user namespaces), ``unshare`` (util-linux), ``pcscd`` and ``vsmartcard-vpcd``;
:func:`unavailable_reason` says what is missing so a test can skip with that sentence.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
READER_FRIENDLY_NAME = "Virtual PCD"
START_TIMEOUT = 15.0
STOP_GRACE = 5.0

_RUN_DIR = Path(tempfile.mkdtemp(prefix="mynakiosk-pcscd-"))
SOCKET_PATH = _RUN_DIR / "pcscd.comm"
os.environ["PCSCLITE_CSOCK_NAME"] = str(SOCKET_PATH)
atexit.register(shutil.rmtree, _RUN_DIR, True)


_RUNNING: list[PrivatePcscd] = []


class HarnessError(RuntimeError):
    """pcscd or serve-vpcd did not start or stop as expected; the message names the log to read."""


def unavailable_reason() -> str | None:
    """None if this machine can run the harness, else one sentence saying what is missing."""
    for tool in ("pcscd", "unshare"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (run scripts/bootstrap)"
    if not VPCD_DRIVER.exists():
        return f"{VPCD_DRIVER} is missing (apt package vsmartcard-vpcd; run scripts/bootstrap)"
    if os.geteuid() != 0:
        return "the private pcscd needs root for its own mount namespace (run the tests as root)"
    return None


def _free_port_pair() -> int:
    """A port P such that P and P+1 are both free on every interface (vpcd binds 0.0.0.0)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("0.0.0.0", 0))
            port = int(probe.getsockname()[1])
        if port >= 65535:
            continue
        try:
            with socket.socket() as a, socket.socket() as b:
                a.bind(("0.0.0.0", port))
                b.bind(("0.0.0.0", port + 1))
        except OSError:
            continue
        return port
    raise HarnessError("found no two consecutive free TCP ports for vpcd")


def _stop_process(proc: subprocess.Popen[bytes], what: str) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(STOP_GRACE)
    except subprocess.TimeoutExpired:
        proc.kill()
        try:
            proc.wait(STOP_GRACE)
        except subprocess.TimeoutExpired as exc:
            raise HarnessError(f"{what} (pid {proc.pid}) survived SIGKILL") from exc


def _pcsc_readers() -> list[str]:
    from smartcard import scard

    rv, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if rv != scard.SCARD_S_SUCCESS:
        return []
    try:
        rv, readers = scard.SCardListReaders(ctx, [])
        return list(readers) if rv == scard.SCARD_S_SUCCESS else []
    finally:
        scard.SCardReleaseContext(ctx)


def _card_present(reader: str, want: bool, timeout: float) -> bool:
    """Wait (bounded, event-driven) until ``reader`` has a card (``want``) or has none (``not want``)."""
    from smartcard import scard

    deadline = time.monotonic() + timeout
    rv, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if rv != scard.SCARD_S_SUCCESS:
        return False
    try:
        state = scard.SCARD_STATE_UNAWARE
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            rv, states = scard.SCardGetStatusChange(ctx, int(remaining * 1000), [(reader, state)])
            if rv == scard.SCARD_E_TIMEOUT:
                return False
            if rv != scard.SCARD_S_SUCCESS:
                time.sleep(0.05)
                state = scard.SCARD_STATE_UNAWARE
                continue
            _, event, _atr = states[0]
            present = bool(event & scard.SCARD_STATE_PRESENT)
            if present == want:
                return True
            state = event & ~scard.SCARD_STATE_CHANGED
    finally:
        scard.SCardReleaseContext(ctx)


@dataclass
class PrivatePcscd:
    """One private pcscd with one vpcd reader (two slots, ``port`` and ``port + 1``)."""

    port: int
    workdir: Path
    debug: bool = False
    process: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = field(default=None, repr=False)

    @property
    def reader_name(self) -> str:
        """The PC/SC name of the first slot, the one :func:`serve_card_in_pcscd` uses."""
        return self.slot_name(0)

    @staticmethod
    def slot_name(slot: int) -> str:
        """The PC/SC name of vpcd slot 0 or 1."""
        return f"{READER_FRIENDLY_NAME} 00 {slot:02d}"

    @property
    def log_path(self) -> Path:
        return self.workdir / "pcscd.log"

    def start(self) -> None:
        """Start pcscd and wait until it lists the vpcd reader."""
        conf = self.workdir / "reader.conf.d"
        conf.mkdir(exist_ok=True)
        (conf / "vpcd").write_text(
            f'FRIENDLYNAME "{READER_FRIENDLY_NAME}"\n'
            f"DEVICENAME   /dev/null:{self.port}\n"
            f"LIBPATH      {VPCD_DRIVER}\n"
            f"CHANNELID    {self.port}\n"
        )
        hide_usb = "mount -t tmpfs none /dev/bus/usb; " if Path("/dev/bus/usb").is_dir() else ""
        # Inside the namespace: a private /run, our directory as /run/pcscd, then exec (same PID as Popen's).
        script = (
            "set -e; mount -t tmpfs none /run; mkdir /run/pcscd; "
            f'mount --bind "{_RUN_DIR}" /run/pcscd; {hide_usb}'
            f'exec pcscd --foreground {"--debug --apdu" if self.debug else "--info"} --config "{conf}"'
        )
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            ["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HarnessError(f"pcscd exited with {self.process.returncode}; see {self.log_path}")
            if self.reader_name in _pcsc_readers():
                return
            time.sleep(0.05)
        self.stop()
        raise HarnessError(f"pcscd did not list {self.reader_name!r} within {START_TIMEOUT} s; see {self.log_path}")

    def stop(self) -> None:
        if self.process is not None:
            _stop_process(self.process, "pcscd")
            self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def restart(self) -> None:
        """Stop and start again on the same ports and socket (what a pcscd crash and restart looks like)."""
        self.stop()
        self.start()


def _serve_vpcd() -> list[str]:
    """``mynakiosk sim serve-vpcd``, started without the CLI root's lazy group (the same command object)."""
    code = "from mynakiosk.commands.sim_vpcd import serve_vpcd; serve_vpcd(prog_name='mynakiosk sim serve-vpcd')"
    return [sys.executable, "-c", code]


@dataclass
class ServedCard:
    """A ``mynakiosk sim serve-vpcd`` process holding one card image in one vpcd slot."""

    card_image: Path
    pcscd: PrivatePcscd
    faults: str | None = None
    slot: int = 0  # vpcd has two slots: 0 ("... 00 00", port P) and 1 ("... 00 01", port P + 1)
    process: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = field(default=None, repr=False)

    @property
    def reader_name(self) -> str:
        return self.pcscd.slot_name(self.slot)

    @property
    def log_path(self) -> Path:
        return self.pcscd.workdir / f"serve-vpcd-{self.slot}.log"

    def start(self) -> None:
        """Start serve-vpcd and wait until pcscd shows the card in the reader."""
        command = [
            *_serve_vpcd(),
            "--card",
            str(self.card_image),
            "--port",
            str(self.pcscd.port + self.slot),
        ]
        if self.faults:
            command += ["--faults", self.faults]
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=self._log, stderr=subprocess.STDOUT)
        self.wait_present(True)

    def _send(self, command: str) -> None:
        if self.process is None or self.process.stdin is None or self.process.poll() is not None:
            raise HarnessError(f"serve-vpcd is not running; see {self.log_path}")
        self.process.stdin.write(command.encode() + b"\n")
        self.process.stdin.flush()

    def wait_present(self, present: bool, timeout: float = START_TIMEOUT) -> None:
        if not _card_present(self.reader_name, present, timeout):
            state = "show" if present else "stop showing"
            raise HarnessError(
                f"pcscd did not {state} the card within {timeout} s; see {self.log_path} and {self.pcscd.log_path}"
            )

    def remove(self, *, wait: bool = True) -> None:
        """Pull the card out; with ``wait``, return once pcscd reports the reader empty."""
        self._send("remove")
        if wait:
            self.wait_present(False)

    def insert(self, *, wait: bool = True) -> None:
        """Put the card back; with ``wait``, return once pcscd reports it present."""
        self._send("insert")
        if wait:
            self.wait_present(True)

    def stop(self) -> None:
        if self.process is not None:
            if self.process.stdin is not None:
                self.process.stdin.close()
            _stop_process(self.process, "serve-vpcd")
            self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None


@dataclass(frozen=True)
class PcscSession:
    """What :func:`pcsc_card_session` yields: the reader URI plus handles to the two processes."""

    uri: str
    reader_name: str
    pcscd: PrivatePcscd
    card: ServedCard

    @contextmanager
    def second_card(
        self, card_image_path: str | os.PathLike[str], *, faults: str | None = None
    ) -> Iterator[ServedCard]:
        """Another card in vpcd's second slot (``Virtual PCD 00 01``) of the same pcscd, while the block runs."""
        served = ServedCard(Path(card_image_path), self.pcscd, faults=faults, slot=1)
        try:
            served.start()
            yield served
        finally:
            served.stop()


@contextmanager
def private_pcscd(*, debug: bool = False) -> Iterator[PrivatePcscd]:
    """A running private pcscd (no card yet); stopped on exit."""
    reason = unavailable_reason()
    if reason is not None:
        raise HarnessError(reason)
    if _RUNNING:
        # Clients of this process reach pcscd through one socket path, so only one private pcscd can serve it.
        raise HarnessError("a private pcscd is already running in this process; nest no pcscd sessions")
    with tempfile.TemporaryDirectory(prefix="mynakiosk-pcsc-") as tmp:
        service = PrivatePcscd(port=_free_port_pair(), workdir=Path(tmp), debug=debug)
        _RUNNING.append(service)
        try:
            service.start()
            yield service
        finally:
            _RUNNING.remove(service)
            service.stop()


@contextmanager
def pcsc_card_session(
    card_image_path: str | os.PathLike[str], *, faults: str | None = None, debug: bool = False
) -> Iterator[PcscSession]:
    """pcscd + serve-vpcd for ``card_image_path``; yields once the reader shows the card; stops both."""
    with ExitStack() as stack:
        service = stack.enter_context(private_pcscd(debug=debug))
        served = ServedCard(Path(card_image_path), service, faults=faults)
        stack.callback(served.stop)
        served.start()
        yield PcscSession(f"pcsc:{service.reader_name}", service.reader_name, service, served)


@contextmanager
def serve_card_in_pcscd(card_image_path: str | os.PathLike[str]) -> Iterator[str]:
    """The card image in a reader of a private pcscd; yields a reader URI such as ``pcsc:Virtual PCD 00 00``."""
    with pcsc_card_session(card_image_path) as session:
        yield session.uri
