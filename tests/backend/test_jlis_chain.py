"""The chain end to end, on SQLite and PostgreSQL: a kiosk's signed application → an official approves it → the
office sends it to J-LIS → the simulated J-LIS checks the batch and answers → the office imports the answer,
receives the delivery, stores the card and hands it over. Every step through the office's pages."""

from __future__ import annotations

from sqlalchemy import select

from backend import audit
from backend.models import AuditEntry, CardCustody, JlisApplication, Renewal, RenewalEvent
from tests.backend.conftest import PASSWORD, Env
from tests.backend.jlis_support import (
    delivery_ids,
    export_in_office,
    import_in_office,
    move_card,
    receive_in_office,
    simulated_jlis,
)
from tests.backend.office_support import act, kiosk_application, login, office_client


def test_a_kiosk_application_goes_through_jlis_to_the_counter(env: Env) -> None:
    number = kiosk_application(env.client(), env.card())
    http = office_client(env.app)
    assert login(http, "official", PASSWORD).status_code == 303
    assert act(http, number, "approve").status_code == 303

    batch_id, batch = export_in_office(http)
    jlis = simulated_jlis()
    received = jlis.receive(batch)
    assert received.batch_id == batch_id
    assert [a.application_number for a in received.applications] == [number]
    assert received.applications[0].items["name"]  # the basic items travel with the photo
    page = import_in_office(http, jlis.answer(received, env.clock.now()))
    assert page.status_code == 200 and "反映 5件" in page.text, page.text

    (delivery,) = delivery_ids(http)
    assert receive_in_office(http, delivery).status_code == 303
    assert move_card(http, number, "store", location="金庫A-3").status_code == 303
    r = move_card(http, number, "hand-over", document="my_number_card", face_compared="yes")
    assert r.status_code == 303, r.text

    with env.ctx.reads() as session:
        renewal = session.get(Renewal, number)
        custody = session.get(CardCustody, number)
        jlis_row = session.get(JlisApplication, number)
        assert renewal is not None and custody is not None and jlis_row is not None
        assert renewal.status.value == "handed_over"
        assert (custody.state.value, custody.location, custody.identity_document) == (
            "handed_over",
            "金庫A-3",
            "my_number_card",
        )
        assert jlis_row.state == 9
        path = [
            e.to_status.value
            for e in session.execute(
                select(RenewalEvent).where(RenewalEvent.application_number == number).order_by(RenewalEvent.event_id)
            ).scalars()
        ]
    assert path == ["received", "approved", "card_produced", "pre_issuance_setup", "ready_for_pickup", "handed_over"]
    audit.seal_all(env.ctx.sessions)
    with env.ctx.sessions() as session:
        assert audit.verify(session).ok
        actions = set(session.execute(select(AuditEntry.action).where(AuditEntry.subject == number)).scalars())
    assert {"jlis.sent", "jlis.state", "renewal.card_produced", "custody.stored", "custody.handed_over"} <= actions
