"""HTTP behaviour every endpoint shares: problem+json errors, size and media-type limits, health, metrics."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sim.image import CardImage
from sim.pki.kiosk import TestKioskPki
from tests.backend.conftest import Env, make_env
from tests.backend.support import iter_lines, problem_type


def test_healthz_reports_database_and_schema(env: Env) -> None:
    r = env.http.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok", "database": "ok", "schema_revision": "0012"}


@pytest.fixture
def operator_env(db_url: str, kiosk_pki: TestKioskPki, card_images: dict[str, CardImage]) -> Iterator[Env]:
    yield from make_env(db_url, kiosk_pki, card_images, operator_endpoints=True)


def test_docs_and_metrics_are_not_served_by_default(env: Env) -> None:
    for path in ("/docs", "/redoc", "/openapi.json", "/metrics"):
        assert env.http.get(path).status_code == 404, path


def test_metrics_are_prometheus_text_by_route_template(operator_env: Env) -> None:
    env = operator_env
    assert env.http.get("/docs").status_code == 200
    env.client().get("/v1/renewals/A000000000000")
    r = env.http.get("/metrics")
    assert r.headers["content-type"].startswith("text/plain; version=0.0.4")
    lines = list(iter_lines(r.text))
    assert (
        'mynakiosk_http_requests_total{method="GET",route="/v1/renewals/{application_number}",status="404"} 1' in lines
    )
    assert all("A000000000000" not in line for line in lines)
    assert any(line.startswith("mynakiosk_http_request_duration_seconds_bucket{") for line in lines)


def test_body_over_the_limit_is_refused_by_length_and_by_stream(env: Env) -> None:
    big = b'{"x":"' + b"a" * 70_000 + b'"}'
    r = env.client().post("/v1/challenges", None, content=big)
    assert r.status_code == 413 and problem_type(r) == "payload-too-large"

    def chunks():  # no Content-Length: the limit applies while reading
        for _ in range(100):
            yield b"a" * 1000

    r = env.http.post("/v1/challenges", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_post_must_be_json(env: Env) -> None:
    r = env.http.post("/v1/challenges", content=b"x=1", headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 415 and problem_type(r) == "unsupported-media-type"


def test_framework_errors_are_problems_without_internals(env: Env) -> None:
    for r in (
        env.http.get("/nowhere"),
        env.http.put("/healthz", content=b"{}", headers={"content-type": "application/json"}),
    ):
        assert r.headers["content-type"] == "application/problem+json"
        assert "Traceback" not in r.text


def test_validation_errors_name_fields_not_values(env: Env) -> None:
    secret = "SECRET-PIN-9999"
    r = env.client().post("/v1/staff/sessions", {"username": secret, "password": "", "extra": secret})
    assert r.status_code == 422 and problem_type(r) == "validation-failed"
    assert secret not in r.text


def test_idempotency_key_format_is_checked(env: Env) -> None:
    r = env.client().post("/v1/challenges", {}, idempotency_key="bad key with spaces")
    assert r.status_code == 400 and problem_type(r) == "bad-request"


def test_kiosk_rate_limit(env: Env) -> None:
    from backend.ratelimit import TokenBuckets

    env.ctx.kiosk_buckets = TokenBuckets(rate_per_s=0.001, burst=3)
    client = env.client()
    codes = [client.get("/v1/renewals/A000000000000").status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]


def test_an_unexpected_failure_is_a_generic_500_and_no_traceback(env: Env, caplog: pytest.LogCaptureFixture) -> None:
    secret = "SECRET-VALUE-4242"

    @env.app.get("/boom", include_in_schema=False)  # a test-only route, not an operation of the service
    def boom() -> None:
        raise RuntimeError(secret)

    # raise_server_exceptions=True: anything escaping to Starlette's outermost middleware would be re-raised here,
    # and under uvicorn logged with its traceback.
    http = TestClient(env.app, raise_server_exceptions=True)  # no lifespan: env's client already ran it
    with caplog.at_level(logging.DEBUG):
        r = http.get("/boom")
    assert r.status_code == 500 and problem_type(r) == "internal"
    assert secret not in r.text
    assert all(record.exc_info is None and secret not in record.getMessage() for record in caplog.records)
    assert any("RuntimeError" in record.getMessage() for record in caplog.records)
