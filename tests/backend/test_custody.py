"""Custody of the cards at an issuing office, over the office's pages: receive, store, hand over (officials, with the
identity check), return or destroy (officials, issue cancelled first), stocktakes and the uncollected warning."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from backend import audit
from backend.models import AuditEntry, CardCustody, InventoryCount
from tests.backend.conftest import PASSWORD, Env
from tests.backend.jlis_support import (
    delivery_ids,
    export_in_office,
    import_in_office,
    move_card,
    receive_in_office,
    simulated_jlis,
)
from tests.backend.office_support import act, csrf_of, kiosk_application, login, office_client


def _official(env: Env) -> TestClient:
    http = office_client(env.app)
    assert login(http, "official", PASSWORD).status_code == 303
    return http


def _delivered(env: Env, http: TestClient, count: int) -> list[str]:
    """``count`` applications approved, sent, produced and shipped to the municipality, and received at hall-1."""
    numbers = []
    for _ in range(count):
        number = kiosk_application(env.client(), env.card())
        assert act(http, number, "approve").status_code == 303
        numbers.append(number)
    _, batch = export_in_office(http)
    jlis = simulated_jlis()
    assert import_in_office(http, jlis.answer(jlis.receive(batch), env.clock.now())).status_code == 200
    (delivery,) = delivery_ids(http)
    assert receive_in_office(http, delivery).status_code == 303
    r = receive_in_office(http, delivery)
    assert "done=repeated" in r.headers["location"]  # received once only
    return numbers


def _custody(env: Env, number: str) -> str:
    with env.ctx.reads() as session:
        row = session.get(CardCustody, number)
        assert row is not None
        return row.state.value


def test_a_contractor_stores_cards_and_only_an_official_hands_them_over(env: Env) -> None:
    (number,) = _delivered(env, _official(env), 1)
    clerk = office_client(env.app)
    login(clerk, "contractor", PASSWORD)
    assert move_card(clerk, number, "store", location="金庫A-1").status_code == 303
    again = move_card(clerk, number, "store", location="金庫A-1")
    assert again.headers["location"].endswith("done=repeated")
    assert move_card(clerk, number, "store", location="金庫B-2").status_code == 303  # moved within the office
    page = clerk.get(f"/office/custody/cards/{number}")
    assert "do-hand-over" not in page.text
    r = move_card(clerk, number, "hand-over", document="passport", face_compared="yes")
    assert r.status_code == 403 and _custody(env, number) == "stored"

    http = _official(env)
    refused = move_card(http, number, "hand-over", document="passport")  # the face was not compared
    assert refused.status_code == 422 and _custody(env, number) == "stored"
    assert move_card(http, number, "hand-over", document="passport", face_compared="yes").status_code == 303
    assert (
        move_card(http, number, "hand-over", document="passport", face_compared="yes")
        .headers["location"]
        .endswith("done=repeated")
    )
    audit.seal_all(env.ctx.sessions)
    with env.ctx.reads() as session:
        actions = list(
            session.execute(
                select(AuditEntry.action).where(AuditEntry.subject == number, AuditEntry.action.like("custody.%"))
            ).scalars()
        )
    assert actions == ["custody.stored", "custody.moved", "custody.handed_over"]


def test_a_card_is_returned_or_destroyed_only_after_its_issue_was_cancelled(env: Env) -> None:
    http = _official(env)
    first, second = _delivered(env, http, 2)
    assert move_card(http, first, "store", location="金庫A-1").status_code == 303
    refused = move_card(http, first, "destroy")
    assert refused.status_code == 409 and "交付準備完了" in refused.text
    assert act(http, first, "cancel", codes="deceased").status_code == 303
    assert move_card(http, first, "destroy").status_code == 303
    assert act(http, second, "cancel", codes="moved_out").status_code == 303
    assert move_card(http, second, "return").status_code == 303
    assert (_custody(env, first), _custody(env, second)) == ("destroyed", "returned")
    assert move_card(http, second, "store", location="x").status_code == 409  # no longer held


def test_the_card_of_an_issue_cancelled_on_its_way_is_received_and_then_destroyed(env: Env) -> None:
    http = _official(env)
    number = kiosk_application(env.client(), env.card())
    assert act(http, number, "approve").status_code == 303
    _, batch = export_in_office(http)
    jlis = simulated_jlis()
    import_in_office(http, jlis.answer(jlis.receive(batch), env.clock.now()))
    assert act(http, number, "cancel", codes="moved_out").status_code == 303  # the resident moved while it travelled
    (delivery,) = delivery_ids(http)
    assert receive_in_office(http, delivery).status_code == 303
    assert _custody(env, number) == "received"
    page = http.get(f"/office/custody/cards/{number}")
    assert "do-hand-over" not in page.text and "do-destroy" in page.text
    assert move_card(http, number, "store", location="返送待ち棚").status_code == 303  # kept safe until disposed of
    assert move_card(http, number, "destroy").status_code == 303
    assert _custody(env, number) == "destroyed"


def test_a_technician_sees_no_card_and_a_form_without_its_token_moves_nothing(env: Env) -> None:
    (number,) = _delivered(env, _official(env), 1)
    tech = office_client(env.app)
    login(tech, "technician", PASSWORD)
    assert tech.get("/office/custody").status_code == 403
    assert tech.get(f"/office/custody/cards/{number}").status_code == 403
    http = _official(env)
    r = http.post(f"/office/custody/cards/{number}/store", data={"csrf": "forged", "location": "金庫A-1"})
    assert r.status_code == 403 and _custody(env, number) == "received"


def test_a_stocktake_lists_the_differences_both_ways(env: Env) -> None:
    http = _official(env)
    first, second = _delivered(env, http, 2)
    page = http.get("/office/custody?site=hall-1")
    r = http.post(
        "/office/custody/count",
        data={"csrf": csrf_of(page.text), "site": "hall-1", "counted": f"{first}\nA999999999999\n\n{first}\n"},
    )
    assert r.status_code == 303
    page = http.get("/office/custody?site=hall-1")
    assert 'id="count-expected">2<' in page.text and 'id="count-counted">2<' in page.text
    assert 'id="count-difference">2<' in page.text
    with env.ctx.reads() as session:
        count = session.execute(select(InventoryCount)).scalar_one()
        assert (count.missing, count.unexpected) == ([second], ["A999999999999"])


def test_cards_stored_longer_than_the_configured_months_are_listed_as_uncollected(env: Env) -> None:
    http = _official(env)
    (number,) = _delivered(env, http, 1)
    assert move_card(http, number, "store", location="金庫A-1").status_code == 303
    page = http.get("/office/custody?site=hall-1")
    assert "交付されていないカード" not in page.text
    months = env.ctx.settings.limits.uncollected_warning_months
    env.clock.advance((months * 31 + 1) * 86400)
    page = _official(env).get("/office/custody?site=hall-1")  # the morning's session has long expired
    assert f"{months}か月以上交付されていないカード" in page.text and number in page.text
