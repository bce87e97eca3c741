"""The J-LIS exchange and the custody pages driven as a browser would (over the test client), and the simulated
J-LIS wired with the TEST keys the service runs with."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import httpx
from fastapi.testclient import TestClient

from backend.clock import Clock
from sim.jlis import SimulatedJlis
from sim.pki.jlis import jlis_key, municipality_key
from tests.backend.office_support import csrf_of
from tests.backend.support import MUNICIPALITY, OTHER_MUNICIPALITY


def simulated_jlis() -> SimulatedJlis:
    """J-LIS, knowing the TEST municipality key for both test municipalities."""
    public = municipality_key().public_key()
    return SimulatedJlis(jlis_key(), {MUNICIPALITY: public, OTHER_MUNICIPALITY: public})


class SimulatedGateway:
    """``backend.jlis.gateway.JlisGateway`` with the simulated J-LIS behind it: a batch sent is checked and answered
    at once (up to ⑤, shipped), and the answer waits to be collected."""

    def __init__(self, jlis: SimulatedJlis, clock: Clock) -> None:
        self.jlis = jlis
        self.clock = clock
        self._feeds: list[bytes] = []

    def send(self, name: str, batch: bytes) -> None:
        self._feeds.append(self.jlis.answer(self.jlis.receive(batch), self.clock.now()))

    def collect(self) -> list[bytes]:
        feeds, self._feeds = self._feeds, []
        return feeds


def export_in_office(http: TestClient) -> tuple[str, bytes]:
    """Press the export button, then download the batch it made: (batch id, the batch file)."""
    page = http.get("/office/jlis")
    assert page.status_code == 200, page.text
    r = http.post("/office/jlis/export", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 303, r.text
    batch_id = parse_qs(urlsplit(r.headers["location"]).query)["exported"][0]
    download = http.get(f"/office/jlis/batches/{batch_id}.zip")
    assert download.status_code == 200 and download.headers["content-type"] == "application/zip"
    return batch_id, download.content


def import_in_office(http: TestClient, feed: bytes) -> httpx.Response:
    page = http.get("/office/jlis")
    files = {"feed": ("feed.json", feed, "application/json")}
    return http.post("/office/jlis/import", data={"csrf": csrf_of(page.text)}, files=files)


def delivery_ids(http: TestClient, site: str = "hall-1") -> list[str]:
    page = http.get(f"/office/custody?site={site}")
    assert page.status_code == 200, page.text
    return re.findall(r'name="delivery" value="([^"]+)"', page.text)


def receive_in_office(http: TestClient, delivery: str, site: str = "hall-1") -> httpx.Response:
    page = http.get(f"/office/custody?site={site}")
    return http.post("/office/custody/receive", data={"csrf": csrf_of(page.text), "delivery": delivery, "site": site})


def move_card(http: TestClient, number: str, move: str, **fields: str) -> httpx.Response:
    page = http.get(f"/office/custody/cards/{number}")
    assert page.status_code == 200, page.text
    return http.post(f"/office/custody/cards/{number}/{move}", data={"csrf": csrf_of(page.text), **fields})
