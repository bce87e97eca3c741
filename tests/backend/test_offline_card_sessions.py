"""``POST /v1/card-sessions/offline``: a card authentication captured at a pop-up with no network."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from backend import embedded
from backend.audit import seal_all
from backend.models import AuditEntry, StaffAccount
from drivers.cards.sim import SimReader
from kiosk.backend_client import BackendClient, BackendRefused, KioskIdentity, b64
from kiosk.card.card import MyNumberCard
from kiosk.card.jpki import JpkiKey
from kiosk.card.pin import Pin
from kiosk.card.profile import Pins
from kiosk.wire import CardSession, offline_nonce
from sim.card import VirtualCard
from sim.personalise import DEFAULT_AUTH_PIN, new_card
from sim.personas import get_persona
from sim.pki.kiosk import TestKioskPki
from tests.backend.conftest import Env
from tests.backend.support import pin_reset_body, problem_type, renewal_body


@pytest.fixture(scope="module")
def popup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[embedded.EmbeddedBackend, Any]]:
    server = embedded.start(tmp_path_factory.mktemp("offline"), staffed=True, face_required=False)
    image = new_card(get_persona("suzuki"), seed=77)
    server.register_card(image)
    yield server, image
    server.stop()


def _client(server: embedded.EmbeddedBackend) -> BackendClient:
    creds = TestKioskPki().kiosk(server.kiosk_id)
    return BackendClient(server.url, KioskIdentity(creds.kiosk_id, creds.key))


def _capture(
    server: embedded.EmbeddedBackend, image: Any, *, captured: dt.datetime, random_part: bytes
) -> dict[str, Any]:
    captured_at = captured.replace(microsecond=0).isoformat()
    nonce = offline_nonce(server.kiosk_id, captured_at, random_part)
    with MyNumberCard(SimReader(VirtualCard.from_image(image)).connect()) as card:
        card.verify(Pins.AUTH, Pin(DEFAULT_AUTH_PIN))
        signature = card.sign(JpkiKey.AUTH, nonce)
        cert, chain = card.jpki.auth_certificate(), card.jpki.auth_ca_certificate()
        record = card.juki.record()
    return {
        "captured_at": captured_at, "random": b64(random_part), "key": "auth", "certificate": b64(cert),
        "chain": [b64(chain)], "signature": b64(signature), "card_data": {"juki_record": b64(record)},
    }  # fmt: skip


def _open(client: BackendClient, body: dict[str, Any], token: str | None) -> CardSession:
    return client.open_offline_card_session(body, idempotency_key=os.urandom(8).hex(), staff_token=token)


def test_an_offline_capture_opens_a_card_session_once(popup: tuple[embedded.EmbeddedBackend, Any]) -> None:
    server, image = popup
    client = _client(server)
    token = client.staff_login(embedded.DEMO_OFFICIAL, embedded.DEMO_OFFICIAL_PASSWORD).token
    body = _capture(server, image, captured=dt.datetime.now(dt.UTC), random_part=os.urandom(32))
    assert _open(client, body, token).services.renewal is True
    with pytest.raises(BackendRefused) as replay:
        _open(client, body, token)
    assert replay.value.status == 409


def test_offline_capture_needs_a_staff_session(popup: tuple[embedded.EmbeddedBackend, Any]) -> None:
    server, image = popup
    body = _capture(server, image, captured=dt.datetime.now(dt.UTC), random_part=os.urandom(32))
    with pytest.raises(BackendRefused) as refused:
        _open(_client(server), body, None)
    assert refused.value.status == 401


def test_stale_or_forged_captures_are_refused(popup: tuple[embedded.EmbeddedBackend, Any], tmp_path: Path) -> None:
    server, image = popup
    client = _client(server)
    token = client.staff_login(embedded.DEMO_OFFICIAL, embedded.DEMO_OFFICIAL_PASSWORD).token
    old = _capture(server, image, captured=dt.datetime.now(dt.UTC) - dt.timedelta(days=4), random_part=os.urandom(32))
    with pytest.raises(BackendRefused) as stale:
        _open(client, old, token)
    assert stale.value.status == 409
    forged = _capture(server, image, captured=dt.datetime.now(dt.UTC), random_part=os.urandom(32))
    forged["random"] = b64(os.urandom(32))  # the signature no longer covers the nonce the service recomputes
    with pytest.raises(BackendRefused) as bad:
        _open(client, forged, token)
    assert bad.value.status in (403, 422) and "not-genuine" in bad.value.problem_type


def _offline_body(env: Env, kiosk_id: str, captured: dt.datetime) -> dict[str, Any]:
    captured_at = captured.replace(microsecond=0).isoformat()
    random_part = os.urandom(32)
    body = env.card().card_session_body("unused", offline_nonce(kiosk_id, captured_at, random_part))
    del body["challenge_id"]
    return body | {"captured_at": captured_at, "random": b64(random_part)}


def test_a_technician_cannot_send_offline_captures(env: Env) -> None:
    client = env.staff_client("technician")
    r = client.post("/v1/card-sessions/offline", _offline_body(env, "k-popup", env.clock.now()))
    assert r.status_code == 403 and problem_type(r) == "forbidden"


def test_an_offline_session_is_audited_with_its_staff_and_resets_no_pin(env: Env) -> None:
    client = env.staff_client("contractor")
    r = client.post("/v1/card-sessions/offline", _offline_body(env, "k-popup", env.clock.now()))
    assert r.status_code == 201, r.text
    sid = r.json()["card_session_id"]
    with env.ctx.sessions() as session:
        seal_all(env.ctx.sessions)
        entry = (
            session.execute(
                select(AuditEntry).where(AuditEntry.action == "card_session.opened").order_by(AuditEntry.seq.desc())
            )
            .scalars()
            .first()
        )
        contractor = session.execute(select(StaffAccount).where(StaffAccount.username == "contractor")).scalar_one()
        assert entry is not None and entry.details["offline_staff"] == contractor.staff_id
    client.staff_token = None
    reset = client.post("/v1/pin-resets", pin_reset_body(client, sid))
    assert reset.status_code == 403 and problem_type(reset) == "forbidden"
    assert client.post("/v1/renewals", renewal_body(sid)).status_code == 201  # renewal applications still work


def test_the_offline_window_is_the_policys(env: Env) -> None:
    client = env.staff_client("official")
    window = env.ctx.settings.limits.offline_capture_max_age_s
    assert window <= 24 * 3600
    late = env.clock.now() - dt.timedelta(seconds=window + 60)
    r = client.post("/v1/card-sessions/offline", _offline_body(env, "k-popup", late))
    assert r.status_code == 409 and problem_type(r) == "challenge-invalid"
