"""Property tests: no request body, header or card answer makes the service crash, hang or accept garbage."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend import idempotency, management
from backend.errors import BackendError
from backend.request_signing import verify_request
from backend.schemas import CardSessionIn, PinResetIn, RenewalIn
from sim.pki.kiosk import TestKioskPki
from tests.backend.conftest import Env

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
FIELDS = {
    "/v1/card-sessions": list(CardSessionIn.model_fields),
    "/v1/pin-resets": list(PinResetIn.model_fields),
    "/v1/renewals": list(RenewalIn.model_fields),
}
FUZZ = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _bodies(path: str) -> st.SearchStrategy[Any]:
    shaped = st.fixed_dictionaries({}, optional={name: JSON for name in FIELDS[path]})
    return shaped | JSON


@FUZZ
@given(path=st.sampled_from(sorted(FIELDS)), data=st.data())
def test_random_bodies_are_refused_with_a_problem(env: Env, path: str, data: st.DataObject) -> None:
    body = data.draw(_bodies(path))
    r = env.client().post(path, body)
    assert 400 <= r.status_code < 500, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert {"type", "title", "status", "detail"} <= set(r.json())


@FUZZ
@given(raw=st.binary(max_size=300))
def test_random_bytes_as_a_body_are_refused(env: Env, raw: bytes) -> None:
    r = env.client().post("/v1/renewals", None, content=raw)
    assert 400 <= r.status_code < 500
    json.loads(r.text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=250) | st.none())
def test_idempotency_key_parser_never_crashes(raw: str | None) -> None:
    try:
        assert idempotency.parse_key(raw) == raw
    except BackendError:
        pass


_KIOSK = TestKioskPki().kiosk("k-prop")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300) | st.none())
def test_signature_header_parser_never_crashes(header: str | None) -> None:
    try:
        verify_request(
            _KIOSK.key.public_key(),
            header,
            method="POST",
            path="/x",
            idempotency_key="",
            body=b"",
            now=0,
            max_skew_s=300,
        )
    except BackendError as exc:
        assert exc.status == 401
    else:
        raise AssertionError("a random header verified")


_KEYS = management.derive_card_keys(bytes(32), "0000000000001")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=40), st.integers(min_value=1, max_value=management.COUNTER_MAX))
def test_only_the_card_mac_confirms_a_step(response: bytes, counter: int) -> None:
    assert not management.answer_is_genuine(_KEYS, "0000000000001", counter, response)
