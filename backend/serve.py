"""The application as uvicorn builds it in each worker process, configured from the environment.

``mynakiosk backend serve`` sets these variables and starts uvicorn with ``backend.serve:app_from_env``:
``MYNAKIOSK_DB_URL``, ``MYNAKIOSK_KEYS_DIR`` (a key directory, see ``backend.keys``) or
``MYNAKIOSK_TEST_KEYS=1`` (TEST ONLY keys from ``sim/pki``), and ``MYNAKIOSK_FACE_MATCH=0`` to switch off
re-matching faces (demos without face models; never in production); ``MYNAKIOSK_OPERATOR_ENDPOINTS=1`` to serve
``/docs`` and ``/metrics`` (see ``Settings.operator_endpoints``); ``MYNAKIOSK_LIMIT_<NAME>`` overrides one
numeric field of ``Limits`` (e.g. ``MYNAKIOSK_LIMIT_KIOSK_REQUESTS_PER_S=200``).
"""

from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
import multiprocessing.process
import os
import signal
import socket
import sys
import time
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI

from backend.app import create_app
from backend.keys import load_key_dir, test_key_material
from backend.settings import DB_URL_ENV, DEFAULT_DB_URL, FacePolicy, KeyMaterial, Limits, Settings

KEYS_DIR_ENV = "MYNAKIOSK_KEYS_DIR"
TEST_KEYS_ENV = "MYNAKIOSK_TEST_KEYS"
FACE_MATCH_ENV = "MYNAKIOSK_FACE_MATCH"
OPERATOR_ENDPOINTS_ENV = "MYNAKIOSK_OPERATOR_ENDPOINTS"


LIMIT_ENV_PREFIX = "MYNAKIOSK_LIMIT_"
log = logging.getLogger(__name__)


def limits_from_env() -> Limits:
    """``Limits`` with any numeric field overridden by ``MYNAKIOSK_LIMIT_<FIELD NAME IN CAPITALS>``."""
    changes: dict[str, Any] = {}
    for f in fields(Limits):
        raw = os.environ.get(LIMIT_ENV_PREFIX + f.name.upper())
        if raw is None:
            continue
        if f.type in ("int", int):
            changes[f.name] = int(raw)
        elif f.type in ("float", float):
            changes[f.name] = float(raw)
        else:
            raise ValueError(f"{LIMIT_ENV_PREFIX}{f.name.upper()}: only numeric limits can be set from the environment")
    return replace(Limits(), **changes)


def settings_from_env() -> Settings:
    keys: KeyMaterial | None = None
    if os.environ.get(KEYS_DIR_ENV):
        keys = load_key_dir(Path(os.environ[KEYS_DIR_ENV]))
    elif os.environ.get(TEST_KEYS_ENV) == "1":
        keys = test_key_material()
    return Settings(
        database_url=os.environ.get(DB_URL_ENV, DEFAULT_DB_URL),
        keys=keys,
        face=FacePolicy(required=os.environ.get(FACE_MATCH_ENV, "1") != "0"),
        limits=limits_from_env(),
        operator_endpoints=os.environ.get(OPERATOR_ENDPOINTS_ENV) == "1",
    )


def app_from_env() -> FastAPI:
    app = create_app(settings_from_env())
    # Everything built so far (modules, routes, schemas, the SQLAlchemy metadata) lives as long as the process.
    # Frozen, the collector never scans it again: a full collection of it stopped a worker for 200-500 ms under
    # load (the service's worst latencies); after the freeze, 15-40 ms. Cyclic garbage made from here on is still
    # collected.
    gc.collect()
    gc.freeze()
    return app


def run_server(host: str, port: int, workers: int, uvicorn_options: dict[str, Any]) -> None:
    """Serve ``app_from_env`` on ``host:port`` with ``workers`` processes until SIGTERM or SIGINT.

    Every worker binds the port itself with ``SO_REUSEPORT``, so the kernel spreads new connections evenly over
    the workers. (uvicorn's own ``--workers`` shares one listening socket, and the worker that wakes first takes
    every connection waiting: a burst of kiosk connections, or a proxy's few keep-alive connections, could all
    land on one process while the others idle.) The parent only supervises: it restarts a worker that dies and
    stops them all when told to; a worker stops when the parent dies, even by SIGKILL.
    """
    if workers == 1:
        _worker(host, port, uvicorn_options, supervised=False)
        return
    if port == 0:
        raise ValueError("several workers need a fixed port (each binds it with SO_REUSEPORT)")
    spawn = multiprocessing.get_context("spawn")
    stopping = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def start() -> multiprocessing.process.BaseProcess:
        process = spawn.Process(target=_worker, args=(host, port, uvicorn_options), kwargs={"supervised": True})
        process.start()
        return process

    processes = [start() for _ in range(workers)]
    while not stopping:
        time.sleep(0.5)
        for i, process in enumerate(processes):
            if not process.is_alive() and not stopping:
                log.warning("backend worker %s exited with %s; starting another", process.pid, process.exitcode)
                processes[i] = start()
    for process in processes:
        if process.is_alive() and process.pid is not None:
            os.kill(process.pid, signal.SIGTERM)
    for process in processes:
        process.join(timeout=30)
        if process.is_alive():
            process.kill()


def _worker(host: str, port: int, uvicorn_options: dict[str, Any], *, supervised: bool) -> None:
    if supervised:
        _die_with_parent()
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    config = uvicorn.Config("backend.serve:app_from_env", factory=True, host=host, port=port, **uvicorn_options)
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
    if not server.started:
        raise SystemExit(3)  # what uvicorn.run exits with when the application fails to start


def _die_with_parent() -> None:
    """Linux: have the kernel send SIGTERM to this process when its parent dies (elsewhere: nothing to do)."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_pdeathsig = 1
    libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    if os.getppid() == 1:  # the parent died before prctl took effect
        os.kill(os.getpid(), signal.SIGTERM)
