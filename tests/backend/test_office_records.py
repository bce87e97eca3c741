"""The official's records on an application: a pop-up application's attestation, a minor's legal representative,
and the approval that waits for them (over HTTP, as a browser sends the forms)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backend import audit
from backend.card_registry import register_from_card_files
from backend.db import transaction
from backend.identity_records import age_on, is_minor
from backend.models import AuditEntry, LegalRepresentative, Renewal
from backend.office.holders import record_holder
from backend.retention import purge
from sim.apps import jpki, kenhojo, kenkaku
from sim.image import CardImage
from sim.personalise import new_card
from sim.personas import get_persona
from tests.backend.conftest import PASSWORD, Env
from tests.backend.office_support import act, csrf_of, kiosk_application, login, office_client
from tests.backend.support import MUNICIPALITY, CardAtKiosk, open_card_session, problem_type, renewal_body


@pytest.fixture(scope="module")
def minor_card() -> CardImage:
    """A 16-year-old's card (a minor on any application date since it was issued)."""
    return new_card(get_persona("takahashi"), seed=7)


def _audit(env: Env, action: str) -> list[AuditEntry]:
    audit.seal_all(env.ctx.sessions)
    with env.ctx.reads() as session:
        return list(session.execute(select(AuditEntry).where(AuditEntry.action == action)).scalars())


def _status(env: Env, number: str) -> str:
    with env.ctx.reads() as session:
        row = session.get(Renewal, number)
        assert row is not None
        return row.status.value


def _popup_application(env: Env, staff: str = "official", **overrides: Any) -> str:
    """An application taken at the staffed pop-up by ``staff`` (an official's: identity verified, sent by post)."""
    client = env.staff_client(staff, "k-popup")
    sid = open_card_session(client, env.card())["card_session_id"]
    body = renewal_body(sid, channel="staffed_popup", **overrides)
    r = client.post("/v1/renewals", body)
    assert r.status_code == 201, r.text
    number: str = r.json()["application_number"]
    return number


def _register(env: Env, image: CardImage) -> None:
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


def _record(http: TestClient, number: str, what: str, **fields: Any) -> Any:
    """Send the record's form as the detail page offers it (its CSRF token and idempotency key)."""
    page = http.get(f"/office/applications/{number}")
    key = re.search(rf'name="key" value="([^"]+-{"attest" if what == "attestation" else "represent"})"', page.text)
    assert key, f"the page offers no {what} form"
    return http.post(
        f"/office/applications/{number}/{what}", data={"csrf": csrf_of(page.text), "key": key.group(1), **fields}
    )


def _official(env: Env) -> TestClient:
    http = office_client(env.app)
    assert login(http, "official", PASSWORD).status_code == 303
    return http


def test_a_popup_application_is_approved_only_after_its_attestation(env: Env) -> None:
    number = _popup_application(env, collection_method="restricted_post", reservation_slot=None)
    http = _official(env)
    page = http.get(f"/office/applications/{number}").text
    assert 'id="attestation-missing"' in page and 'id="do-attest"' in page
    assert "申請時に職員が本人確認" in page and "交付時に窓口で本人確認" not in page  # not a hand-over check
    refused = act(http, number, "approve")
    assert refused.status_code == 409 and "本人確認が記録されていない" in refused.text
    assert _status(env, number) == "received"

    page = http.get(f"/office/applications/{number}")
    key = re.search(r'name="key" value="([^"]+-attest)"', page.text)
    assert key
    form = {"csrf": csrf_of(page.text), "key": key.group(1), "document": "driving_licence", "face_compared": "yes"}
    first = http.post(f"/office/applications/{number}/attestation", data=form)
    again = http.post(f"/office/applications/{number}/attestation", data=form)
    assert first.headers["location"].endswith("done=recorded") and again.headers["location"].endswith("done=replayed")
    shown = http.get(f"/office/applications/{number}").text
    assert 'id="attestation"' in shown and "運転免許証" in shown and 'id="do-attest"' not in shown
    other = http.post(
        f"/office/applications/{number}/attestation",
        data={**form, "key": "another-form-key", "document": "passport"},
    )
    assert other.status_code == 409 and "別の書類" in other.text
    [entry] = _audit(env, "renewal.attested")
    assert entry.details == {"via": "office", "document": "driving_licence", "face_compared": True, "role": "official"}

    assert act(http, number, "approve").status_code == 303 and _status(env, number) == "approved"
    late = http.post(
        f"/office/applications/{number}/attestation", data={**form, "key": "a-third-form-key"}
    )  # the same record again, after approval: already so
    assert late.headers["location"].endswith("done=replayed")


def test_attestation_refusals_say_why(env: Env) -> None:
    number = _popup_application(env, collection_method="restricted_post", reservation_slot=None)
    http = _official(env)
    no_face = _record(http, number, "attestation", document="my_number_card")
    assert no_face.status_code == 422 and "顔写真と本人の顔を照合" in no_face.text
    no_document = _record(http, number, "attestation", face_compared="yes")
    assert no_document.status_code == 422 and "書類を選んで" in no_document.text
    assert _audit(env, "renewal.attested") == []

    kiosk = kiosk_application(env.client(), env.card())
    page = http.get(f"/office/applications/{kiosk}").text
    assert 'id="records"' not in page  # an adult's kiosk application needs no record
    forged = http.post(
        f"/office/applications/{kiosk}/attestation",
        data={"csrf": csrf_of(page), "key": "kiosk-attest-1", "document": "passport", "face_compared": "yes"},
    )
    assert forged.status_code == 409 and "出張申請受付の申請だけ" in forged.text

    contractor = office_client(env.app)
    login(contractor, "contractor", PASSWORD)
    page = contractor.get(f"/office/applications/{number}").text
    assert 'id="records"' not in page  # a contractor sees no identity decision
    r = contractor.post(
        f"/office/applications/{number}/attestation",
        data={"csrf": csrf_of(page), "key": "contractor-attest", "document": "passport", "face_compared": "yes"},
    )
    assert r.status_code == 403

    assert act(http, number, "cancel", codes="withdrawn").status_code == 303
    page = http.get(f"/office/applications/{number}").text
    assert 'id="do-attest"' not in page
    closed = http.post(
        f"/office/applications/{number}/attestation",
        data={"csrf": csrf_of(page), "key": "after-cancel-1", "document": "passport", "face_compared": "yes"},
    )
    assert closed.status_code == 409 and "交付取止め" in closed.text


def test_a_popup_support_application_has_nothing_to_attest(env: Env) -> None:
    number = _popup_application(env, staff="contractor")  # 出張申請サポート: identity checked at hand-over
    http = _official(env)
    page = http.get(f"/office/applications/{number}").text
    assert "交付時に窓口で行います" in page and 'id="do-attest"' not in page
    r = http.post(
        f"/office/applications/{number}/attestation",
        data={"csrf": csrf_of(page), "key": "support-attest", "document": "passport", "face_compared": "yes"},
    )
    assert r.status_code == 409
    assert act(http, number, "approve").status_code == 303 and _status(env, number) == "approved"


def test_a_minors_application_waits_for_its_legal_representative(env: Env, minor_card: CardImage) -> None:
    _register(env, minor_card)
    number = kiosk_application(env.client(), CardAtKiosk(minor_card))
    http = _official(env)
    page = http.get(f"/office/applications/{number}").text
    assert 'id="representative-missing"' in page and "未成年" in page
    assert act(http, number, "approve").status_code == 409
    staff_api = env.staff_client("official", "k-popup")  # the kiosk staff API waits for it too
    assert staff_api.post(f"/v1/staff/renewals/{number}/transitions", {"to": "under_review"}).status_code == 200
    r = staff_api.post(f"/v1/staff/renewals/{number}/transitions", {"to": "card_produced"})
    assert r.status_code == 409 and problem_type(r) == "invalid-transition" and "representative" in r.json()["detail"]

    bad = _record(http, number, "representative", name="", relationship="parent", document="passport")
    assert bad.status_code == 422
    page = http.get(f"/office/applications/{number}").text
    key = re.search(r'name="key" value="([^"]+-represent)"', page)
    assert key
    form = {"csrf": csrf_of(page), "key": key.group(1), "name": "髙橋 由美", "relationship": "parent",
            "document": "my_number_card"}  # fmt: skip
    path = f"/office/applications/{number}/representative"
    assert http.post(path, data=form).headers["location"].endswith("done=recorded")
    assert http.post(path, data=form).headers["location"].endswith("done=replayed")  # the same form again
    again = http.post(path, data={**form, "key": "another-form-1"})  # another form, the same record: already so
    assert again.headers["location"].endswith("done=replayed")
    shown = http.get(f"/office/applications/{number}").text
    assert 'id="representative"' in shown and "髙橋 由美" in shown and "親権者" in shown
    assert 'id="do-represent"' not in shown
    other = http.post(path, data={**form, "key": "another-form-2", "name": "髙橋 健"})
    assert other.status_code == 409 and "別の法定代理人" in other.text

    [entry] = _audit(env, "renewal.representative_recorded")
    assert entry.details == {
        "via": "office",
        "relationship": "parent",
        "document": "my_number_card",
        "role": "official",
    }
    assert "髙橋" not in str([e.details for e in _audit(env, "office.viewed")])
    with env.ctx.reads() as session:
        row = session.get(LegalRepresentative, number)
        assert row is not None and "髙橋".encode() not in row.sealed_name  # sealed at rest
    assert act(http, number, "approve").status_code == 303 and _status(env, number) == "approved"


def test_an_adult_has_no_legal_representative(env: Env) -> None:
    number = kiosk_application(env.client(), env.card())
    http = _official(env)
    page = http.get(f"/office/applications/{number}").text
    assert 'id="do-represent"' not in page
    r = http.post(
        f"/office/applications/{number}/representative",
        data={"csrf": csrf_of(page), "key": "adult-represent", "name": "x", "relationship": "parent",
              "document": "passport"},
    )  # fmt: skip
    assert r.status_code == 409 and "成年" in r.text


@pytest.mark.parametrize(
    ("birth", "day", "minor"),
    [
        (dt.date(2008, 5, 9), dt.date(2026, 5, 8), True),  # 17 the day before the 18th birthday
        (dt.date(2008, 5, 9), dt.date(2026, 5, 9), False),  # 18 on it: of age since 2022-04-01
        (dt.date(2003, 1, 1), dt.date(2022, 3, 31), True),  # 19, the day before the age of majority fell to 18
        (dt.date(2003, 1, 1), dt.date(2022, 4, 1), False),  # 19, the day it fell
        (dt.date(2008, 2, 29), dt.date(2026, 3, 1), False),  # a 29 February birth: 18 on 1 March
        (dt.date(2008, 2, 29), dt.date(2026, 2, 28), True),
    ],
)
def test_a_minor_is_under_the_age_of_majority_of_the_application_date(
    birth: dt.date, day: dt.date, minor: bool
) -> None:
    assert is_minor(birth, day) is minor


def test_age_counts_completed_years() -> None:
    assert [age_on(dt.date(2010, 6, 15), dt.date(2026, m, d)) for m, d in ((6, 14), (6, 15))] == [15, 16]


def test_retention_drops_the_representatives_name_with_the_photo(env: Env, minor_card: CardImage) -> None:
    _register(env, minor_card)
    number = kiosk_application(env.client(), CardAtKiosk(minor_card))
    http = _official(env)
    form = {"name": "髙橋 由美", "relationship": "guardian", "document": "passport"}
    assert _record(http, number, "representative", **form).status_code == 303
    assert act(http, number, "cancel", codes="moved_out").status_code == 303
    env.clock.advance(91 * 24 * 3600)
    with transaction(env.ctx.sessions) as session:
        assert purge(session, env.clock, env.ctx.settings.limits).representative_names == 1
    with env.ctx.reads() as session:
        row = session.get(LegalRepresentative, number)
        assert row is not None and row.sealed_name == b"" and row.relationship.value == "guardian"
    http = _official(env)  # the office session of before ended with its eight hours
    page = http.get(f"/office/applications/{number}").text
    assert "髙橋 由美" not in page and "保存期間が過ぎたため削除" in page and "未成年後見人" in page
