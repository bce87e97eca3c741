"""Driving the back office as a browser would, over the test client (https, so ``Secure`` cookies are kept)."""

from __future__ import annotations

import re
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.backend.support import SignedClient, open_card_session, renewal_body

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_KEY = re.compile(r'name="key" value="([^"]+-{action})"')


def office_client(app: FastAPI) -> TestClient:
    return TestClient(app, base_url="https://testserver", follow_redirects=False)


def csrf_of(page: str) -> str:
    found = _CSRF.search(page)
    assert found, "no CSRF token in the page"
    return found.group(1)


def login(http: TestClient, username: str, password: str) -> httpx.Response:
    page = http.get("/office/login")
    return http.post("/office/login", data={"username": username, "password": password, "csrf": csrf_of(page.text)})


def act(http: TestClient, number: str, action: str, **fields: Any) -> httpx.Response:
    """Send the action's form as the detail page offers it (its CSRF token and idempotency key)."""
    page = http.get(f"/office/applications/{number}")
    key = re.search(_KEY.pattern.format(action=action), page.text)
    assert key, f"the page offers no {action} form"
    data = {"csrf": csrf_of(page.text), "key": key.group(1), "action": action, **fields}
    return http.post(f"/office/applications/{number}/actions", data=data)


def kiosk_application(kiosk: SignedClient, card: Any) -> str:
    """A renewal submitted at an unstaffed kiosk; its application number."""
    session = open_card_session(kiosk, card)
    r = kiosk.post("/v1/renewals", renewal_body(session["card_session_id"]))
    assert r.status_code == 201, r.text
    number: str = r.json()["application_number"]
    return number
