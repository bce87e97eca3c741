"""The kiosk's side of systemd's watchdog: READY=1, then WATCHDOG=1 from the Qt event loop, none once it hangs.

systemd itself cannot run here (no systemd in the container), so the test plays the service manager: it owns the
unix datagram socket a ``Type=notify`` unit would get in ``NOTIFY_SOCKET`` and reads what the kiosk sends.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject

from drivers.systemd_notify import Notifier, NotifyError, watchdog_interval
from ui.watchdog import attach_service_manager


@pytest.fixture
def manager(tmp_path: Path) -> Iterator[socket.socket]:
    """The service manager's end: a bound datagram socket, non-blocking."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(tmp_path / "notify"))
    server.setblocking(False)
    yield server
    server.close()


def received(server: socket.socket) -> list[str]:
    messages = []
    while True:
        try:
            messages.append(server.recv(4096).decode())
        except BlockingIOError:
            return messages


def test_ready_then_pings_from_the_event_loop_and_none_while_it_is_frozen(
    qapp: object, qtbot: object, manager: socket.socket, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOTIFY_SOCKET", manager.getsockname())
    monkeypatch.setenv("WATCHDOG_USEC", "200000")  # WatchdogSec=0.2: a ping every 0.1 s
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    owner = QObject()
    watchdog = attach_service_manager(owner)
    assert watchdog is not None
    assert received(manager) == [], "READY=1 waits for the event loop's first turn"

    qtbot.wait(550)  # type: ignore[attr-defined]
    messages = received(manager)
    assert messages[0] == "READY=1\nSTATUS=attract screen"
    assert messages[1:] and set(messages[1:]) == {"WATCHDOG=1"}
    assert len(messages[1:]) >= 3

    time.sleep(0.6)  # the GUI thread stuck in a long call: three watchdog periods with no turn of the loop
    assert received(manager) == [], "a frozen event loop must not ping, so systemd restarts the kiosk"

    qtbot.wait(250)  # type: ignore[attr-defined]
    assert "WATCHDOG=1" in received(manager)
    watchdog.stop()
    owner.deleteLater()


def test_no_watchdog_without_a_service_manager(qapp: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert attach_service_manager(QObject()) is None


def test_ready_without_a_watchdog(qapp: object, qtbot: object, manager: socket.socket,
                                  monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("NOTIFY_SOCKET", manager.getsockname())
    monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    owner = QObject()
    assert attach_service_manager(owner) is None
    qtbot.wait(50)  # type: ignore[attr-defined]
    assert received(manager) == ["READY=1\nSTATUS=attract screen"]


def test_the_abstract_namespace_is_reached() -> None:
    name = f"mynakiosk-test-{os.getpid()}"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind("\0" + name)
    try:
        notifier = Notifier.from_environment({"NOTIFY_SOCKET": "@" + name})
        assert notifier is not None
        notifier.stopping()
        assert server.recv(64) == b"STOPPING=1"
        notifier.close()
    finally:
        server.close()


def test_a_vanished_socket_is_a_typed_error(tmp_path: Path) -> None:
    notifier = Notifier(str(tmp_path / "gone"))
    with pytest.raises(NotifyError, match="gone"):
        notifier.watchdog()
    with pytest.raises(NotifyError, match="neither a path"):
        Notifier("relative/socket")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"WATCHDOG_USEC": "30000000"}, 30.0),
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())}, 30.0),
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getppid())}, 30.0),  # cage is the main process
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(2**22 + 1)}, None),  # above any pid_max
        ({"WATCHDOG_USEC": "0"}, None),
        ({"WATCHDOG_USEC": "soon"}, None),
        ({}, None),
    ],
)
def test_the_watchdog_interval_is_read_from_systemds_variables(environ: dict[str, str], expected: float | None) -> None:
    assert watchdog_interval(environ) == expected
