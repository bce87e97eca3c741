"""A throwaway PostgreSQL 15 cluster for the backend's tests and benchmarks.

It lives in the backend package because both ``tests/backend`` and ``bench/`` start one, and ``bench/`` is a folder
of scripts that must not import from ``tests/`` (a test tree, not a library): the backend already owns its
database, so its test harness for that database lives beside it.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    """A loopback TCP port nothing listens on at the moment of asking."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def postgres_installed() -> bool:
    return (PG_BIN / "initdb").exists()


class PostgresCluster:
    """A PostgreSQL 15 cluster in a temporary directory, on a free loopback port, stopped by its PID.

    ``durable=False`` (tests) turns off fsync and full-page writes: a crash loses the cluster, which is thrown away
    anyway. Benchmarks keep the defaults so their figures are those of a real server.
    """

    def __init__(self, *, durable: bool = True, prefix: str = "mynakiosk-pg-") -> None:
        self.dir = Path(tempfile.mkdtemp(prefix=prefix))
        self.port = free_port()
        self.durable = durable
        self.pid: int | None = None

    def _run(self, command: str) -> None:
        argv = ["su", "postgres", "-c", command] if os.geteuid() == 0 else ["sh", "-c", command]
        subprocess.run(argv, check=True, capture_output=True, timeout=60)

    def start(self) -> str:
        """Initialise and start the cluster; return the URL of its ``postgres`` database."""
        if os.geteuid() == 0:
            pg = pwd.getpwnam("postgres")
            os.chown(self.dir, pg.pw_uid, pg.pw_gid)
        data = self.dir / "data"
        self._run(f"{PG_BIN}/initdb -D {data} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8")
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=300"
        if not self.durable:
            opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(f"{PG_BIN}/pg_ctl -D {data} -l {self.dir}/server.log -w -o '{opts}' start")
        self.pid = int((data / "postmaster.pid").read_text().splitlines()[0])
        return self.url()

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        """Fast shutdown (SIGINT to the postmaster), wait up to 30 s for it to exit, remove the directory."""
        if self.pid is not None:
            os.kill(self.pid, signal.SIGINT)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    os.kill(self.pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.05)
            self.pid = None
        shutil.rmtree(self.dir, ignore_errors=True)
