"""A kiosk clock six minutes off (issue 18, item 9): the backend refuses its signatures (401), and a queued
application stays queued with that error for staff — never refused for good — until the clock is right again."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from backend import embedded
from kiosk.backend_client import BackendClient, BackendRefused, KioskIdentity
from kiosk.flows.errors import error_kind
from kiosk.flows.submission import deliver_renewal
from kiosk.outbox import Outbox
from sim.pki.kiosk import TestKioskPki

from .conftest import Harness, Network, client_over

KEY = bytes(range(32))


def test_a_kiosk_clock_six_minutes_off_keeps_a_queued_application_pending_until_it_is_right(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], tmp_path: Path,
    backend_server: embedded.EmbeddedBackend,
) -> None:  # fmt: skip
    h = harness("renewal:tanaka")
    outbox = Outbox(tmp_path / "outbox.sqlite3", KEY)
    h.kiosk.outbox = outbox
    h.kiosk.backend = client_over(backend_server, Network(down_for="/v1/renewals"))
    h.run(h.renewal_resident(live_clips))
    assert h.kiosk.outcomes == ["renewal_queued"]

    creds = TestKioskPki().kiosk(backend_server.kiosk_id)
    identity = KioskIdentity(creds.kiosk_id, creds.key)
    skewed = BackendClient(backend_server.url, identity, clock=lambda: time.time() + 360, sleep=lambda _s: None)
    report = outbox.deliver(lambda item: deliver_renewal(skewed, item, None))
    assert report.refused == [] and outbox.counts()["pending"] == 1
    ((_key, error),) = report.deferred
    assert "401" in error and "unauthenticated" in error, error  # kept with the item for staff
    assert outbox.problems() == []  # nothing refused

    right = client_over(backend_server)
    assert len(outbox.deliver(lambda item: deliver_renewal(right, item, None)).delivered) == 1
    assert outbox.counts()["delivered"] == 1


def test_an_expired_card_session_is_its_own_error_for_the_resident_and_final_for_the_outbox() -> None:
    expired = BackendRefused(403, "https://mynakiosk.example/problems/card-session-expired", "expired", "")
    assert error_kind(expired) == "card_session_expired"  # not "this card is no longer valid"
    assert expired.permanent
    revoked = BackendRefused(403, "https://mynakiosk.example/problems/card-refused", "refused", "")
    assert error_kind(revoked) == "card_invalid" and not revoked.permanent
