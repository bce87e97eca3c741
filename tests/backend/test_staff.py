"""Staff: login, roles on status transitions (officials decide; contractors do clerical moves), lists, counts."""

from __future__ import annotations

import base64
from typing import Any

from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

from backend.request_signing import sign_request
from tests.backend.conftest import OTHER_MUNICIPALITY, PASSWORD, Env
from tests.backend.support import SignedClient, open_card_session, problem_type, renewal_body


def _application(env: Env, kiosk: str = "k-store") -> str:
    client = env.client(kiosk)
    sid = open_card_session(client, env.card())["card_session_id"]
    r = client.post("/v1/renewals", renewal_body(sid))
    assert r.status_code == 201, r.text
    number: str = r.json()["application_number"]
    return number


def _move(client: SignedClient, number: str, to: str, reason: str | None = None) -> Any:
    body = {"to": to} | ({"reason": reason} if reason else {})
    return client.post(f"/v1/staff/renewals/{number}/transitions", body)


def test_login_refuses_a_wrong_password_and_unknown_user(env: Env) -> None:
    client = env.client("k-popup")
    for username, password in (("official", "wrong password!"), ("nobody", PASSWORD)):
        r = client.post("/v1/staff/sessions", {"username": username, "password": password})
        assert r.status_code == 401 and problem_type(r) == "unauthenticated"


def test_staff_token_is_bound_to_the_kiosk_it_was_opened_on(env: Env) -> None:
    token = env.staff_client("official", "k-popup").staff_token
    other = env.client("k-hall")
    other.staff_token = token
    assert other.get("/v1/staff/renewals/today").status_code == 401


def test_status_machine_with_roles(env: Env) -> None:
    number = _application(env)
    contractor = env.staff_client("contractor")
    official = env.staff_client("official")
    assert _move(contractor, number, "under_review").status_code == 200
    r = _move(contractor, number, "card_produced")  # deciding issue: officials only
    assert r.status_code == 403 and problem_type(r) == "forbidden"
    assert _move(official, number, "card_produced").status_code == 200
    assert _move(contractor, number, "pre_issuance_setup").status_code == 200
    r = _move(contractor, number, "shipped")  # a counter pick-up is never shipped
    assert r.status_code == 409 and problem_type(r) == "invalid-transition"
    assert _move(contractor, number, "ready_for_pickup").status_code == 200
    assert _move(contractor, number, "handed_over").status_code == 403  # identity check at hand-over
    r = _move(official, number, "handed_over")
    assert r.status_code == 200 and r.json()["status"] == "handed_over"
    assert _move(official, number, "withdrawn", "resident asked").status_code == 409  # final


def test_rejection_is_an_official_decision_with_a_reason(env: Env) -> None:
    number = _application(env)
    assert _move(env.staff_client("contractor"), number, "rejected", "photo").status_code == 403
    official = env.staff_client("official")
    assert _move(official, number, "rejected").status_code == 422
    assert _move(official, number, "rejected", "photo does not meet the rules").status_code == 200


def test_technician_and_other_municipality_have_no_access(env: Env) -> None:
    number = _application(env)
    technician = env.staff_client("technician")
    assert _move(technician, number, "under_review").status_code == 403
    assert technician.get("/v1/staff/renewals/today").status_code == 403
    assert _move(env.staff_client("other-official"), number, "under_review").status_code == 403


def test_todays_applications_and_end_of_day_counts(env: Env) -> None:
    a, b = _application(env, "k-popup"), _application(env, "k-popup")
    _application(env, "k-store")  # another site: not in this session's list
    official = env.staff_client("official")
    listed = official.get("/v1/staff/renewals/today").json()["applications"]
    assert {x["application_number"] for x in listed} == {a, b}
    _move(official, a, "under_review")
    counts = {(r["channel"], r["event"]): r["count"] for r in official.get("/v1/staff/counts/today").json()["rows"]}
    assert counts == {("kiosk", "renewal:received"): 2, ("kiosk", "renewal:under_review"): 1}


def test_daily_and_monthly_reports(env: Env) -> None:
    _application(env, "k-store")
    _application(env, "k-popup")
    official = env.staff_client("official")
    day = official.get("/v1/staff/renewals/today").json()["day"]
    daily = official.get(f"/v1/reports/daily?day={day}").json()["rows"]
    assert {(r["site_id"], r["event"], r["count"]) for r in daily} == {
        ("store-1", "renewal:received", 1),
        ("popup-1", "renewal:received", 1),
    }
    monthly = official.get(f"/v1/reports/monthly?month={day[:7]}").json()
    assert sum(r["count"] for r in monthly["rows"]) == 2
    assert official.get("/v1/reports/monthly?month=2026-13").status_code == 422
    assert env.client().get(f"/v1/reports/daily?day={day}").status_code == 401  # staff only


def test_unknown_application_transition_is_not_found(env: Env) -> None:
    r = _move(env.staff_client("official"), "A000000000000", "under_review")
    assert r.status_code == 404


def test_account_locks_after_repeated_wrong_passwords(env: Env) -> None:
    client = env.client("k-popup")
    for _ in range(env.ctx.settings.limits.staff_max_failed_logins):
        r = client.post("/v1/staff/sessions", {"username": "official", "password": "not the password"})
        assert r.status_code == 401
    locked = client.post("/v1/staff/sessions", {"username": "official", "password": PASSWORD})
    assert locked.status_code == 401  # the right password is refused while locked
    env.clock.advance(env.ctx.settings.limits.staff_lockout_s + 1)
    assert client.post("/v1/staff/sessions", {"username": "official", "password": PASSWORD}).status_code == 201


def test_a_month_past_the_calendar_is_refused_not_a_crash(env: Env) -> None:
    official = env.staff_client("official")
    for month in ("9999-12", "1999-12"):
        r = official.get(f"/v1/reports/monthly?month={month}")
        assert r.status_code == 422 and problem_type(r) == "validation-failed", month


def test_wrong_passwords_at_one_kiosk_lock_the_account_there_only(env: Env) -> None:
    popup = env.client("k-popup")
    for _ in range(env.ctx.settings.limits.staff_max_failed_logins):
        assert (
            popup.post("/v1/staff/sessions", {"username": "official", "password": "not the password"}).status_code
            == 401
        )
    assert popup.post("/v1/staff/sessions", {"username": "official", "password": PASSWORD}).status_code == 401
    hall = env.client("k-hall")
    assert hall.post("/v1/staff/sessions", {"username": "official", "password": PASSWORD}).status_code == 201


def test_logout_ends_the_session_at_once(env: Env) -> None:
    official = env.staff_client("official")
    assert official.get("/v1/staff/renewals/today").status_code == 200
    assert official.request("DELETE", "/v1/staff/sessions/current").status_code == 204
    r = official.get("/v1/staff/renewals/today")
    assert r.status_code == 401 and problem_type(r) == "unauthenticated"


def test_disabling_an_account_ends_its_sessions(env: Env) -> None:
    from backend import admin
    from backend.db import transaction

    official = env.staff_client("official")
    with transaction(env.ctx.sessions) as session:
        admin.set_staff_status(session, env.clock, "official", active=False)
    assert official.get("/v1/staff/renewals/today").status_code == 401
    with transaction(env.ctx.sessions) as session:
        admin.set_staff_status(session, env.clock, "official", active=True)
    assert official.get("/v1/staff/renewals/today").status_code == 401  # the old token stays dead
    assert env.staff_client("official").get("/v1/staff/renewals/today").status_code == 200


def test_a_replayed_login_mints_no_second_token(env: Env) -> None:
    client = env.client("k-popup")
    body = b'{"username":"official","password":"' + PASSWORD.encode() + b'"}'
    headers = {
        "content-type": "application/json",
        "Idempotency-Key": "login-to-replay-0001",
        "Kiosk-Id": client.kiosk.kiosk_id,
        "Kiosk-Signature": sign_request(
            client.kiosk.key,
            "POST",
            "/v1/staff/sessions",
            int(env.clock.now().timestamp()),
            "login-to-replay-0001",
            body,
        ),
    }
    assert env.http.post("/v1/staff/sessions", content=body, headers=headers).status_code == 201
    replay = env.http.post("/v1/staff/sessions", content=body, headers=headers)
    assert replay.status_code == 401 and "already accepted" in replay.json()["detail"]
    # the same request with its signature's s negated (ECDSA malleability) is the same request
    t, sig = headers["Kiosk-Signature"].split(";sig=")
    r, s = decode_dss_signature(base64.urlsafe_b64decode(sig))
    order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    malleated = base64.urlsafe_b64encode(encode_dss_signature(r, order - s)).decode()
    replay = env.http.post(
        "/v1/staff/sessions", content=body, headers=headers | {"Kiosk-Signature": f"{t};sig={malleated}"}
    )
    assert replay.status_code == 401
    # signed anew (as the kiosk does on every retry), the same login is a new request
    assert client.post("/v1/staff/sessions", {"username": "official", "password": PASSWORD}).status_code == 201


def test_staff_read_only_their_municipality(env: Env) -> None:
    from backend import admin
    from backend.db import transaction
    from backend.domain import SiteKind

    with transaction(env.ctx.sessions) as session:
        admin.add_site(session, env.clock, "other-1", SiteKind.CONVENIENCE_STORE, OTHER_MUNICIPALITY, "elsewhere")
        session.flush()
        certificate = env.kiosk_pki.kiosk("k-other").certificate
        admin.add_kiosk(session, env.clock, "k-other", "other-1", certificate, (env.kiosk_pki.ca_certificate,))
    _application(env, "k-popup")
    _application(env, "k-other")
    other_official = env.staff_client("other-official")  # at k-popup, a site of the card holder's municipality
    assert other_official.get("/v1/staff/renewals/today").json()["applications"] == []
    assert other_official.get("/v1/staff/counts/today").json()["rows"] == []
    day = env.staff_client("official").get("/v1/staff/renewals/today").json()["day"]
    sites = {r["site_id"] for r in other_official.get(f"/v1/reports/daily?day={day}").json()["rows"]}
    assert sites == {"other-1"}
    contractor = env.staff_client("contractor")
    sites = {r["site_id"] for r in contractor.get(f"/v1/reports/daily?day={day}").json()["rows"]}
    assert sites == {"popup-1"}
    sites = {r["site_id"] for r in contractor.get(f"/v1/reports/monthly?month={day[:7]}").json()["rows"]}
    assert sites == {"popup-1"}
