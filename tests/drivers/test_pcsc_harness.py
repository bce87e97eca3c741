"""The private-pcscd harness itself: what card tests rely on when they run "through pcscd"."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from drivers.cards.uri import open_reader
from tests import pcsc_harness

pytestmark = pytest.mark.pcsc

SELECT_JPKI = bytes.fromhex("00A4040C0AD392F000260100000001")
SYSTEM_SOCKET = Path("/run/pcscd/pcscd.comm")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_serve_card_in_pcscd_yields_a_uri_that_opens_the_card(
    pcsc_available: None, card_path: Callable[[str], Path]
) -> None:
    system_socket_before = SYSTEM_SOCKET.exists()
    with pcsc_harness.serve_card_in_pcscd(card_path()) as uri:
        assert uri == "pcsc:Virtual PCD 00 00"
        reader = open_reader(uri)
        assert reader.wait_for_card(5.0)
        connection = reader.connect()
        try:
            assert connection.transmit(SELECT_JPKI) == b"\x90\x00"
        finally:
            connection.close()
    assert SYSTEM_SOCKET.exists() == system_socket_before  # a system pcscd's socket is never touched


def test_teardown_stops_pcscd_and_serve_vpcd_by_pid(pcsc_available: None, card_path: Callable[[str], Path]) -> None:
    with pcsc_harness.pcsc_card_session(card_path()) as session:
        assert session.pcscd.process is not None and session.card.process is not None
        pids = (session.pcscd.process.pid, session.card.process.pid)
        assert all(_alive(pid) for pid in pids)
    assert not any(_alive(pid) for pid in pids)


def test_a_second_private_pcscd_in_the_same_process_is_refused(pcsc: pcsc_harness.PcscSession) -> None:
    with pytest.raises(pcsc_harness.HarnessError, match="already running"), pcsc_harness.private_pcscd():
        pass
