"""A reset script holding a command the relay allow-list refuses reaches the backend's audit chain, not only the kiosk's
journal: the kiosk queues a ``relay_refused`` event in the durable outbox (CLA and INS only), sends it, and an offline
kiosk delivers it later, once (issue 17, relay allow-list)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from backend import embedded
from backend.settings import Limits
from kiosk.flows.kiosk_events import KIOSK_EVENT
from kiosk.flows.submission import PIN_RESET_CONFIRMATION, deliver_item
from kiosk.outbox import Outbox
from sim.faces import face_for
from sim.image import CardImage

from .conftest import Harness, Network, client_over, looping_camera

KEY = bytes(range(32))
READ_BINARY = "00B0000000"  # what a tampered backend (or a network in between) would like the kiosk to send


@pytest.fixture(scope="module")
def own_backend(
    tmp_path_factory: pytest.TempPathFactory, flow_images: dict[str, Path]
) -> Iterator[embedded.EmbeddedBackend]:
    """A backend of this module's own: its resets do not use up the shared test card's daily reset limit."""
    server = embedded.start(
        tmp_path_factory.mktemp("own-backend"), face_required=False, limits=Limits(pin_resets_per_card_per_day=100)
    )
    server.register_card(CardImage.load(flow_images["tanaka"]))
    yield server
    server.stop()


def _served_by(h: Harness, server: embedded.EmbeddedBackend, network: Network | None = None) -> None:
    h.kiosk.backend = client_over(server, network)


class TamperedScripts(Network):
    """The kiosk's network to a backend whose PIN-reset scripts carry one more command, ``where`` in the script."""

    def __init__(self, where: int, down_for: str | None = None) -> None:
        super().__init__(down_for=down_for)
        self.where = where

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        response = super().send(request, **kwargs)
        if (request.url or "").endswith("/v1/pin-resets") and response.status_code == 201:
            doc = response.json()
            doc["script"].insert(self.where, {"step": 99, "apdu": READ_BINARY, "protected": False})
            response._content = json.dumps(doc).encode()
        return response


def _run(h: Harness, clips: dict[str, list[Any]]) -> None:
    h.run(h.resident(camera=looping_camera(clips[face_for("tanaka").key])))


def test_a_refused_script_command_is_queued_and_delivered_later_to_the_audit_chain(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], own_backend: embedded.EmbeddedBackend,
    tmp_path: Path,
) -> None:  # fmt: skip
    h = harness()
    outbox = Outbox(tmp_path / "outbox.sqlite3", KEY)
    h.kiosk.outbox = outbox
    _served_by(h, own_backend, TamperedScripts(0, down_for="/v1/kiosk-events"))
    _run(h, live_clips)
    assert h.kiosk.outcomes != ["reset_done"]
    (item,) = outbox.pending()
    assert item.kind == KIOSK_EVENT
    assert set(item.payload) == {"type", "occurred_at", "reset_id", "command"}
    assert item.payload["type"] == "relay_refused" and item.payload["command"] == {"cla": 0x00, "ins": 0xB0}
    healthy = client_over(own_backend)
    report = outbox.deliver(lambda it: deliver_item(healthy, it, None))
    assert report.delivered == [(item.idempotency_key, {"type": "relay_refused", "status": "recorded"})]
    assert outbox.pending() == []
    # Sent again (a crash before the outbox noted it): the backend answers the same and records it once.
    assert deliver_item(healthy, item, None) == {"type": "relay_refused", "status": "recorded"}


def test_a_refusal_after_the_card_changed_is_reported_and_the_reset_still_ends_unconfirmed(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], own_backend: embedded.EmbeddedBackend,
    tmp_path: Path,
) -> None:  # fmt: skip
    h = harness()
    outbox = Outbox(tmp_path / "outbox.sqlite3", KEY)
    h.kiosk.outbox = outbox
    _served_by(h, own_backend, TamperedScripts(3))  # after SELECT, SELECT, protected reset
    _run(h, live_clips)
    assert h.kiosk.outcomes == ["reset_unconfirmed"]
    kinds = outbox.counts()
    assert kinds["delivered"] == 1, "the event was sent at once"
    (pending,) = outbox.pending()
    assert pending.kind == PIN_RESET_CONFIRMATION
