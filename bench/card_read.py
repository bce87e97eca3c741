"""Benchmark: a full identity read (photo, basic four items, certificates, chip checks) on a virtual card.

Prints, one figure per line: APDU count, bytes moved, host CPU time per read (our code plus the in-process card,
and the card's share measured separately), and the modelled time on an ISO/IEC 14443 Type B link at 106 and
424 kbit/s as a ratio to the physical minimum.

The air-time model (stated here because the figures mean nothing without it):

* every byte is a 10-etu character (start bit, 8 data bits, stop bit); 1 etu = 1 / bit rate;
* every frame adds SOF + EOF (22 etu) and 3 bytes of ISO 14443-4 framing (PCB, CRC_B); frames carry at most
  FSC = FSD = 256 bytes, so longer APDUs are chained, each chained block answered by a 3-byte R(ACK) frame;
* each frame exchange adds a fixed turnaround of TR0 + TR1 = 64/fs + 80/fs ≈ 170 µs (fs = 847.5 kHz);
* the card's own processing time is NOT modelled (it is the same for any host), so the figure measures what the
  host's choice of commands costs on the air;
* the physical minimum is the same APDU bytes sent as one continuous stream of 10-etu characters with no frames
  and no turnarounds. (Against 8 bits per byte, the ratio is exactly 10/8 = 1.25 times larger.)

Run: ``.venv/bin/python bench/card_read.py [--reads N]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from drivers.cards.sim import SimReader
from kiosk.card.card import MyNumberCard
from kiosk.card.identity import Secrets, read_identity
from kiosk.card.pin import Pin
from kiosk.card.verify import TrustAnchors

FSC = 256
FRAME_OVERHEAD_BYTES = 3  # PCB + CRC_B
SOF_EOF_ETU = 22
TURNAROUND_S = 64 / 847_500 + 80 / 847_500
R_ACK_BYTES = 3


@dataclass
class Exchange:
    command: int
    response: int


@dataclass
class RecordingConnection:
    """Wraps a connection and records the size of every command and response."""

    inner: object
    log: list[Exchange] = field(default_factory=list)
    card_seconds: float = 0.0

    @property
    def supports_extended(self) -> bool:
        return bool(getattr(self.inner, "supports_extended"))  # noqa: B009

    def transmit(self, apdu: bytes) -> bytes:
        transmit: Callable[[bytes], bytes] = getattr(self.inner, "transmit")  # noqa: B009
        t0 = time.process_time()
        response = transmit(apdu)
        self.card_seconds += time.process_time() - t0
        self.log.append(Exchange(len(apdu), len(response)))
        return response

    def close(self, *, reset: bool = True) -> None:
        getattr(self.inner, "close")(reset=reset)  # noqa: B009


def _frames(n: int) -> int:
    payload = FSC - FRAME_OVERHEAD_BYTES
    return max(1, -(-n // payload))


def air_time(log: list[Exchange], bit_rate: float) -> float:
    etu = 1 / bit_rate
    total = 0.0
    for ex in log:
        for size in (ex.command, ex.response):
            frames = _frames(size)
            total += (size + frames * FRAME_OVERHEAD_BYTES) * 10 * etu + frames * SOF_EOF_ETU * etu
            # every chained block but the last is acknowledged by the other side
            total += (frames - 1) * (R_ACK_BYTES * 10 + SOF_EOF_ETU) * etu
            total += frames * TURNAROUND_S
    return total


def physical_minimum(log: list[Exchange], bit_rate: float) -> float:
    return sum(ex.command + ex.response for ex in log) * 10 / bit_rate


def make_card(directory: Path) -> tuple[Path, Secrets, TrustAnchors]:
    from sim.personalise import DEFAULT_AUTH_PIN, new_card
    from sim.personas import get_persona
    from sim.pki import TestPki

    persona = get_persona("tanaka")
    image = new_card(persona, seed=1)
    path = directory / "card.json"
    image.save(path)
    pki = TestPki.load()
    secrets = Secrets(auth_pin=Pin(DEFAULT_AUTH_PIN), pin_b=Pin(image.holder.pin_b))
    return path, secrets, TrustAnchors.from_pem(pki.root_cert_pem, pki.card_ap_root_public_pem)


def one_read(reader: SimReader, auth_pin: str, pin_b: str, anchors: TrustAnchors) -> tuple[RecordingConnection, float]:
    """One identity read on an already-loaded card; returns the connection log and the CPU seconds it took."""
    connection = RecordingConnection(reader.connect())
    t0 = time.process_time()
    with MyNumberCard(connection) as card:  # closing resets the card: the next read starts like a new session
        read_identity(card, Secrets(Pin(auth_pin), Pin(pin_b)), anchors, nonce=os.urandom(32))
    return connection, time.process_time() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=20)
    parser.add_argument("--no-pcsc", action="store_true", help="Skip the comparison through pcscd + vpcd.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path, secrets, anchors = make_card(Path(tmp))
        auth_pin = secrets.auth_pin.reveal().decode() if secrets.auth_pin else ""
        pin_b = secrets.pin_b.reveal().decode() if secrets.pin_b else ""
        for label, extended in (("extended", True), ("short-only", False)):
            reader = SimReader.from_file(path, reader_extended=extended)
            one_read(reader, auth_pin, pin_b, anchors)  # warm-up (imports, key caches)
            cpu, card_cpu = [], []
            for _ in range(args.reads):
                connection, seconds = one_read(reader, auth_pin, pin_b, anchors)
                cpu.append(seconds)
                card_cpu.append(connection.card_seconds)
            log = connection.log
            moved = sum(e.command + e.response for e in log)
            host_ms = (statistics.median(cpu) - statistics.median(card_cpu)) * 1000
            print(f"[{label} APDUs] apdus per read: {len(log)}")
            print(f"[{label} APDUs] bytes moved per read: {moved} B")
            print(f"[{label} APDUs] host CPU per read (excluding the in-process card): {host_ms:.2f} ms")
            print(f"[{label} APDUs] in-process card CPU per read: {statistics.median(card_cpu) * 1000:.2f} ms")
            for rate in (106_000, 424_000):
                t, floor = air_time(log, rate), physical_minimum(log, rate)
                print(f"[{label} APDUs] modelled air time at {rate // 1000} kbit/s: {t * 1000:.1f} ms")
                print(f"[{label} APDUs] ratio to physical minimum at {rate // 1000} kbit/s: {t / floor:.3f}")
    if not args.no_pcsc:
        with tempfile.TemporaryDirectory() as tmp:
            pcsc_comparison(*make_card(Path(tmp)), reads=args.reads)


# --- through pcscd + vpcd (the stack a kiosk uses) ----------------------------------------------------------------
# The same read, wall-clock, in-process and through the real pcscd with the vsmartcard-vpcd driver, pyscard and our
# PC/SC driver; the virtual card answers from a `mynakiosk sim serve-vpcd` process (tests/pcsc_harness.py starts a
# private pcscd for it). The per-APDU overhead is what pcscd + vpcd + pyscard add to each command.

ROUND_TRIPS = 2000
SELECT_JPKI = bytes.fromhex("00A4040C0AD392F000260100000001")
READ_AUTH_CERT = bytes.fromhex("00B08A00000000")  # READ BINARY SFI 0A, extended Le: the whole certificate


def _wall_read(reader: object, auth_pin: str, pin_b: str, anchors: TrustAnchors) -> tuple[int, float]:
    """(APDUs, wall seconds) of one identity read through ``reader`` (a SimReader or a PcscReader)."""
    connect: Callable[[], object] = getattr(reader, "connect")  # noqa: B009
    t0 = time.perf_counter()
    connection = RecordingConnection(connect())
    with MyNumberCard(connection) as card:
        read_identity(card, Secrets(Pin(auth_pin), Pin(pin_b)), anchors, nonce=os.urandom(32))
    return len(connection.log), time.perf_counter() - t0


def _round_trip(reader: object, apdu: bytes = SELECT_JPKI) -> float:
    """Median wall seconds of one APDU exchanged ``ROUND_TRIPS`` times (after selecting the JPKI AP)."""
    connect: Callable[[], object] = getattr(reader, "connect")  # noqa: B009
    connection = connect()
    transmit: Callable[[bytes], bytes] = getattr(connection, "transmit")  # noqa: B009
    transmit(SELECT_JPKI)
    samples = []
    for _ in range(ROUND_TRIPS):
        t0 = time.perf_counter()
        transmit(apdu)
        samples.append(time.perf_counter() - t0)
    getattr(connection, "close")()  # noqa: B009
    return statistics.median(samples)


def _session_setup(reader: object) -> float:
    """Median wall seconds to open and close (with reset) a session, including the extended-length probe."""
    connect: Callable[[], object] = getattr(reader, "connect")  # noqa: B009
    samples = []
    for _ in range(20):
        t0 = time.perf_counter()
        connection = connect()
        bool(getattr(connection, "supports_extended"))  # noqa: B009
        getattr(connection, "close")()  # noqa: B009
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def pcsc_comparison(path: Path, secrets: Secrets, anchors: TrustAnchors, *, reads: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests import pcsc_harness  # sets PCSCLITE_CSOCK_NAME before the first PC/SC call of this process

    if reason := pcsc_harness.unavailable_reason():
        print(f"[pcsc] skipped: {reason}")
        return
    from drivers.cards.pcsc import PcscReader

    auth_pin = secrets.auth_pin.reveal().decode() if secrets.auth_pin else ""
    pin_b = secrets.pin_b.reveal().decode() if secrets.pin_b else ""
    in_process = SimReader.from_file(path)
    _wall_read(in_process, auth_pin, pin_b, anchors)
    local = [_wall_read(in_process, auth_pin, pin_b, anchors) for _ in range(reads)]
    local_trip = _round_trip(in_process)
    local_setup = _session_setup(in_process)
    local_large = _round_trip(in_process, READ_AUTH_CERT)
    with pcsc_harness.pcsc_card_session(path) as session:
        reader = PcscReader(session.reader_name)
        _wall_read(reader, auth_pin, pin_b, anchors)
        remote = [_wall_read(reader, auth_pin, pin_b, anchors) for _ in range(reads)]
        remote_trip = _round_trip(reader)
        remote_setup = _session_setup(reader)
        remote_large = _round_trip(reader, READ_AUTH_CERT)
    apdus = local[-1][0]
    # Best of N, not the median: a read is two RSA signatures plus checks, and on a shared machine the scheduler's
    # noise in that CPU work is larger than the transport overhead being measured.
    t_local = min(t for _, t in local)
    t_remote = min(t for _, t in remote)
    print(f"[pcsc] apdus per read: {apdus} (plus 1 extended-length probe per PC/SC session)")
    print(f"[pcsc] wall time per read in-process (best of {reads}): {t_local * 1000:.1f} ms")
    print(f"[pcsc] wall time per read through pcscd + vpcd (best of {reads}): {t_remote * 1000:.1f} ms")
    print(f"[pcsc] ratio pcscd + vpcd / in-process (full read): {t_remote / t_local:.2f}")
    setup = remote_setup - local_setup
    print(f"[pcsc] overhead per APDU (full read, session setup included): {(t_remote - t_local) / apdus * 1000:.3f} ms")
    print(f"[pcsc] session setup through pcscd + vpcd (connect, probe, reset): {remote_setup * 1000:.2f} ms")
    print(f"[pcsc] overhead per APDU (full read, setup excluded): {(t_remote - t_local - setup) / apdus * 1000:.3f} ms")
    print(f"[pcsc] round trip of one small APDU in-process: {local_trip * 1e6:.0f} us")
    print(f"[pcsc] round trip of one small APDU through pcscd + vpcd: {remote_trip * 1e6:.0f} us")
    print(f"[pcsc] overhead per APDU (small APDU): {(remote_trip - local_trip) * 1000:.3f} ms")
    print(f"[pcsc] round trip of a whole-certificate READ BINARY in-process: {local_large * 1e6:.0f} us")
    print(f"[pcsc] round trip of a whole-certificate READ BINARY through pcscd + vpcd: {remote_large * 1e6:.0f} us")
    print(f"[pcsc] overhead per APDU (1 KB answer): {(remote_large - local_large) * 1000:.3f} ms")


if __name__ == "__main__":
    main()
