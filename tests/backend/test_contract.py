"""Contract tests from the OpenAPI document: the committed document is the one the service serves, every
operation documents its problem answers, real answers match the schemas the document names, every status the
backend tests saw the service answer is documented, and a small fuzz pass (a wrong content type, an oversized body,
too many requests) over every operation answers documented statuses."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from pydantic import BaseModel

from backend import schemas
from backend.openapi_doc import COMMITTED, render
from backend.settings import Limits
from sim.image import CardImage
from sim.pki.kiosk import TestKioskPki
from tests.backend.answers import Recorder
from tests.backend.conftest import Env, make_env
from tests.backend.support import open_card_session, pin_reset_body, renewal_body

DOC: dict[str, Any] = json.loads(COMMITTED.read_text())


def test_committed_document_is_current() -> None:
    assert json.loads(render()) == DOC, "run: mynakiosk backend openapi --out backend/openapi.json"


@pytest.mark.parametrize(
    ("path", "method"),
    [(p, m) for p, ops in DOC["paths"].items() for m in ops if p not in ("/metrics", "/healthz")],
)
def test_every_operation_documents_problem_answers(path: str, method: str) -> None:
    op = DOC["paths"][path][method]
    responses = op["responses"]
    signed = ["401", "422", "429"] if "security" in op else []  # what the kiosk signature check may answer
    for code in ("413", "500", *signed, *(["415"] if method == "post" else [])):
        assert "application/problem+json" in responses[code]["content"], (path, method, code)


@pytest.mark.parametrize("path", [p for p, ops in DOC["paths"].items() if "post" in ops])
def test_every_post_requires_an_idempotency_key_and_a_kiosk_signature(path: str) -> None:
    op = DOC["paths"][path]["post"]
    assert {"name": "Idempotency-Key", "in": "header", "required": True}.items() <= next(
        p for p in op["parameters"] if p["name"] == "Idempotency-Key"
    ).items()
    assert {"kioskId", "kioskSignature"} <= set(op["security"][0])


def _model_for(path: str, method: str, status: int, content_type: str) -> type[BaseModel]:
    response = DOC["paths"][path][method]["responses"].get(str(status))
    assert response is not None, f"{method.upper()} {path} answered {status}, which the document does not list"
    media = "application/problem+json" if content_type.startswith("application/problem+json") else content_type
    schema = response["content"].get(media) or response["content"]["application/json"]
    ref = schema["schema"]["$ref"] if "$ref" in schema.get("schema", {}) else None
    if ref is None:
        assert media == "application/problem+json"
        return schemas.Problem
    model = getattr(schemas, ref.rsplit("/", 1)[-1])
    assert issubclass(model, BaseModel)
    return model


def _check(template: str, method: str, r: httpx.Response) -> None:
    model = _model_for(template, method, r.status_code, r.headers["content-type"])
    model.model_validate_json(r.content)


def test_answers_match_the_document(env: Env) -> None:
    client = env.client()
    _check("/v1/challenges", "post", client.post("/v1/challenges", {}))
    _check("/v1/challenges", "post", client.post("/v1/challenges", {}, idempotency_key=None))
    session = open_card_session(client, env.card())
    sid = session["card_session_id"]
    schemas.CardSessionOut.model_validate(session)
    _check("/v1/services", "get", client.get("/v1/services?municipality=452017"))
    _check("/v1/service-keys", "get", client.get("/v1/service-keys"))
    reset = client.post("/v1/pin-resets", pin_reset_body(client, sid))
    _check("/v1/pin-resets", "post", reset)
    rid = reset.json()["reset_id"]
    _check("/v1/pin-resets/{reset_id}", "get", client.get(f"/v1/pin-resets/{rid}"))
    confirm = client.post(f"/v1/pin-resets/{rid}/confirm", {"answers": [{"step": 2, "response": "6983"}]})
    _check("/v1/pin-resets/{reset_id}/confirm", "post", confirm)
    event = {
        "type": "relay_refused",
        "occurred_at": "2026-12-06T14:00:00Z",
        "reset_id": rid,
        "command": {"cla": 0, "ins": 32},
    }
    _check("/v1/kiosk-events", "post", client.post("/v1/kiosk-events", event))
    renewal = client.post("/v1/renewals", renewal_body(sid))
    _check("/v1/renewals", "post", renewal)
    number = renewal.json()["application_number"]
    _check("/v1/renewals/{application_number}", "get", client.get(f"/v1/renewals/{number}"))
    _check("/v1/renewals/{application_number}", "get", client.get("/v1/renewals/A999999999999"))
    staff = env.staff_client("official", "k-store")
    _check("/v1/staff/renewals/today", "get", staff.get("/v1/staff/renewals/today"))
    _check("/v1/staff/counts/today", "get", staff.get("/v1/staff/counts/today"))
    move = staff.post(f"/v1/staff/renewals/{number}/transitions", {"to": "under_review"})
    _check("/v1/staff/renewals/{application_number}/transitions", "post", move)
    _check("/v1/reports/monthly", "get", staff.get("/v1/reports/monthly?month=2026-11"))
    _check("/healthz", "get", env.http.get("/healthz"))


OPERATIONS = [(path, method) for path, ops in DOC["paths"].items() for method in ops]
EXAMPLE_PARAMETERS = {"application_number": "A000000000001", "reset_id": "00000000-0000-4000-8000-000000000000"}
JSON_TYPES = ("application/json", "application/problem+json")


def _documented(path: str, method: str, r: httpx.Response) -> int:
    responses = DOC["paths"][path][method]["responses"]
    assert str(r.status_code) in responses, f"{method.upper()} {path} answered {r.status_code}, not in the document"
    return r.status_code


def test_fuzz_a_wrong_content_type_or_an_oversized_body_is_documented(env: Env) -> None:
    client = env.client()
    too_large = env.ctx.settings.limits.max_large_body_bytes + 1  # over every route's limit
    for path, method in OPERATIONS:
        url = path.format(**EXAMPLE_PARAMETERS)
        wrong = client.request(method.upper(), url, content=b"a=1", headers={"content-type": "text/plain"})
        status = _documented(path, method, wrong)
        assert method != "post" or status == 415, (path, status)
        large = env.http.request(
            method.upper(), url, content=b" " * too_large, headers={"content-type": "application/json"}
        )
        assert _documented(path, method, large) == 413, path


def test_fuzz_too_many_requests_is_documented(
    db_url: str, kiosk_pki: TestKioskPki, card_images: dict[str, CardImage]
) -> None:
    limits = Limits(kiosk_burst=1, kiosk_requests_per_s=0.001)  # one request, then none for a long while
    for env in make_env(db_url, kiosk_pki, card_images, limits=limits):
        client = env.client()
        assert client.get("/v1/service-keys").status_code == 200  # the only token
        for path, method in OPERATIONS:
            if "security" not in DOC["paths"][path][method]:
                continue  # not signed by a kiosk (/healthz, /v1/time): no per-kiosk rate
            url = path.format(**EXAMPLE_PARAMETERS)
            r = client.request(method.upper(), url, json_body={} if method == "post" else None)
            assert _documented(path, method, r) == 429, path
            assert r.headers["retry-after"].isdigit()


def test_every_answer_the_suite_saw_is_documented(record_answers: Recorder) -> None:
    """Runs after every other backend test (``conftest.LAST``): each status the service gave on an operation of the
    document is listed there, and a route outside the document (the office's pages) answers no JSON."""
    seen = {a: test for a, test in record_answers.seen.items() if test.startswith("tests/backend/")}
    assert any(a.documented_route for a in seen), "the recorder saw no request to the API"
    undocumented = []
    for a, test in sorted(seen.items(), key=lambda item: (item[0].template, item[0].method, item[0].status)):
        if a.documented_route:
            op = DOC["paths"].get(a.template, {}).get(a.method.lower())
            if op is None or str(a.status) not in op["responses"]:
                undocumented.append(f"{a.method} {a.template} answered {a.status} (first seen in {test})")
        elif a.status < 300 and a.content_type in JSON_TYPES and a.template != "/openapi.json":
            undocumented.append(f"{a.method} {a.template} answers JSON but is not in the document ({test})")
    assert not undocumented, "\n".join(undocumented)
