"""``mynakiosk backend serve --workers N``: N processes each bind the port with SO_REUSEPORT under one supervisor.

A real process tree on loopback: connections spread over the workers, a worker that dies is replaced, SIGTERM
stops them all, and a SIGKILL of the supervisor takes the workers down with it (no orphan keeps the port).
"""

from __future__ import annotations

import os
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from backend.clock import Clock
from backend.keys import test_key_material
from sim.image import CardImage
from sim.pki.kiosk import TestKioskPki
from tests.backend.conftest import seed_database
from tests.backend.support import ServerProcess


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _workers(server: ServerProcess) -> set[int]:
    assert server.proc is not None
    # multiprocessing's spawn context also starts a resource tracker: keep only the processes holding the port
    return {pid for pid in _children(server.proc.pid) if _listens(pid, server.port)}


def _listens(pid: int, port: int) -> bool:
    inodes = set()
    try:
        for fd in (Path("/proc") / str(pid) / "fd").iterdir():
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    except OSError:
        return False
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            cols = line.split()
            if cols[3] == "0A" and int(cols[1].rsplit(":", 1)[1], 16) == port and cols[9] in inodes:
                return True
    return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def _wait(condition: object, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


@pytest.fixture
def server(db_url: str, kiosk_pki: TestKioskPki, card_images: dict[str, CardImage]) -> Iterator[ServerProcess]:
    seed_database(db_url, Clock(), kiosk_pki, card_images, test_key_material())
    proc = ServerProcess(db_url, workers=2)
    proc.start()
    _wait(lambda: len(_workers(proc)) == 2)
    yield proc
    proc.stop()


def test_both_workers_listen_and_answer(server: ServerProcess) -> None:
    workers = _workers(server)
    assert len(workers) == 2
    with httpx.Client(base_url=server.base_url, timeout=5) as http:
        for _ in range(20):
            assert http.get("/healthz").status_code == 200


def test_a_dead_worker_is_replaced(server: ServerProcess) -> None:
    before = _workers(server)
    victim = min(before)
    os.kill(victim, signal.SIGKILL)
    _wait(lambda: len(_workers(server)) == 2 and victim not in _workers(server))
    assert httpx.get(server.base_url + "/healthz", timeout=5).status_code == 200


def test_sigterm_stops_every_worker(server: ServerProcess) -> None:
    workers = _workers(server)
    assert server.proc is not None
    server.proc.send_signal(signal.SIGTERM)
    assert server.proc.wait(timeout=30) == 0
    server.proc = None
    _wait(lambda: not any(_alive(pid) for pid in workers))


def test_workers_die_with_a_killed_supervisor(server: ServerProcess) -> None:
    workers = _workers(server)
    server.kill9()
    _wait(lambda: not any(_alive(pid) for pid in workers))
    with socket.socket() as probe:  # the port is free again: nothing orphaned still holds it
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", server.port))
