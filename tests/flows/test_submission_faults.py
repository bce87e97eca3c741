"""A renewal meets a failing service at submission: the application is kept and delivered, never dropped."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from backend import embedded
from kiosk.backend_client import BackendClient, KioskIdentity
from kiosk.flows.submission import deliver_renewal
from kiosk.flows.view import Screen
from kiosk.outbox import Outbox
from sim.pki.kiosk import TestKioskPki

from .conftest import Harness, client_over

KEY = bytes(range(32))


class FailingService(requests.adapters.HTTPAdapter):
    """The backend answers HTTP 500 to every renewal, as during a PostgreSQL restart under load."""

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if (request.url or "").split("?")[0].endswith("/v1/renewals"):
            answer = requests.Response()
            answer.status_code = 500
            answer._content = b'{"type": "https://mynakiosk.example/problems/internal", "title": "Internal error"}'
            answer.headers["Content-Type"] = "application/problem+json"
            answer.request, answer.url = request, request.url or ""
            return answer
        return super().send(request, **kwargs)


def test_a_500_at_submission_queues_the_application_instead_of_dropping_it(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], tmp_path: Path,
    backend_server: embedded.EmbeddedBackend,
) -> None:  # fmt: skip
    h = harness("renewal:tanaka")  # a card the kiosk may renew today
    outbox = Outbox(tmp_path / "outbox.sqlite3", KEY)
    h.kiosk.outbox = outbox
    http = requests.Session()
    http.mount("http://", FailingService())
    creds = TestKioskPki().kiosk(backend_server.kiosk_id)
    h.kiosk.backend = BackendClient(
        backend_server.url, KioskIdentity(creds.kiosk_id, creds.key), session=http, sleep=lambda _s: None
    )
    seen = h.run(h.renewal_resident(live_clips))
    assert not any(v.screen is Screen.ERROR for v in seen), "the resident is not told 'not accepted'"
    assert next(v for v in seen if v.screen is Screen.RESULT).body == "renewal.queued.body"
    assert outbox.counts()["pending"] == 1 and h.kiosk.outcomes == ["renewal_queued"]
    (item,) = outbox.pending()
    report = outbox.deliver(lambda it: deliver_renewal(client_over(backend_server), it, None))
    assert [key for key, _ in report.delivered] == [item.idempotency_key]
