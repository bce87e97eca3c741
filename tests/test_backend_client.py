"""The backend client parses every answer once into a frozen ``kiosk.wire`` type; an answer that is not in the
documented form raises ``BackendProtocolError``, never ``KeyError``/``TypeError``, from a real HTTP server."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk import wire
from kiosk.backend_client import BackendClient, BackendProtocolError, BackendUnavailable, KioskIdentity, RetryPolicy

Answers = dict[str, Any]  # path -> JSON document the server answers


@pytest.fixture
def serve() -> Iterator[Callable[[Answers], BackendClient]]:
    servers: list[ThreadingHTTPServer] = []

    def start(answers: Answers) -> BackendClient:
        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                if "Content-Length" in self.headers:
                    self.rfile.read(int(self.headers["Content-Length"]))
                body = json.dumps(answers[self.path.split("?")[0]]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        identity = KioskIdentity("test-kiosk", ec.generate_private_key(ec.SECP256R1()))
        return BackendClient(f"http://127.0.0.1:{server.server_port}", identity, retry=RetryPolicy(attempts=1))

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


RESET = {
    "reset_id": "r-1",
    "target": "sign",
    "status": "script_issued",
    "script": [{"step": 0, "apdu": "00A4040C", "protected": False}, {"step": 1, "apdu": "0022", "protected": True}],
}


def test_a_pin_reset_answer_is_parsed_into_steps_with_apdu_bytes(serve: Callable[[Answers], BackendClient]) -> None:
    reset = serve({"/v1/pin-resets": RESET}).create_pin_reset({})
    assert reset.script[0] == wire.ScriptStep(0, bytes.fromhex("00A4040C"), False)
    assert reset.script[1].protected and reset.reset_id == "r-1"


@pytest.mark.parametrize(
    "broken",
    [
        {k: v for k, v in RESET.items() if k != "script"},  # a field missing
        {**RESET, "script": "00A4"},  # not a list
        {**RESET, "script": [{"step": "0", "apdu": "00A4", "protected": False}]},  # a number as text
        {**RESET, "script": [{"step": 0, "apdu": "not hex", "protected": False}]},
        {**RESET, "script": [{"step": 0, "apdu": "00A4", "protected": "yes"}]},
        {**RESET, "reset_id": None},
        ["not", "an", "object"],
    ],
)
def test_a_malformed_answer_raises_the_clients_protocol_error(
    serve: Callable[[Answers], BackendClient], broken: Any
) -> None:
    with pytest.raises(BackendProtocolError):
        serve({"/v1/pin-resets": broken}).create_pin_reset({})


def test_a_challenge_with_a_bad_nonce_or_time_is_refused(serve: Callable[[Answers], BackendClient]) -> None:
    good = {"challenge_id": "c-1", "nonce": "AAAA", "expires_at": "2026-01-01T00:00:00+00:00"}
    assert serve({"/v1/challenges": good}).challenge().nonce == b"\0\0\0"
    for broken in ({**good, "nonce": "!!"}, {**good, "expires_at": "tomorrow"}):
        with pytest.raises(BackendProtocolError):
            serve({"/v1/challenges": broken}).challenge()


def test_the_staff_token_is_kept_out_of_the_repr(serve: Callable[[Answers], BackendClient]) -> None:
    answer = {"token": "s3cret", "role": "official", "municipality_code": "452017", "expires_at": "2026-01-01T00:00:00"}
    login = serve({"/v1/staff/sessions": answer}).staff_login("official", "password")
    assert login.token == "s3cret" and "s3cret" not in repr(login)


def _flaky_server(failures: int, status: int) -> tuple[ThreadingHTTPServer, list[str]]:
    """Answers ``status`` (a problem document) ``failures`` times, then a challenge; records each Idempotency-Key."""
    keys: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            keys.append(self.headers.get("Idempotency-Key", ""))
            if len(keys) <= failures:
                code, document = status, {"type": "https://x/problems/internal", "title": "Internal error"}
            else:
                code, document = 200, {"challenge_id": "c-1", "nonce": "AAAA", "expires_at": "2030-01-01T00:00:00Z"}
            body = json.dumps(document).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, keys


def _client(server: ThreadingHTTPServer, waits: list[float]) -> BackendClient:
    identity = KioskIdentity("test-kiosk", ec.generate_private_key(ec.SECP256R1()))
    return BackendClient(f"http://127.0.0.1:{server.server_port}", identity, sleep=waits.append)


def test_a_500_is_retried_with_back_off_and_the_same_idempotency_key() -> None:
    server, keys = _flaky_server(failures=2, status=500)
    waits: list[float] = []
    try:
        assert _client(server, waits).challenge().challenge_id == "c-1"
    finally:
        server.shutdown()
        server.server_close()
    assert len(keys) == 3 and len(set(keys)) == 1  # one request, applied once by the backend
    assert waits == [0.2, 0.4]


def test_a_500_that_persists_is_unavailability_not_a_refusal() -> None:
    server, _keys = _flaky_server(failures=10, status=500)
    try:
        with pytest.raises(BackendUnavailable, match="HTTP 500"):
            _client(server, []).challenge()
    finally:
        server.shutdown()
        server.server_close()
