"""An unattended kiosk's queued renewal reaches the backend after the card session expired (issue 18, item 2's
second half): before queueing, the card signed the application with its card key, and the backend accepts it up
to the policy's delay. The backend's clock (and the kiosk's, which signs the requests) move by the clock seams."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from backend import embedded
from kiosk.backend_client import BackendClient, KioskIdentity
from kiosk.flows.submission import deliver_renewal
from kiosk.outbox import Outbox
from sim.pki.kiosk import TestKioskPki

from .conftest import Harness, Network, client_over

KEY = bytes(range(32))
LATE = 25 * 60  # the network comes back 25 minutes later; a card session lasts 10


@pytest.fixture
def server(tmp_path: Path) -> Iterator[embedded.EmbeddedBackend]:
    """A backend of this test's own: its clock is moved, which the session's shared one must not be."""
    service = embedded.start(tmp_path / "backend", face_required=False)
    try:
        yield service
    finally:
        service.stop()


def test_a_queued_renewal_is_accepted_after_its_card_session_expired_because_the_card_signed_it(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], tmp_path: Path,
    server: embedded.EmbeddedBackend,
) -> None:  # fmt: skip
    h = harness("renewal:tanaka")
    server.register_card(h.image)
    outbox = Outbox(tmp_path / "outbox.sqlite3", KEY)
    h.kiosk.outbox = outbox
    h.kiosk.backend = client_over(server, Network(down_for="/v1/renewals"))
    seen = h.run(h.renewal_resident(live_clips))
    assert h.kiosk.outcomes == ["renewal_queued"], [(v.screen, v.error) for v in seen[-3:]]
    (item,) = outbox.pending()
    assert set(item.payload["late_proof"]) == {"card_signature"}  # made while the card was in the reader

    server.clock.advance(LATE)
    creds = TestKioskPki().kiosk(server.kiosk_id)
    later = BackendClient(server.url, KioskIdentity(creds.kiosk_id, creds.key), clock=lambda: time.time() + LATE)
    report = outbox.deliver(lambda queued: deliver_renewal(later, queued, None))
    assert len(report.delivered) == 1 and report.refused == [], report
    number = report.delivered[0][1]["application_number"]
    assert later.renewal_status(number).status == "received"
