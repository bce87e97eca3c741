"""Bounded loopback load against the backend on PostgreSQL: concurrent simulated kiosks, throughput and latency.

Starts a throwaway PostgreSQL cluster (or uses ``--db URL``), migrates and seeds it (sites, kiosks, registered
virtual cards), runs ``mynakiosk backend serve --workers N`` and drives it from one asyncio process with
``--kiosks`` concurrent kiosks for ``--seconds`` per scenario:

* baseline: ``GET /healthz`` (no auth, one trivial query) — the ceiling of this stack on this machine;
* card authentication: ``POST /v1/challenges`` + the card's signature over the nonce + ``POST /v1/card-sessions``;
* renewal submission: ``POST /v1/renewals`` with a ~10 KB photo, after a card authentication when the kiosk's card
  session has already submitted one (the service takes one application per card session);
* status reads: ``GET /v1/renewals/{number}``.

Each scenario runs twice: ``<name>_max`` is a closed loop (every kiosk sends its next request as soon as the last
one is answered), which finds the most the service sustains, with latencies that are mostly queueing at that
saturation; ``<name>_at_<rate>_per_s`` (card authentication and status reads) is an open loop at the issue's target
rate, which is what "N per second with p99 < 100 ms" means: latency is measured from each operation's scheduled
start, so waiting for a busy service counts.

The simulated kiosks sign nonces with the virtual card's private key directly (the APDU path is measured in the
card benchmarks, not here). Prints one figure per line with its unit, including the CPU time the service and
PostgreSQL spent per operation (from /proc), which says what a dedicated machine would sustain: the client shares
this machine's cores with the server, so the throughput figures are a floor.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import gc
import io
import json
import math
import os
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httptools
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from PIL import Image

from backend import admin
from backend.card_registry import register_from_card_files
from backend.clock import Clock
from backend.db import make_engine, session_factory, transaction
from backend.domain import SiteKind
from backend.keys import test_key_material
from backend.migrate import upgrade
from backend.request_signing import sign_request
from backend.testing.pg import PostgresCluster, free_port
from sim.apps import jpki, juki, kenkaku
from sim.image import CardImage
from sim.personalise import new_card
from sim.personas import get_persona
from sim.pki.kiosk import KioskCredentials, TestKioskPki
from sim.profile import KeyId

TARGET_STATUS_READS_PER_S = 500.0  # the targets, each with p99 < 100 ms
TARGET_CARD_AUTHS_PER_S = 100.0
MUNICIPALITY = "452017"


@dataclass
class Card:
    image: CardImage
    auth_key: RSAPrivateKey
    juki_record: bytes


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    done: int = 0
    elapsed: float = 0.0


def _photo() -> bytes:
    picture = Image.linear_gradient("L").resize((350, 450)).convert("RGB")
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90)
    return out.getvalue()


def seed(db_url: str, kiosks: list[KioskCredentials], pki: TestKioskPki, cards: list[Card]) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    clock = Clock()
    with transaction(session_factory(engine)) as session:
        admin.add_site(session, clock, "bench-store", SiteKind.CONVENIENCE_STORE, MUNICIPALITY, "bench")
        session.flush()
        for k in kiosks:
            admin.add_kiosk(session, clock, k.kiosk_id, "bench-store", k.certificate, (pki.ca_certificate,))
        for card in cards:
            front = card.image.file(kenkaku.APP, 2)
            auth = card.image.file(jpki.APP, 0x000A)
            assert front is not None and auth is not None
            register_from_card_files(
                session,
                clock,
                serial=card.image.serial,
                municipality=MUNICIPALITY,
                auth_cert_der=auth,
                sign_cert_der=card.image.file(jpki.APP, 0x0001),
                front_face=front,
                keys=test_key_material(),
            )
    engine.dispose()


class LoadError(Exception):
    """The connection broke or the server answered something that is not HTTP."""


@dataclass
class Reply:
    status_code: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Connection:
    """One kiosk's keep-alive HTTP/1.1 connection, with httptools parsing the answers.

    The load generator shares the machine's two cores with the service, so it must cost as little CPU per request
    as it can: a general-purpose client (httpx) spends more CPU per request than the service does.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> Reply:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        assert self._reader is not None
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Length: {len(body)}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self._writer.write(head.encode() + b"\r\n" + body)
        chunks: list[bytes] = []
        done = False

        class Sink:
            def on_body(self, data: bytes) -> None:
                chunks.append(data)

            def on_message_complete(self) -> None:
                nonlocal done
                done = True

        parser = httptools.HttpResponseParser(Sink())
        try:
            while not done:
                data = await self._reader.read(65536)
                if not data:
                    raise LoadError("connection closed")
                parser.feed_data(data)
        except (OSError, httptools.HttpParserError, LoadError) as exc:
            await self.close()
            raise LoadError(str(exc)) from exc
        return Reply(parser.get_status_code(), b"".join(chunks))

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None


class Kiosk:
    def __init__(self, http: Connection, creds: KioskCredentials, card: Card) -> None:
        self.http = http
        self.creds = creds
        self.card = card
        self.applications: list[str] = []
        self.card_session_id = ""
        self.card_session_used = False

    async def request(self, method: str, path: str, doc: object | None = None) -> Reply:
        body = json.dumps(doc).encode() if doc is not None else b""
        key = str(uuid.uuid4()) if method == "POST" else ""
        headers = {
            "Kiosk-Id": self.creds.kiosk_id,
            "Kiosk-Signature": sign_request(self.creds.key, method, path, int(time.time()), key, body),
        }
        if method == "POST":
            headers |= {"Idempotency-Key": key, "content-type": "application/json"}
        return await self.http.request(method, path, headers, body)

    async def card_auth(self) -> bool:
        ch = await self.request("POST", "/v1/challenges", {})
        if ch.status_code != 201:
            return False
        doc = ch.json()
        nonce = base64.b64decode(doc["nonce"])
        signature = self.card.auth_key.sign(nonce, padding.PKCS1v15(), hashes.SHA256())
        image = self.card.image
        body = {
            "challenge_id": doc["challenge_id"],
            "key": "auth",
            "certificate": base64.b64encode(image.file(jpki.APP, 0x000A) or b"").decode(),
            "chain": [base64.b64encode(image.file(jpki.APP, 0x000B) or b"").decode()],
            "signature": base64.b64encode(signature).decode(),
            "card_data": {"juki_record": base64.b64encode(self.card.juki_record).decode()},
        }
        r = await self.request("POST", "/v1/card-sessions", body)
        if r.status_code == 201:
            self.card_session_id = r.json()["card_session_id"]
            self.card_session_used = False
        return r.status_code == 201

    async def renewal(self, photo_b64: str) -> bool:
        if self.card_session_used and not await self.card_auth():
            return False
        slot = (dt.datetime.now(dt.UTC) + dt.timedelta(days=40)).isoformat()
        r = await self.request(
            "POST",
            "/v1/renewals",
            {
                "card_session_id": self.card_session_id,
                "photo": photo_b64,
                "collection_method": "counter_pickup",
                "reservation_slot": slot,
            },
        )
        if r.status_code == 201:
            self.applications.append(r.json()["application_number"])
            self.card_session_used = True
        return r.status_code == 201

    async def status(self, i: int) -> bool:
        number = self.applications[i % len(self.applications)]
        return (await self.request("GET", f"/v1/renewals/{number}")).status_code == 200

    async def health(self) -> bool:
        return (await self.http.request("GET", "/healthz", {})).status_code == 200


Operation = Callable[[Kiosk, int], Awaitable[bool]]


async def run_scenario(kiosks: list[Kiosk], seconds: float, op: Operation) -> Stats:
    stats = Stats()
    deadline = time.perf_counter() + seconds

    async def worker(kiosk: Kiosk) -> None:
        i = 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                ok = await op(kiosk, i)
            except LoadError:
                ok = False
            stats.latencies.append(time.perf_counter() - start)
            stats.done += 1
            stats.errors += 0 if ok else 1
            i += 1

    await asyncio.gather(*(worker(k) for k in kiosks))
    return stats


async def run_at_rate(kiosks: list[Kiosk], rate: float, seconds: float, op: Operation) -> Stats:
    """Open loop: start ``rate`` operations a second on a fixed schedule, each on an idle kiosk connection.

    Latency runs from the *scheduled* start, so an operation that waited for a free connection because the
    service fell behind counts that wait (no coordinated omission). Bounded: ``rate * seconds`` operations.
    """
    stats = Stats()
    idle: asyncio.Queue[Kiosk] = asyncio.Queue()
    for k in kiosks:
        idle.put_nowait(k)

    async def one(i: int, scheduled: float) -> None:
        kiosk = await idle.get()
        try:
            ok = await op(kiosk, i)
        except LoadError:
            ok = False
        finally:
            idle.put_nowait(kiosk)
        stats.latencies.append(time.perf_counter() - scheduled)
        stats.done += 1
        stats.errors += 0 if ok else 1

    start = time.perf_counter()
    tasks = []
    for i in range(int(rate * seconds)):
        scheduled = start + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i, scheduled)))
    await asyncio.gather(*tasks)
    stats.elapsed = time.perf_counter() - start
    return stats


def cpu_reference_ms() -> float:
    """How fast this machine's cores are right now: best of 5 runs of ``sum(range(10**6))`` (an idle modern core
    takes about 12 ms). Shared virtual machines vary by 2x from hour to hour; read every other figure with this."""
    best = math.inf
    for _ in range(5):
        start = time.perf_counter()
        sum(range(10**6))
        best = min(best, time.perf_counter() - start)
    return best * 1000


def _processes() -> dict[int, tuple[int, float]]:
    """Every process's parent and user + system CPU seconds (from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    return found


def tree_pids(root: int, processes: dict[int, tuple[int, float]] | None = None) -> list[int]:
    """``root`` and all its descendants."""
    processes = _processes() if processes is None else processes
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(child for child, (parent, _) in processes.items() if parent == pid)
    return tree


def tree_cpu_seconds(root: int) -> float:
    """User + system CPU time of ``root`` and all its descendants (from /proc)."""
    processes = _processes()
    return sum(processes[pid][1] for pid in tree_pids(root, processes) if pid in processes)


@dataclass(frozen=True)
class CpuProbe:
    """Which process trees to charge: the service (uvicorn and its workers) and PostgreSQL."""

    server: int
    database: int | None

    def sample(self) -> tuple[float, float, float]:
        """CPU seconds so far of the service, PostgreSQL and this load generator."""
        database = tree_cpu_seconds(self.database) if self.database else 0.0
        return tree_cpu_seconds(self.server), database, time.process_time()


def report(name: str, stats: Stats, seconds: float, cpu: tuple[float, float, float]) -> None:
    lat = sorted(stats.latencies)
    p = statistics.quantiles(lat, n=100) if len(lat) >= 2 else [lat[0]] * 99
    print(f"{name}_throughput {stats.done / (stats.elapsed or seconds):.1f} /s")
    print(f"{name}_p50 {p[49] * 1000:.1f} ms")
    print(f"{name}_p99 {p[98] * 1000:.1f} ms")
    print(f"{name}_errors {stats.errors} requests")
    if stats.done:
        print(f"{name}_service_cpu {cpu[0] / stats.done * 1000:.2f} ms/op")
        print(f"{name}_database_cpu {cpu[1] / stats.done * 1000:.2f} ms/op")
        print(f"{name}_load_generator_cpu {cpu[2] / stats.done * 1000:.2f} ms/op")


SCENARIOS = ("baseline_healthz", "card_auth", "renewal_submit", "status_read")
NEEDS = {"renewal_submit": ["card_auth"], "status_read": ["card_auth", "renewal_submit"]}
"""What a scenario needs done first: renewals need card sessions, status reads need applications."""
TARGETS = {"card_auth": TARGET_CARD_AUTHS_PER_S, "status_read": TARGET_STATUS_READS_PER_S}
"""The issue's target rates, for an open-loop run at that rate."""


def operations() -> dict[str, Operation]:
    """Each scenario's operation for one kiosk (``i`` counts the kiosk's operations), in ``SCENARIOS`` order."""
    photo_b64 = base64.b64encode(_photo()).decode()
    ops: dict[str, Operation] = {
        "baseline_healthz": lambda k, i: k.health(),
        "card_auth": lambda k, i: k.card_auth(),
        "renewal_submit": lambda k, i: k.renewal(photo_b64),
        "status_read": lambda k, i: k.status(i),
    }
    assert tuple(ops) == SCENARIOS
    return ops


async def drive(
    host: str,
    port: int,
    creds: list[KioskCredentials],
    cards: list[Card],
    seconds: float,
    probe: CpuProbe,
    only: set[str],
    rate_scale: float,
) -> None:
    kiosks = [Kiosk(Connection(host, port), c, cards[i % len(cards)]) for i, c in enumerate(creds)]
    try:
        ops = operations()
        done: set[str] = set()
        for name, op in ops.items():
            if only and name not in only:
                continue
            for prerequisite in NEEDS.get(name, []):
                if prerequisite not in done:
                    await run_scenario(kiosks, 2.0, ops[prerequisite])
                    done.add(prerequisite)
            done.add(name)
            target = TARGETS[name] * rate_scale if name in TARGETS else None
            before = probe.sample()
            stats = await run_scenario(kiosks, seconds, op)
            after = probe.sample()
            report(f"{name}_max", stats, seconds, (after[0] - before[0], after[1] - before[1], after[2] - before[2]))
            if target is not None:
                before = probe.sample()
                stats = await run_at_rate(kiosks, target, seconds, op)
                after = probe.sample()
                cpu = (after[0] - before[0], after[1] - before[1], after[2] - before[2])
                report(f"{name}_at_{target:.0f}_per_s", stats, seconds, cpu)
    finally:
        for k in kiosks:
            await k.http.close()


def virtual_cards(n: int) -> list[Card]:
    """``n`` personalised virtual cards with their JPKI authentication keys (about 0.5 s each)."""
    cards = []
    for i in range(n):
        image = new_card(get_persona("tanaka"), seed=1000 + i)
        key = image.private_key(KeyId.JPKI_AUTH)
        assert key is not None
        records = image.records[juki.APP]
        cards.append(Card(image, key, next(iter(records.values()))[0]))
    return cards


def start_service(db_url: str, port: int, workers: int, *, tree: Path | None = None) -> subprocess.Popen[bytes]:
    """``mynakiosk backend serve`` with the benchmark's limits lifted, once ``/healthz`` answers. ``tree``: serve
    the code of that checkout instead of this one (same virtual environment)."""
    env = os.environ | {
        "MYNAKIOSK_LIMIT_CARD_SESSIONS_PER_CARD_PER_HOUR": "1000000",
        "MYNAKIOSK_LIMIT_KIOSK_REQUESTS_PER_S": "100000",
        "MYNAKIOSK_LIMIT_KIOSK_BURST": "100000",
    }
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    command = ["backend", "serve", "--db", db_url, "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(
        [sys.executable, "-c", "from mynakiosk.cli import main; main()", *command, "--test-keys", "--no-face-match"],
        env=env,
        cwd=tree,
    )
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as answer:
                if answer.status == 200:
                    break
        except OSError:
            time.sleep(0.1)
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="an existing, empty PostgreSQL database URL (default: a throwaway cluster)")
    parser.add_argument("--kiosks", type=int, default=64, help="simulated kiosks, one keep-alive connection each")
    parser.add_argument("--seconds", type=float, default=8.0, help="duration of each scenario")
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--only", help="comma-separated scenarios to run (default: all)")
    parser.add_argument("--rate-scale", type=float, default=1.0, help="multiply the open-loop target rates")
    parser.add_argument("--cards", type=int, default=4, help="virtual cards (about 0.5 s each to personalise)")
    args = parser.parse_args()

    cluster = None if args.db else PostgresCluster(prefix="mynakiosk-bench-pg-")
    server: subprocess.Popen[bytes] | None = None
    try:
        db_url = args.db or cluster.start()  # type: ignore[union-attr]
        pki = TestKioskPki()
        creds = [pki.kiosk(f"bench-{i:03d}") for i in range(args.kiosks)]
        cards = virtual_cards(args.cards)
        seed(db_url, creds, pki, cards)
        port = free_port()
        server = start_service(db_url, port, args.workers)
        print(f"kiosks {args.kiosks} concurrent")
        print(f"server_workers {args.workers} processes")
        print(f"load_average_before {os.getloadavg()[0]:.2f} runnable processes")
        probe = CpuProbe(server.pid, cluster.pid if cluster is not None else None)
        only = set(args.only.split(",")) if args.only else set()
        print(f"cpu_reference_before {cpu_reference_ms():.1f} ms")
        # The generator's own pauses count as latency (measured from each operation's scheduled start). Its heap
        # after start-up (the virtual cards, the backend and simulator modules: about 90,000 objects) took 100 ms to
        # collect in full on this machine; those pauses were the tail of the status-read p99 (137-204 ms before,
        # 76-79 ms after freezing, at the same core speeds). The service freezes its heap the same way.
        gc.collect()
        gc.freeze()
        asyncio.run(drive("127.0.0.1", port, creds, cards, args.seconds, probe, only, args.rate_scale))
        print(f"cpu_reference_after {cpu_reference_ms():.1f} ms")
        print(f"load_average_after {os.getloadavg()[0]:.2f} runnable processes")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
