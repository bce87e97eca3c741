"""The back office over HTTP: sign-in, CSRF, roles, audited views, and actions as idempotent transitions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from backend import admin, audit
from backend.card_registry import register_from_card_files
from backend.db import transaction
from backend.models import AuditEntry, OfficeSession, Renewal, RenewalEvent
from backend.office.holders import record_holder
from sim.apps import jpki, kenhojo, kenkaku
from tests.backend.conftest import PASSWORD, Env
from tests.backend.office_support import act, csrf_of, kiosk_application, login, office_client
from tests.backend.support import MUNICIPALITY


def _audit(env: Env, action: str) -> list[AuditEntry]:
    audit.seal_all(env.ctx.sessions)
    with env.ctx.reads() as session:
        return list(session.execute(select(AuditEntry).where(AuditEntry.action == action)).scalars())


def _status(env: Env, number: str) -> str:
    with env.ctx.reads() as session:
        row = session.get(Renewal, number)
        assert row is not None
        return row.status.value


def test_login_sets_a_strict_httponly_secure_cookie_and_logout_ends_it(env: Env) -> None:
    http = office_client(env.app)
    r = login(http, "official", PASSWORD)
    assert r.status_code == 303 and r.headers["location"] == "/office/applications"
    cookie = next(c for c in r.headers.get_list("set-cookie") if c.startswith("mynakiosk_office="))
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=strict" in cookie and "Path=/office" in cookie
    page = http.get("/office/applications")
    assert page.status_code == 200 and "申請一覧" in page.text
    assert http.post("/office/logout", data={"csrf": csrf_of(page.text)}).status_code == 303
    assert http.get("/office/applications").headers["location"] == "/office/login"
    assert [e.details["role"] for e in _audit(env, "office.login")] == ["official"]
    assert len(_audit(env, "office.logout")) == 1


def test_wrong_passwords_lock_the_account_at_the_office(env: Env) -> None:
    http = office_client(env.app)
    for _ in range(env.ctx.settings.limits.staff_max_failed_logins):
        assert login(http, "contractor", "wrong password").status_code == 401
    assert login(http, "contractor", PASSWORD).status_code == 401  # locked now, even with the right password
    assert len(_audit(env, "office.login_failed")) == env.ctx.settings.limits.staff_max_failed_logins + 1
    assert login(office_client(env.app), "official", PASSWORD).status_code == 303  # others are not locked


def test_a_form_without_its_csrf_token_is_refused(env: Env) -> None:
    http = office_client(env.app)
    http.get("/office/login")
    r = http.post("/office/login", data={"username": "official", "password": PASSWORD, "csrf": "forged"})
    assert r.status_code == 403 and "確認コード" in r.text
    number = kiosk_application(env.client(), env.card())
    assert login(http, "official", PASSWORD).status_code == 303
    r = http.post(f"/office/applications/{number}/actions", data={"action": "approve", "key": "k" * 16})
    assert r.status_code == 403
    assert _status(env, number) == "received"


def test_viewing_an_application_and_its_photo_is_audited(env: Env) -> None:
    number = kiosk_application(env.client(), env.card())
    http = office_client(env.app)
    login(http, "official", PASSWORD)
    page = http.get(f"/office/applications/{number}")
    assert page.status_code == 200
    assert "田中" in page.text and "顔照合" in page.text  # the basic four from the register; the face section
    photo = http.get(f"/office/applications/{number}/photo")
    assert photo.status_code == 200 and photo.content[:2] == b"\xff\xd8"
    views = _audit(env, "office.viewed")
    assert [(e.subject, e.details["what"]) for e in views] == [(number, "application"), (number, "photo")]
    assert all(e.actor.startswith("staff:") for e in views)
    assert "田中" not in str([e.details for e in views])


def test_roles_contractor_sees_no_identity_decision_and_technician_no_personal_data(env: Env) -> None:
    number = kiosk_application(env.client(), env.card())
    contractor = office_client(env.app)
    login(contractor, "contractor", PASSWORD)
    page = contractor.get(f"/office/applications/{number}")
    assert page.status_code == 200 and "顔照合" not in page.text and "本人確認" not in page.text
    assert 'id="do-approve"' not in page.text and 'id="do-incomplete"' in page.text
    technician = office_client(env.app)
    login(technician, "technician", PASSWORD)
    listing = technician.get("/office/applications")
    assert listing.status_code == 200 and number not in listing.text and 'id="total">1<' in listing.text
    assert technician.get(f"/office/applications/{number}").status_code == 403
    assert technician.get(f"/office/applications/{number}/photo").status_code == 403
    assert [e.details["what"] for e in _audit(env, "office.viewed")] == ["application"]  # the contractor's only


def test_other_municipality_sees_nothing_of_this_one(env: Env) -> None:
    number = kiosk_application(env.client(), env.card())
    http = office_client(env.app)
    login(http, "other-official", PASSWORD)
    assert number not in http.get("/office/applications").text
    assert http.get(f"/office/applications/{number}").status_code == 404


def test_incomplete_resume_approve_cancel_are_audited_transitions(env: Env) -> None:
    number = kiosk_application(env.client(), env.card())
    http = office_client(env.app)
    login(http, "official", PASSWORD)
    r = act(http, number, "incomplete", codes=["photo_unsuitable", "other"], note="背景が暗い")
    assert r.status_code == 303 and _status(env, number) == "incomplete"
    assert act(http, number, "resume").status_code == 303 and _status(env, number) == "under_review"
    assert act(http, number, "approve").status_code == 303 and _status(env, number) == "approved"
    assert act(http, number, "cancel", codes="moved_out").status_code == 303 and _status(env, number) == "cancelled"
    with env.ctx.reads() as session:
        events = session.execute(
            select(RenewalEvent).where(RenewalEvent.application_number == number).order_by(RenewalEvent.event_id)
        ).scalars()
        assert [(e.to_status.value, e.reason, e.note) for e in events] == [
            ("received", None, None),
            ("incomplete", "other,photo_unsuitable", "背景が暗い"),
            ("under_review", None, None),
            ("approved", None, None),
            ("cancelled", "moved_out", None),
        ]
    entries = {e.action: e for e in _audit(env, "renewal.incomplete") + _audit(env, "renewal.cancelled")}
    assert entries["renewal.incomplete"].details["codes"] == "other,photo_unsuitable"
    assert "背景" not in str(entries["renewal.incomplete"].details)  # the note stays out of the audit log
    assert entries["renewal.cancelled"].details["via"] == "office"


def test_the_same_form_sent_twice_moves_once(env: Env) -> None:
    number = kiosk_application(env.client(), env.card())
    http = office_client(env.app)
    login(http, "official", PASSWORD)
    page = http.get(f"/office/applications/{number}")
    key = next(p.split('"')[0] for p in page.text.split('name="key" value="')[1:] if '-approve"' in p)
    data = {"csrf": csrf_of(page.text), "key": key, "action": "approve"}
    first = http.post(f"/office/applications/{number}/actions", data=data)
    again = http.post(f"/office/applications/{number}/actions", data=data)
    assert first.headers["location"].endswith("done=approve") and again.headers["location"].endswith("done=replayed")
    assert len(_audit(env, "renewal.approved")) == 1


def test_refusals_say_why(env: Env) -> None:
    number = kiosk_application(env.client(), env.card())
    contractor = office_client(env.app)
    login(contractor, "contractor", PASSWORD)
    page = contractor.get(f"/office/applications/{number}")
    r = contractor.post(
        f"/office/applications/{number}/actions",
        data={"csrf": csrf_of(page.text), "key": "contractor-try-1", "action": "approve"},
    )
    assert r.status_code == 403 and "職員のみ" in r.text
    r = contractor.post(
        f"/office/applications/{number}/actions",
        data={"csrf": csrf_of(page.text), "key": "contractor-try-2", "action": "resume"},
    )
    assert r.status_code == 409 and "不備の申請だけ" in r.text and "受付" in r.text
    r = contractor.post(
        f"/office/applications/{number}/actions",
        data={"csrf": csrf_of(page.text), "key": "contractor-try-3", "action": "incomplete"},
    )
    assert r.status_code == 422 and "理由を1つ以上" in r.text
    assert _status(env, number) == "received"


def test_worklist_filters_and_counts(env: Env) -> None:
    first = kiosk_application(env.client(), env.card())
    second = kiosk_application(env.client(), env.card())
    http = office_client(env.app)
    login(http, "official", PASSWORD)
    act(http, first, "approve")
    listing = http.get("/office/applications?status=approved&channel=kiosk&site=store-1")
    assert first in listing.text and second not in listing.text
    assert 'data-status="approved">1<' in listing.text and 'data-status="received">1<' in listing.text
    http.get("/office/lang/en?next=/office/applications")
    assert "Applications" in http.get("/office/applications?status=nonsense&from=garbage").text


def test_a_disabled_account_or_a_new_password_ends_the_office_session(env: Env) -> None:
    http = office_client(env.app)
    login(http, "contractor", PASSWORD)
    assert http.get("/office/applications").status_code == 200
    with transaction(env.ctx.sessions) as session:
        admin.set_staff_status(session, env.clock, "contractor", active=False)
    assert http.get("/office/applications").headers["location"] == "/office/login"
    assert login(http, "contractor", PASSWORD).status_code == 401
    official = office_client(env.app)
    login(official, "official", PASSWORD)
    with transaction(env.ctx.sessions) as session:
        admin.set_staff_password(session, env.clock, "official", "a brand new password")
    assert official.get("/office/applications").headers["location"] == "/office/login"


def test_an_expired_session_sends_the_browser_to_sign_in(env: Env) -> None:
    http = office_client(env.app)
    login(http, "official", PASSWORD)
    with transaction(env.ctx.sessions) as session:
        session.execute(update(OfficeSession).values(expires_at=env.clock.now() - dt.timedelta(seconds=1)))
    assert http.get("/office/applications").headers["location"] == "/office/login"


def test_former_surname_is_shown_when_the_register_has_one(env: Env) -> None:
    image = env.images["suzuki"]
    keys = env.ctx.settings.keys
    assert keys is not None
    with transaction(env.ctx.sessions) as session:
        register_from_card_files(
            session,
            env.clock,
            serial=image.serial,
            municipality=MUNICIPALITY,
            auth_cert_der=image.file(jpki.APP, 0x000A) or b"",
            sign_cert_der=image.file(jpki.APP, 0x0001),
            front_face=image.file(kenkaku.APP, 0x0002) or b"",
            keys=keys,
        )
        session.flush()
        record_holder(session, env.clock, keys, image.serial, image.file(kenhojo.APP, 0x0002) or b"")
    number = kiosk_application(env.client(), env.card("suzuki"))
    http = office_client(env.app)
    login(http, "official", PASSWORD)
    page = http.get(f"/office/applications/{number}").text
    assert "旧氏" in page and "山本" in page and "鈴木" in page


def test_pages_forbid_framing_and_caching_and_the_language_switch_stays_in_the_office(env: Env) -> None:
    http = office_client(env.app)
    page = http.get("/office/login")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store" and page.headers["x-frame-options"] == "DENY"
    for target in ("https://evil.example/", "//evil.example/office/", "/v1/renewals"):
        r = http.get("/office/lang/en", params={"next": target})
        assert r.headers["location"] == "/office/"
    assert http.get("/office/lang/en", params={"next": "/office/login"}).headers["location"] == "/office/login"
    assert "Sign in" in http.get("/office/login").text


def test_a_purged_photo_is_said_to_be_gone(env: Env) -> None:
    number = kiosk_application(env.client(), env.card())
    with transaction(env.ctx.sessions) as session:
        session.execute(update(Renewal).where(Renewal.application_number == number).values(photo=b""))
    http = office_client(env.app)
    login(http, "official", PASSWORD)
    assert "写真は削除されました" in http.get(f"/office/applications/{number}").text
    assert http.get(f"/office/applications/{number}/photo").status_code == 404
