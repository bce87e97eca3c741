"""The pick-up calendars in the back office: officials only, CSRF on every form, every change audited, and what
they save is what kiosks are offered."""

from __future__ import annotations

from sqlalchemy import select

from backend import audit, slots
from backend.models import AuditEntry
from tests.backend.conftest import PASSWORD, Env
from tests.backend.office_support import csrf_of, login, office_client
from tests.backend.support import MUNICIPALITY, open_card_session


def _form(**changes: str) -> dict[str, str]:
    form = {"name": "本庁舎 カードセンター", "slot_minutes": "30", "capacity": "3", "lead_days": "5", "holidays": ""}
    for day in range(5):
        form[f"opens_{day}"], form[f"closes_{day}"] = "09:00", "12:00"
    return form | changes


def _actions(env: Env) -> list[tuple[str, str]]:
    audit.seal_all(env.ctx.sessions)
    with env.ctx.reads() as session:
        entries = session.execute(select(AuditEntry).where(AuditEntry.action.like("pickup.%"))).scalars()
        return [(e.action, e.subject) for e in entries]


def test_an_official_adds_an_office_and_sets_its_calendar(env: Env) -> None:
    http = office_client(env.app)
    login(http, "official", PASSWORD)
    page = http.get("/office/slots")
    assert page.status_code == 200 and "交付窓口が登録されていません" in page.text
    r = http.post("/office/slots", data={"csrf": csrf_of(page.text), "office_id": "honcho", "name": "本庁舎"})
    assert r.status_code == 303, r.text
    page = http.get("/office/slots")
    assert 'id="office-honcho"' in page.text
    form = _form(holidays="2027-01-04\n2027-01-05")
    r = http.post("/office/slots/honcho", data={"csrf": csrf_of(page.text), **form})
    assert r.status_code == 303, r.text
    with env.ctx.reads() as session:
        calendar = slots.load(session, "honcho")
    assert calendar is not None
    assert (calendar.municipality_code, calendar.slot_minutes, calendar.capacity, calendar.lead_days) == (
        MUNICIPALITY, 30, 3, 5,
    )  # fmt: skip
    assert [(h.weekday, h.opens_min, h.closes_min) for h in calendar.hours] == [(d, 540, 720) for d in range(5)]
    assert [d.isoformat() for d in calendar.holidays] == ["2027-01-04", "2027-01-05"]
    assert _actions(env) == [("pickup.office_added", "office:honcho"), ("pickup.calendar_saved", "office:honcho")]
    client = env.client()
    sid = open_card_session(client, env.card())["card_session_id"]
    offered = client.get(f"/v1/pickup-slots?card_session_id={sid}").json()["slots"]
    assert offered and all(s["office_id"] == "honcho" and s["free"] == 3 for s in offered)


def test_a_calendar_that_cannot_be_kept_is_refused_with_the_page_and_nothing_saved(env: Env) -> None:
    http = office_client(env.app)
    login(http, "official", PASSWORD)
    page = http.get("/office/slots")
    http.post("/office/slots", data={"csrf": csrf_of(page.text), "office_id": "honcho", "name": "本庁舎"})
    page = http.get("/office/slots")
    r = http.post("/office/slots/honcho", data={"csrf": csrf_of(page.text), **_form(opens_0="13:00")})
    assert r.status_code == 422 and 'role="alert"' in r.text
    r = http.post("/office/slots/honcho", data={"csrf": csrf_of(page.text), **_form(closes_1="")})
    assert r.status_code == 422
    with env.ctx.reads() as session:
        calendar = slots.load(session, "honcho")
    assert calendar is not None and calendar.capacity == 1  # the new office's defaults, unchanged
    assert _actions(env) == [("pickup.office_added", "office:honcho")]


def test_calendars_need_an_official_and_the_forms_csrf_token(env: Env) -> None:
    for role in ("contractor", "technician"):
        http = office_client(env.app)
        login(http, role, PASSWORD)
        assert http.get("/office/slots").status_code == 403
        page = http.get("/office/applications")
        r = http.post("/office/slots", data={"csrf": csrf_of(page.text), "office_id": "x", "name": "x"})
        assert r.status_code == 403
    http = office_client(env.app)
    login(http, "official", PASSWORD)
    r = http.post("/office/slots", data={"csrf": "forged", "office_id": "honcho", "name": "本庁舎"})
    assert r.status_code == 403
    assert http.get("/office/slots").status_code == 200
    assert _actions(env) == []
    anonymous = office_client(env.app)
    assert anonymous.get("/office/slots").headers["location"] == "/office/login"


def test_an_official_cannot_edit_another_municipalitys_office(env: Env) -> None:
    http = office_client(env.app)
    login(http, "other-official", PASSWORD)
    page = http.get("/office/slots")
    http.post("/office/slots", data={"csrf": csrf_of(page.text), "office_id": "kawasaki", "name": "川崎"})
    mine = office_client(env.app)
    login(mine, "official", PASSWORD)
    page = mine.get("/office/slots")
    assert "kawasaki" not in page.text
    r = mine.post("/office/slots/kawasaki", data={"csrf": csrf_of(page.text), **_form()})
    assert r.status_code == 422
    with env.ctx.reads() as session:
        calendar = slots.load(session, "kawasaki")
    assert calendar is not None and calendar.name == "川崎"
