"""Test support for the backend: a throwaway PostgreSQL cluster, migrated template databases, a kiosk that signs
its requests, and a virtual card driven through the real card layer (``kiosk.card`` over ``sim``)."""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from backend.request_signing import sign_request
from backend.sealing import seal
from backend.testing.pg import free_port
from drivers.cards.sim import SimReader
from kiosk.card.card import MyNumberCard
from kiosk.card.jpki import JpkiKey
from kiosk.card.pin import Pin
from kiosk.card.profile import Pins
from sim.card import VirtualCard
from sim.image import CardImage
from sim.personalise import DEFAULT_AUTH_PIN, DEFAULT_SIGN_PIN
from sim.pki.kiosk import KioskCredentials

MUNICIPALITY = "452017"  # Miyazaki City
OTHER_MUNICIPALITY = "141305"  # Kawasaki City


@dataclass
class SignedClient:
    """An HTTP client that signs every request as ``kiosk`` (and adds a bearer token when staff is logged in)."""

    http: httpx.Client
    kiosk: KioskCredentials
    staff_token: str | None = None
    clock_offset_s: int = 0
    now: Callable[[], float] = time.time
    """The kiosk's clock; tests that move the server's clock move this one too."""

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        idempotency_key: str | None = "auto",
        headers: dict[str, str] | None = None,
        sign: bool = True,
        content: bytes | None = None,
    ) -> httpx.Response:
        body = content if content is not None else (b"" if json_body is None else _json(json_body))
        key = (str(uuid.uuid4()) if method == "POST" else None) if idempotency_key == "auto" else idempotency_key
        h = {"content-type": "application/json"} if method == "POST" else {}
        if key is not None and method == "POST":
            h["Idempotency-Key"] = key
        h["Kiosk-Id"] = self.kiosk.kiosk_id
        if sign:
            ts = int(self.now()) + self.clock_offset_s
            h["Kiosk-Signature"] = sign_request(self.kiosk.key, method, path, ts, key or "", body)
        if self.staff_token:
            h["Authorization"] = f"Bearer {self.staff_token}"
        h |= headers or {}
        return self.http.request(method, path, content=body if method == "POST" else None, headers=h)

    def post(self, path: str, json_body: Any, **kw: Any) -> httpx.Response:
        return self.request("POST", path, json_body=json_body, **kw)

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("GET", path, **kw)

    def login(self, username: str, password: str) -> str:
        r = self.post("/v1/staff/sessions", {"username": username, "password": password})
        assert r.status_code == 201, r.text
        token: str = r.json()["token"]
        self.staff_token = token
        return token


def _json(doc: Any) -> bytes:
    import json

    return json.dumps(doc, separators=(",", ":")).encode()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def sealed(public: X25519PublicKey, plaintext: bytes, purpose: str, context: str) -> dict[str, str]:
    box = seal(public, plaintext, purpose=purpose, context=context)
    return {"ephemeral_public": b64(box.ephemeral_public), "nonce": b64(box.nonce), "ciphertext": b64(box.ciphertext)}


@dataclass
class CardAtKiosk:
    """A virtual card in a reader, driven through ``kiosk.card`` as the kiosk would."""

    image: CardImage
    card: VirtualCard = field(init=False)

    def __post_init__(self) -> None:
        self.card = VirtualCard.from_image(self.image)
        self.reader = SimReader(self.card)

    def open(self) -> MyNumberCard:
        return MyNumberCard(self.reader.connect())

    def transmit(self, apdu: bytes) -> bytes:
        return self.card.transmit(apdu)

    def juki_record(self) -> bytes:
        self.card.transmit(bytes.fromhex("00A4040C0AD3921000310001010100"))
        answer = self.card.transmit(bytes.fromhex("00B2010C00"))
        assert answer[-2:] == b"\x90\x00"
        return answer[:-2]

    def card_session_body(self, challenge_id: str, nonce: bytes, key: str = "auth", **overrides: Any) -> dict[str, Any]:
        with self.open() as mc:
            if key == "auth":
                mc.verify(Pins.AUTH, Pin(DEFAULT_AUTH_PIN))
                signature = mc.sign(JpkiKey.AUTH, nonce)
                cert, ca = mc.jpki.auth_certificate(), mc.jpki.auth_ca_certificate()
            else:
                mc.verify(Pins.SIGN, Pin(DEFAULT_SIGN_PIN))
                signature = mc.sign(JpkiKey.SIGN, nonce)
                cert, ca = mc.jpki.sign_certificate(), mc.jpki.sign_ca_certificate()
        body: dict[str, Any] = {
            "challenge_id": challenge_id,
            "key": key,
            "certificate": b64(cert),
            "chain": [b64(ca)],
            "signature": b64(signature),
            "card_data": {"juki_record": b64(self.juki_record())},
        }
        body |= overrides
        return body

    def run_script(self, script: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Send each step to the card; return the answers of the protected steps (stop at the first failure)."""
        answers = []
        for step in script:
            response = self.card.transmit(bytes.fromhex(step["apdu"]))
            if step["protected"]:
                answers.append({"step": step["step"], "response": response.hex().upper()})
            if response[-2:] != b"\x90\x00":
                break
        return answers


def open_card_session(client: SignedClient, card: CardAtKiosk, key: str = "auth") -> dict[str, Any]:
    ch = client.post("/v1/challenges", {})
    assert ch.status_code == 201, ch.text
    doc = ch.json()
    body = card.card_session_body(doc["challenge_id"], base64.b64decode(doc["nonce"]), key)
    r = client.post("/v1/card-sessions", body)
    assert r.status_code == 201, r.text
    session: dict[str, Any] = r.json()
    return session


def at_once(sends: list[Callable[[], httpx.Response]]) -> list[int]:
    """Send every request at the same moment (one thread each); their status codes, in order."""
    barrier = threading.Barrier(len(sends))

    def go(send: Callable[[], httpx.Response]) -> int:
        barrier.wait()
        return send().status_code

    with ThreadPoolExecutor(len(sends)) as pool:
        return list(pool.map(go, sends))


def database_dump(db_url: str) -> bytes:
    """Every value of every row of every table, as bytes (text as UTF-8), for tests that search for secrets."""
    from sqlalchemy import select

    from backend.db import make_engine
    from backend.models import Base

    engine = make_engine(db_url)
    out = bytearray()
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(select(table)):
                for value in row:
                    out += value if isinstance(value, bytes) else str(value).encode()
                    out += b"\0"
    engine.dispose()
    return bytes(out)


def iter_lines(text: str) -> Iterator[str]:
    yield from (line for line in text.splitlines() if line and not line.startswith("#"))


def evidence_public_key(client: SignedClient) -> X25519PublicKey:
    r = client.get("/v1/service-keys")
    assert r.status_code == 200, r.text
    return X25519PublicKey.from_public_bytes(base64.b64decode(r.json()["evidence_key"]))


def pin_reset_body(
    client: SignedClient,
    card_session_id: str,
    *,
    target: str = "sign",
    new_pin: str = "NEWPIN42",
    crop: bytes = b"\x89PNG face crop stand-in",
    liveness_passed: bool = True,
    liveness_score: float = 0.93,
    seal_context: str | None = None,
    frames: Sequence[tuple[int, bytes]] = (),
) -> dict[str, Any]:
    """``frames``: the liveness challenge's witness frames as (milliseconds from the first, JPEG)."""
    public = evidence_public_key(client)
    context = seal_context or card_session_id
    return {
        "card_session_id": card_session_id,
        "target": target,
        "new_pin": sealed(public, new_pin.encode(), "pin", context),
        "face": {
            "crop": sealed(public, crop, "face", context),
            "liveness_passed": liveness_passed,
            "liveness_score": liveness_score,
            "challenge_frames": [
                {"t_ms": t, "crop": sealed(public, jpeg, "face-frame", context)} for t, jpeg in frames
            ],
        },
    }


def problem_type(response: httpx.Response) -> str:
    assert response.headers["content-type"].startswith("application/problem+json"), response.text
    slug: str = response.json()["type"].rsplit("/", 1)[-1]
    return slug


def renewal_photo(width: int = 350, height: int = 450, *, flat: bool = False) -> bytes:
    """A JPEG with card-photo proportions (a gradient, so it is not flat unless asked)."""
    import io

    from PIL import Image

    picture = Image.new("RGB", (width, height), (128, 128, 128))
    if not flat:
        picture = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


def renewal_body(card_session_id: str, **overrides: Any) -> dict[str, Any]:
    import datetime as dt

    slot = (dt.datetime.now(dt.UTC) + dt.timedelta(days=45)).isoformat()
    body: dict[str, Any] = {
        "card_session_id": card_session_id,
        "photo": b64(renewal_photo()),
        "collection_method": "counter_pickup",
        "reservation_slot": slot,
        "contact": {"email": "resident@example.jp"},
    }
    body |= overrides
    return body


class ServerProcess:
    """``mynakiosk backend serve`` as a real process on a free loopback port (TEST keys, no face models)."""

    def __init__(self, db_url: str, *, workers: int = 1) -> None:
        self.db_url = db_url
        self.workers = workers
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        import sys

        exe = Path(sys.executable).with_name("mynakiosk")
        self.proc = subprocess.Popen(
            [
                str(exe),
                "backend",
                "serve",
                "--db",
                self.db_url,
                "--port",
                str(self.port),
                "--test-keys",
                "--no-face-match",
                "--workers",
                str(self.workers),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base_url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("backend did not start within 30 s")

    def kill9(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill9()
            self.proc = None
