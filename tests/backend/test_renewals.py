"""Renewal applications: channels, collection rules, photo checks, policy, status reads."""

from __future__ import annotations

from backend import admin
from backend.db import transaction
from kiosk.card.data import parse_front_face
from sim.apps import kenkaku
from tests.backend.conftest import MUNICIPALITY, Env
from tests.backend.support import (
    b64,
    database_dump,
    open_card_session,
    problem_type,
    renewal_body,
    renewal_photo,
)


def _session(env: Env, kiosk: str = "k-store", staff: str | None = None):  # type: ignore[no-untyped-def]
    client = env.staff_client(staff, kiosk) if staff else env.client(kiosk)
    return client, open_card_session(client, env.card())["card_session_id"]


def test_kiosk_application_is_collected_at_the_counter_with_an_identity_check(env: Env) -> None:
    client, sid = _session(env)
    r = client.post("/v1/renewals", renewal_body(sid))
    assert r.status_code == 201, r.text
    doc = r.json()
    assert doc["status"] == "received" and doc["channel"] == "kiosk"
    assert doc["identity_check_at_collection"] is True
    status = client.get(f"/v1/renewals/{doc['application_number']}")
    assert status.status_code == 200 and status.json() == doc


def test_unstaffed_kiosk_cannot_choose_restricted_post(env: Env) -> None:
    client, sid = _session(env)
    r = client.post("/v1/renewals", renewal_body(sid, collection_method="restricted_post", reservation_slot=None))
    assert r.status_code == 403 and problem_type(r) == "forbidden"


def test_official_at_a_staffed_popup_allows_restricted_post(env: Env) -> None:
    client, sid = _session(env, "k-popup", "official")
    body = renewal_body(sid, channel="staffed_popup", collection_method="restricted_post", reservation_slot=None)
    r = client.post("/v1/renewals", body)
    assert r.status_code == 201, r.text
    assert r.json()["identity_check_at_collection"] is False
    assert r.json()["channel"] == "staffed_popup"


def test_contractor_cannot_verify_identity(env: Env) -> None:
    client, sid = _session(env, "k-popup", "contractor")
    body = renewal_body(sid, channel="staffed_popup", collection_method="restricted_post", reservation_slot=None)
    assert client.post("/v1/renewals", body).status_code == 403
    # a contractor may still help with a counter pick-up application (出張申請サポート)
    r = client.post("/v1/renewals", renewal_body(sid, channel="staffed_popup"))
    assert r.status_code == 201 and r.json()["identity_check_at_collection"] is True


def test_official_of_another_municipality_needs_the_cross_municipality_switch(env: Env) -> None:
    client, sid = _session(env, "k-popup", "other-official")
    body = renewal_body(sid, channel="staffed_popup", collection_method="restricted_post", reservation_slot=None)
    assert client.post("/v1/renewals", body).status_code == 403
    with transaction(env.ctx.sessions) as session:
        admin.set_policy(session, env.clock, MUNICIPALITY, "popup-1", cross_municipality_verification=True)
    assert client.post("/v1/renewals", body).status_code == 201


def test_staffed_channel_needs_staff_and_the_right_site(env: Env) -> None:
    client, sid = _session(env)
    assert client.post("/v1/renewals", renewal_body(sid, channel="staffed_popup")).status_code == 403
    client, sid = _session(env, "k-store", "official")
    r = client.post("/v1/renewals", renewal_body(sid, channel="staffed_popup"))
    assert r.status_code == 403 and "not possible" in r.json()["detail"]


def test_post_office_only_where_delegated(env: Env) -> None:
    client, sid = _session(env, "k-post")
    r = client.post("/v1/renewals", renewal_body(sid))
    assert r.status_code == 403 and problem_type(r) == "service-disabled"
    with transaction(env.ctx.sessions) as session:
        admin.set_policy(session, env.clock, MUNICIPALITY, "post-1", delegated=True)
    assert client.post("/v1/renewals", renewal_body(sid)).status_code == 201


def test_photo_checks(env: Env) -> None:
    client, sid = _session(env)
    for photo in (renewal_photo(200, 260), renewal_photo(450, 350), renewal_photo(flat=True), b"not a jpeg"):
        r = client.post("/v1/renewals", renewal_body(sid, photo=b64(photo)))
        assert r.status_code == 422, r.text


def test_oversized_photo_is_refused_before_parsing(env: Env) -> None:
    client, sid = _session(env)
    r = client.post("/v1/renewals", renewal_body(sid, photo=b64(bytes(1_300_000))))
    assert r.status_code == 413 and problem_type(r) == "payload-too-large"


def test_counter_pickup_without_a_slot_is_accepted_for_the_office_to_book(env: Env) -> None:
    client, sid = _session(env)
    r = client.post("/v1/renewals", renewal_body(sid, reservation_slot=None))
    assert r.status_code == 201 and r.json()["reservation_slot"] is None


def test_a_slot_without_a_calendar_must_be_in_the_future_and_within_the_horizon(env: Env) -> None:
    client, sid = _session(env)
    past = "2020-01-01T10:00:00+09:00"
    assert client.post("/v1/renewals", renewal_body(sid, reservation_slot=past)).status_code == 422
    years_ahead = "2099-01-05T10:00:00+09:00"
    r = client.post("/v1/renewals", renewal_body(sid, reservation_slot=years_ahead))
    assert r.status_code == 422 and "180 days ahead" in r.json()["detail"]


def test_same_idempotency_key_gives_one_application(env: Env) -> None:
    client, sid = _session(env)
    body = renewal_body(sid)
    first = client.post("/v1/renewals", body, idempotency_key="renewal-key-0001")
    second = client.post("/v1/renewals", body, idempotency_key="renewal-key-0001")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second.headers["Idempotent-Replayed"] == "true"
    other = client.post("/v1/renewals", renewal_body(sid, contact={}), idempotency_key="renewal-key-0001")
    assert other.status_code == 409 and problem_type(other) == "idempotency-key-reused"


def test_missing_idempotency_key_is_refused(env: Env) -> None:
    client, sid = _session(env)
    r = client.post("/v1/renewals", renewal_body(sid), idempotency_key=None)
    assert r.status_code == 400 and problem_type(r) == "idempotency-key-missing"


def test_unknown_application_number(env: Env) -> None:
    r = env.client().get("/v1/renewals/A000000000000")
    assert r.status_code == 404 and problem_type(r) == "not-found"
    assert env.client().get("/v1/renewals/not-a-number").status_code == 422


def test_a_technician_cannot_submit_by_choosing_the_kiosk_channel(env: Env) -> None:
    client, sid = _session(env, "k-popup", "technician")
    r = client.post("/v1/renewals", renewal_body(sid))  # channel defaults to kiosk
    assert r.status_code == 403 and problem_type(r) == "forbidden"


def test_one_card_session_submits_one_application(env: Env) -> None:
    client, sid = _session(env)
    assert client.post("/v1/renewals", renewal_body(sid)).status_code == 201
    again = client.post("/v1/renewals", renewal_body(sid))  # a new Idempotency-Key: a second application
    assert again.status_code == 409 and problem_type(again) == "conflict"


def test_photos_are_not_stored_in_the_clear(env: Env) -> None:
    client, sid = _session(env)
    photo = renewal_photo()
    assert client.post("/v1/renewals", renewal_body(sid, photo=b64(photo))).status_code == 201
    front = env.images["tanaka"].file(kenkaku.APP, 0x0002)
    assert front is not None
    registered = parse_front_face(front).photo_jp2
    dump = database_dump(env.db_url)
    for secret in (photo, registered):
        assert secret[:64] not in dump and secret[-64:] not in dump
