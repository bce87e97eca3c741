"""Flow 4 and the outbox: applications reach the backend exactly once, through crashes and a dead network."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from backend import embedded
from backend.settings import Limits
from kiosk.card.identity import read_card_face
from kiosk.card.pin import Pin
from kiosk.card.profile import Pins
from kiosk.era_dates import era_of, western
from kiosk.flows.submission import deliver_renewal
from kiosk.flows.view import Screen
from kiosk.outbox import Outbox
from kiosk.wire import CardApProof, Challenge
from tests.backend.support import CardAtKiosk

from .conftest import Harness, Network, client_over

KEY = bytes(range(32))
RENEWAL_CARD = "renewal:tanaka"  # expired in March: the kiosk may renew it today


def _renewals_in_backend(server: embedded.EmbeddedBackend) -> int:
    path = server._db_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT COUNT(*) FROM renewals").fetchone()[0])


def test_renewal_application_is_submitted_and_tracked(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], tmp_path: Path,
    backend_server: embedded.EmbeddedBackend,
) -> None:  # fmt: skip
    h = harness(RENEWAL_CARD)
    outbox = Outbox(tmp_path / "outbox.sqlite3", KEY)
    h.kiosk.outbox = outbox
    seen = h.run(h.renewal_resident(live_clips))
    result = next(v for v in seen if v.screen is Screen.RESULT)
    number = str(result.params["application_number"])
    assert number.startswith("A") and result.body == "renewal.done.body"
    choice = next(v for v in seen if v.screen is Screen.DELIVERY_CHOICE)
    assert not choice.action("mail"), "an unstaffed kiosk offers counter pick-up only"
    status = h.kiosk.backend.renewal_status(number)
    assert status.channel == "kiosk" and status.collection_method == "counter_pickup"
    assert status.identity_check_at_collection is True
    assert outbox.counts() == {"pending": 0, "delivered": 1, "refused": 0, "set_aside": 0}
    assert h.kiosk.outcomes == ["renewal_submitted"]
    born = h.image.holder.birth_date
    confirm = next(v for v in seen if v.screen is Screen.CONFIRM_DATA)
    assert confirm.data["birth_date"] == era_of(born).printed(), "as the card prints it, in the era typed at PIN-B"
    assert confirm.data["card_expiry"] == western(h.image.holder.card_expiry).printed()


def test_dead_network_at_submission_queues_the_application_and_it_arrives_later(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], tmp_path: Path,
    backend_server: embedded.EmbeddedBackend,
) -> None:  # fmt: skip
    h = harness(RENEWAL_CARD)
    outbox = Outbox(tmp_path / "outbox.sqlite3", KEY)
    h.kiosk.outbox = outbox
    h.kiosk.backend = client_over(backend_server, Network(down_for="/v1/renewals"))
    before = _renewals_in_backend(backend_server)
    seen = h.run(h.renewal_resident(live_clips))
    result = next(v for v in seen if v.screen is Screen.RESULT)
    assert result.body == "renewal.queued.body"
    assert outbox.counts()["pending"] == 1
    healthy = client_over(backend_server)
    send = lambda item: deliver_renewal(healthy, item, None)  # noqa: E731
    first = outbox.deliver(send)
    assert len(first.delivered) == 1 and outbox.counts()["delivered"] == 1
    assert _renewals_in_backend(backend_server) == before + 1


CHILD_PUT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from kiosk.outbox import Outbox
    box = Outbox(Path(sys.argv[1]), bytes(range(32)))
    for payload in json.loads(sys.stdin.readline()):
        key = box.put("renewal", payload)
        print("accepted", key, flush=True)
    """
)

CHILD_DELIVER = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from kiosk.backend_client import BackendClient, KioskIdentity
    from kiosk.flows.submission import deliver_renewal
    from kiosk.outbox import Outbox
    from sim.pki.kiosk import TestKioskPki
    creds = TestKioskPki().kiosk(sys.argv[3])
    client = BackendClient(sys.argv[2], KioskIdentity(creds.kiosk_id, creds.key))
    box = Outbox(Path(sys.argv[1]), bytes(range(32)))
    box.deliver(lambda item: deliver_renewal(client, item, None))
    """
)


def _queued_payload(h: Harness, clips: dict[str, list[Any]], server: embedded.EmbeddedBackend, path: Path) -> Any:
    """Run the flow with the network down at submission and return the payload the kiosk queued."""
    h.kiosk.backend = client_over(server, Network(down_for="/v1/renewals"))
    box = Outbox(path, KEY)
    h.kiosk.outbox = box
    h.run(h.renewal_resident(clips))
    (item,) = box.pending()
    return item.payload


PUTS_PER_CHILD = 40


def _applications(h: Harness, server: embedded.EmbeddedBackend, template: Any, count: int) -> list[Any]:
    """``count`` applications like ``template``, each on a card session of its own, as each resident's session has
    (the backend takes one application per card session)."""
    card = CardAtKiosk(h.image)
    client = client_over(server)
    applications = []
    for _ in range(count):
        challenge = client.challenge()
        session = client.open_card_ap_session(_card_ap_proof(card, challenge))
        applications.append({**template, "card_session_id": session.card_session_id})
    return applications


def _card_ap_proof(card: CardAtKiosk, challenge: Challenge) -> CardApProof:
    """The renewal card's proof without JPKI (its certificates lapsed): PIN-B, and the chip over the nonce."""
    with card.open() as mc:
        mc.verify(Pins.VISUAL_PIN_B, Pin(card.image.holder.pin_b))
        face = read_card_face(mc, challenge.nonce)
    return CardApProof(
        challenge_id=challenge.challenge_id, juki_record=card.juki_record(), kenmen_front=face.front_raw,
        kenmen_intermediate=face.certificate_raw, card_signature=face.card_signature,
    )  # fmt: skip


@pytest.fixture
def roomy_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[embedded.EmbeddedBackend]:
    """A backend that lets one test card open a card session for each of a few hundred applications."""
    server = embedded.start(
        tmp_path_factory.mktemp("roomy-backend"),
        face_required=False,
        limits=Limits(card_sessions_per_card_per_hour=1000),
    )
    yield server
    server.stop()


@pytest.mark.slow
def test_kill_9_at_random_points_loses_nothing_and_duplicates_nothing(
    harness: Callable[..., Harness], live_clips: dict[str, list[Any]], tmp_path: Path,
    roomy_backend: embedded.EmbeddedBackend,
) -> None:  # fmt: skip
    """Submissions are put, then delivered, by processes killed with SIGKILL at random moments, many times over:
    every application a resident was told about arrives exactly once, and nothing else arrives."""
    import json

    backend_server = roomy_backend
    h = harness(RENEWAL_CARD)
    backend_server.register_card(h.image)
    template = _queued_payload(h, live_clips, backend_server, tmp_path / "template.sqlite3")
    path = tmp_path / "crash.sqlite3"
    rng = random.Random(1234)
    env = {**os.environ, "PYTHONPATH": str(Path.cwd())}
    accepted: set[str] = set()
    rounds = 6
    for _ in range(rounds):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD_PUT, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env=env,
        )  # fmt: skip
        assert child.stdin and child.stdout
        child.stdin.write(json.dumps(_applications(h, backend_server, template, PUTS_PER_CHILD)) + "\n")
        child.stdin.flush()
        first_line = child.stdout.readline()  # the child runs and has accepted one
        assert first_line.startswith("accepted")
        accepted.add(first_line.split()[1])
        try:
            child.wait(timeout=rng.uniform(0.01, 0.3))
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
            child.wait()
        for line in child.stdout.read().splitlines():
            if line.startswith("accepted ") and len(line.split()) == 2:
                accepted.add(line.split()[1])
    assert len(accepted) >= rounds
    stored = {item.idempotency_key for item in Outbox(path, KEY).pending()}
    assert accepted <= stored, "an application the resident was told about is missing"
    assert len(stored - accepted) <= rounds, "at most the one in-flight item per crash"
    before = _renewals_in_backend(backend_server)
    for _ in range(4):  # deliveries killed mid-way, then resumed
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD_DELIVER, str(path), backend_server.url, backend_server.kiosk_id], env=env
        )
        try:
            child.wait(timeout=rng.uniform(0.3, 2.0))
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
            child.wait()
    box = Outbox(path, KEY)
    client = client_over(backend_server)
    for _ in range(30):  # like the kiosk's sync loop: the backend rate-limits a burst, so come back shortly
        report = box.deliver(lambda item: deliver_renewal(client, item, None))
        if not report.still_pending:
            break
        time.sleep(0.5)
    assert box.counts() == {"pending": 0, "delivered": len(stored), "refused": 0, "set_aside": 0}
    numbers = {box.result(key)["application_number"] for key in stored}  # type: ignore[index]
    assert len(numbers) == len(stored), "each accepted submission is its own application"
    assert _renewals_in_backend(backend_server) - before == len(stored), "exactly once in the backend"
