"""The J-LIS exchange: the batch the simulated J-LIS accepts (and what it refuses), feeds imported once, J-LIS's
cancellations and card statuses, officials only at the office, and the commands for files moved by hand."""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from backend.db import transaction
from backend.domain import CardStatus
from backend.errors import Conflict, Forbidden, NotConfigured
from backend.jlis import exchange
from backend.jlis.feed import FeedRefused
from backend.jlis.gateway import JlisGateway
from backend.models import Card, JlisApplication, Renewal
from backend.settings import KeyMaterial
from mynakiosk.commands.backend import backend
from mynakiosk.commands.sim import sim
from sim.jlis import BatchRefused, ReceivedApplication, ReceivedBatch, SimulatedJlis
from sim.pki.jlis import jlis_key
from tests.backend.conftest import PASSWORD, Env
from tests.backend.jlis_support import SimulatedGateway, export_in_office, import_in_office, simulated_jlis
from tests.backend.office_support import act, kiosk_application, login, office_client
from tests.backend.support import MUNICIPALITY, OTHER_MUNICIPALITY


def _approved(env: Env, count: int = 1) -> list[str]:
    """``count`` kiosk applications approved by an official (each its own card session)."""
    http = office_client(env.app)
    login(http, "official", PASSWORD)
    numbers = []
    for _ in range(count):
        number = kiosk_application(env.client(), env.card())
        assert act(http, number, "approve").status_code == 303
        numbers.append(number)
    return numbers


def _export(env: Env) -> exchange.Exported:
    with transaction(env.ctx.sessions) as session:
        done = exchange.export(session, env.clock, env.ctx.settings.keys, MUNICIPALITY, "test")
    assert done is not None
    return done


def _import(env: Env, feed: bytes) -> exchange.Imported:
    with transaction(env.ctx.sessions) as session:
        return exchange.import_feed(session, env.clock, env.ctx.settings.keys, feed, "test")


def _status(env: Env, number: str) -> tuple[str, int | None]:
    with env.ctx.reads() as session:
        renewal, row = session.get(Renewal, number), session.get(JlisApplication, number)
        assert renewal is not None
        return renewal.status.value, row.state if row else None


def _rewrite(batch: bytes, name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(batch)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, data if info.filename == name else src.read(info))
    return out.getvalue()


def test_a_round_through_the_gateway_sends_the_batch_and_imports_the_answer(env: Env) -> None:
    numbers = _approved(env, 2)
    gateway: JlisGateway = SimulatedGateway(simulated_jlis(), env.clock)
    with transaction(env.ctx.sessions) as session:
        sent, imported = exchange.exchange(session, env.clock, env.ctx.settings.keys, gateway, MUNICIPALITY, "test")
    assert sent is not None and sent.applications == 2
    assert [(i.applied, i.refused) for i in imported] == [(10, ())]
    assert [_status(env, n) for n in numbers] == [("card_produced", 5)] * 2
    with transaction(env.ctx.sessions) as session:
        assert exchange.exchange(session, env.clock, env.ctx.settings.keys, gateway, MUNICIPALITY, "t") == (None, [])


def test_a_batch_holds_each_application_once_and_is_rebuilt_byte_for_byte(env: Env) -> None:
    numbers = _approved(env, 2)
    done = _export(env)
    assert done.applications == 2
    with zipfile.ZipFile(io.BytesIO(done.data)) as archive:
        names = sorted(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
    assert names == sorted(
        ["manifest.json", "manifest.sig"] + [f"items/{n}.json" for n in numbers] + [f"photos/{n}.jpg" for n in numbers]
    )
    assert manifest["format"] == "mynakiosk-jlis-batch/1" and manifest["municipality_code"] == MUNICIPALITY
    with transaction(env.ctx.sessions) as session:
        assert exchange.export(session, env.clock, env.ctx.settings.keys, MUNICIPALITY, "test") is None  # all sent
        again = exchange.batch_file(session, env.clock, env.ctx.settings.keys, done.batch_id, MUNICIPALITY, "test")
    assert again.data == done.data
    assert [a.application_number for a in simulated_jlis().receive(done.data).applications] == sorted(numbers)


def test_the_simulated_jlis_refuses_an_altered_or_foreign_batch(env: Env) -> None:
    (number,) = _approved(env)
    batch = _export(env).data
    jlis = simulated_jlis()
    with pytest.raises(BatchRefused, match="SHA-256"):
        jlis.receive(_rewrite(batch, f"photos/{number}.jpg", b"\xff\xd8 another face"))
    with zipfile.ZipFile(io.BytesIO(batch)) as archive:
        manifest = archive.read("manifest.json")
    with pytest.raises(BatchRefused, match="signature"):
        jlis.receive(
            _rewrite(batch, "manifest.json", manifest.replace(MUNICIPALITY.encode(), OTHER_MUNICIPALITY.encode()))
        )
    stranger = SimulatedJlis(jlis_key(), {MUNICIPALITY: Ed25519PrivateKey.generate().public_key()})
    with pytest.raises(BatchRefused, match="signature"):
        stranger.receive(batch)
    with pytest.raises(BatchRefused, match="not a ZIP"):
        jlis.receive(b"PK not really")


def test_a_feed_moves_the_applications_once_however_often_it_is_imported(env: Env) -> None:
    (number,) = _approved(env)
    jlis = simulated_jlis()
    received = jlis.receive(_export(env).data)
    assert _status(env, number) == ("approved", 0)
    produced = jlis.answer(received, env.clock.now(), until=4)
    first = _import(env, produced)
    assert (first.applied, first.repeated, first.refused) == (4, 0, ())
    assert _status(env, number) == ("card_produced", 4)
    second = _import(env, produced)
    assert (second.applied, second.repeated) == (0, 4)
    shipped = _import(env, jlis.answer(received, env.clock.now() + dt.timedelta(days=1)))
    assert (shipped.applied, shipped.repeated) == (1, 4)  # ①–④ again under new ids: older than the state
    assert _status(env, number) == ("card_produced", 5)


def test_jlis_cancels_an_application_with_the_reason_it_gives(env: Env) -> None:
    (number,) = _approved(env)
    jlis = simulated_jlis()
    received = jlis.receive(_export(env).data)
    result = _import(env, jlis.answer(received, env.clock.now(), cancel={number: "moved_out"}))
    assert result.applied == 2
    assert _status(env, number) == ("cancelled", 10)
    with env.ctx.reads() as session:
        assert session.get(Renewal, number) is not None


def test_a_feed_not_signed_by_jlis_or_for_another_city_is_refused_whole(env: Env) -> None:
    (number,) = _approved(env)
    received = simulated_jlis().receive(_export(env).data)
    forged = SimulatedJlis(Ed25519PrivateKey.generate(), {}).answer(received, env.clock.now())
    with pytest.raises(FeedRefused, match="signature"):
        _import(env, forged)
    with pytest.raises(FeedRefused):
        _import(env, b'{"format": "something else"}')
    assert _status(env, number) == ("approved", 0)
    feed = simulated_jlis().answer(received, env.clock.now())
    with transaction(env.ctx.sessions) as session, pytest.raises(Forbidden):
        exchange.import_feed(session, env.clock, env.ctx.settings.keys, feed, "test", OTHER_MUNICIPALITY)


def test_updates_for_applications_never_sent_or_states_the_city_records_are_refused_one_by_one(env: Env) -> None:
    _approved(env)
    received = simulated_jlis().receive(_export(env).data)
    stranger = kiosk_application(env.client(), env.card())  # received, never sent
    forged_batch = ReceivedBatch(
        received.batch_id, MUNICIPALITY, (*received.applications, ReceivedApplication(stranger, {}, ""))
    )
    result = _import(env, simulated_jlis().answer(forged_batch, env.clock.now(), until=1))
    assert result.applied == 1
    assert [(r.subject, r.code) for r in result.refused] == [(stranger, "not_sent")]
    assert _status(env, stranger) == ("received", None)


def test_the_card_status_feed_suspends_and_invalidates_cards(env: Env) -> None:
    serial = env.images["tanaka"].serial
    jlis = simulated_jlis()
    result = _import(
        env, jlis.card_status_feed(MUNICIPALITY, env.clock.now(), [(serial, "suspended"), ("X" * 12, "suspended")])
    )
    assert result.applied == 1 and [r.code for r in result.refused] == ["unknown_card"]
    with env.ctx.reads() as session:
        card = session.get(Card, serial)
        assert card is not None and card.status is CardStatus.SUSPENDED
    _import(
        env, jlis.card_status_feed(MUNICIPALITY, env.clock.now() + dt.timedelta(hours=1), [(serial, "invalidated")])
    )
    with env.ctx.reads() as session:
        assert session.execute(select(Card.status).where(Card.serial == serial)).scalar_one() is CardStatus.REVOKED


def test_without_jlis_keys_nothing_is_sent(env: Env) -> None:
    _approved(env)
    keys = env.ctx.settings.keys
    assert keys is not None
    bare = KeyMaterial(keys.management_master, keys.management_key_id, keys.anchors, keys.evidence_key)
    with transaction(env.ctx.sessions) as session, pytest.raises(NotConfigured, match=r"jlis-signing-key\.pem"):
        exchange.export(session, env.clock, bare, MUNICIPALITY, "test")


def test_only_officials_reach_the_jlis_page_and_its_forms_need_the_csrf_token(env: Env) -> None:
    for role in ("contractor", "technician"):
        http = office_client(env.app)
        login(http, role, PASSWORD)
        assert http.get("/office/jlis").status_code == 403
        assert http.post("/office/jlis/export", data={"csrf": "x"}).status_code == 403
    (number,) = _approved(env)
    http = office_client(env.app)
    login(http, "official", PASSWORD)
    assert http.post("/office/jlis/export", data={"csrf": "forged"}).status_code == 403
    assert _status(env, number) == ("approved", None)
    batch_id, batch = export_in_office(http)
    page = import_in_office(http, simulated_jlis().answer(simulated_jlis().receive(batch), env.clock.now()))
    assert page.status_code == 200 and batch_id in page.text
    assert "⑤ 発送済" in page.text
    page = import_in_office(http, b"not a feed")
    assert page.status_code == 422 and "署名付き状態通知ではない" in page.text


def test_export_and_import_by_hand_with_the_commands(env: Env, tmp_path: Path) -> None:
    (number,) = _approved(env)
    run = CliRunner().invoke
    out = run(backend, ["jlis", "export", "--db", env.db_url, "--out", str(tmp_path / "out"), "--json"])
    assert out.exit_code == 0, out.output
    (made,) = json.loads(out.output)
    assert made["applications"] == 1 and Path(made["file"]).exists()
    feed = tmp_path / "feed.json"
    answered = run(sim, ["jlis", "answer", made["file"], "--out", str(feed)])
    assert answered.exit_code == 0, answered.output
    result = run(backend, ["jlis", "import", "--db", env.db_url, str(feed)])
    assert result.exit_code == 0 and "5 applied" in result.output, result.output
    assert _status(env, number) == ("card_produced", 5)
    again = run(backend, ["jlis", "import", "--db", env.db_url, str(feed)])
    assert "0 applied, 5 already applied" in again.output
    tampered = tmp_path / "tampered.json"
    tampered.write_text(feed.read_text().replace('"signature": "', '"signature": "AA'))
    refused = run(backend, ["jlis", "import", "--db", env.db_url, str(tampered)])
    assert refused.exit_code != 0 and "signature does not verify" in refused.output


def test_two_exports_at_once_send_each_application_once(env: Env) -> None:
    _approved(env, 3)
    barrier = threading.Barrier(2)

    def one() -> str:
        barrier.wait()
        try:
            with transaction(env.ctx.sessions) as session:
                done = exchange.export(session, env.clock, env.ctx.settings.keys, MUNICIPALITY, "test")
        except Conflict:
            return "conflict"
        return "none" if done is None else str(done.applications)

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(lambda _: one(), range(2)))
    assert outcomes in (["3", "conflict"], ["3", "none"])
    with env.ctx.reads() as session:
        assert len(session.execute(select(JlisApplication)).scalars().all()) == 3
