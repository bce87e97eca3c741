"""The backend re-matches the live face against the registered photo with ``kiosk.face`` (real models), refuses
copies of that photo, and checks the liveness challenge it chose on the frames the kiosk sends (issue 19, item 1).

The live evidence is made the way a kiosk makes it: the simulator's virtual resident (a portrait posed in 3-D,
blinking and turning) in front of the kiosk's own ``FaceVerification``, asked the card session's challenge."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from sqlalchemy import select

from backend.audit import seal_all
from backend.models import AuditEntry
from backend.settings import FacePolicy, Limits
from kiosk import wire
from kiosk.card.data import parse_front_face
from kiosk.face.engine import FaceEngine
from kiosk.face.geometry import card_crop
from kiosk.face.image import decode_chip_photo, decode_image
from kiosk.face.landmarks import MeshTracker
from kiosk.face.liveness import Challenge
from kiosk.face.verification import FaceVerification
from mynakiosk.demo.virtual_camera import VirtualResident
from sim.apps import kenkaku
from sim.faces import FACES, face_for
from sim.image import CardImage
from sim.pki.kiosk import TestKioskPki
from tests.backend.conftest import Env, make_env
from tests.backend.support import open_card_session, pin_reset_body, problem_type

MODELS = Path(__file__).resolve().parents[2] / "assets" / "models"
pytestmark = pytest.mark.skipif(
    not (MODELS / "face_recognition_sface_2021dec.onnx").exists(), reason="face models not installed"
)


@pytest.fixture
def face_env(db_url: str, kiosk_pki: TestKioskPki, card_images: dict[str, CardImage]) -> Iterator[Env]:
    yield from make_env(db_url, kiosk_pki, card_images, face=FacePolicy(required=True))


@dataclass(frozen=True)
class Evidence:
    crop: bytes = field(repr=False)
    frames: tuple[tuple[int, bytes], ...] = field(repr=False)


@pytest.fixture(scope="module")
def engine() -> FaceEngine:
    return FaceEngine()


@pytest.fixture(scope="module")
def residents(engine: FaceEngine) -> dict[str, VirtualResident]:
    tracker = MeshTracker(video=False, engine=engine)
    try:
        return {
            key: VirtualResident.render(decode_image(source.path.read_bytes()), tracker)
            for key, source in FACES.items()
        }
    finally:
        tracker.close()


def live_evidence(
    engine: FaceEngine, resident: VirtualResident, chip_image: CardImage, challenge: Sequence[str]
) -> Evidence:
    """What the kiosk sends after its own check of ``resident`` asked ``challenge``: the crop and the witnesses."""
    tracker = MeshTracker(video=True)
    camera = resident.camera()
    try:
        check = FaceVerification(engine, tracker, _chip(chip_image), [Challenge(c) for c in challenge])
        frame, t = camera()
        status = check.feed(frame, t)
        while not status.final:
            frame, t = camera()
            status = check.feed(frame, t)
    finally:
        tracker.close()
    assert status.verified, status
    ok, crop = cv2.imencode(".jpg", card_crop(frame, engine.single_face(frame)))
    assert ok
    return Evidence(bytes(crop.tobytes()), tuple((round(w.t * 1000), w.jpeg) for w in status.witnesses))


def _chip(image: CardImage) -> Any:
    front = image.file(kenkaku.APP, 2)
    assert front is not None
    return decode_chip_photo(parse_front_face(front).photo_jp2)


def _chip_photo_png(image: CardImage) -> bytes:
    front = image.file(kenkaku.APP, 2)
    assert front is not None
    ok, png = cv2.imencode(".png", decode_chip_photo(parse_front_face(front).photo_jp2))
    assert ok
    return bytes(png.tobytes())


def test_a_card_session_carries_two_distinct_steps_chosen_by_the_service(face_env: Env) -> None:
    client = face_env.client()
    seen = set()
    for _ in range(6):
        challenge = open_card_session(client, face_env.card())["liveness_challenge"]
        assert len(challenge) == len(set(challenge)) == 2 and set(challenge) <= set(wire.LIVENESS_STEPS)
        seen.add(tuple(challenge))
    assert len(seen) > 1  # drawn per session, not fixed


def test_the_resident_answering_the_sessions_challenge_passes_and_a_stranger_is_refused(
    face_env: Env, engine: FaceEngine, residents: dict[str, VirtualResident]
) -> None:
    client = face_env.client()
    session = open_card_session(client, face_env.card())
    tanaka = face_env.images["tanaka"]
    evidence = live_evidence(engine, residents[face_for("tanaka").key], tanaka, session["liveness_challenge"])
    body = pin_reset_body(client, session["card_session_id"], crop=evidence.crop, frames=evidence.frames)
    r = client.post("/v1/pin-resets", body)
    assert r.status_code == 201, r.text
    stranger = pin_reset_body(client, session["card_session_id"], crop=_chip_photo_png(face_env.images["suzuki"]))
    r = client.post("/v1/pin-resets", stranger)
    assert r.status_code == 403 and problem_type(r) == "face-mismatch"


def test_a_mismatch_does_not_tell_the_kiosk_how_close_it_came(face_env: Env) -> None:
    client = face_env.client()
    sid = open_card_session(client, face_env.card())["card_session_id"]
    r = client.post("/v1/pin-resets", pin_reset_body(client, sid, crop=_chip_photo_png(face_env.images["suzuki"])))
    assert r.status_code == 403 and problem_type(r) == "face-mismatch"
    assert "score" not in r.text and not any(ch.isdigit() for ch in r.json()["detail"])


def test_a_crop_without_a_face_is_refused(face_env: Env) -> None:
    client = face_env.client()
    sid = open_card_session(client, face_env.card())["card_session_id"]
    ok, blank = cv2.imencode(".png", np.zeros((300, 240, 3), np.uint8))
    assert ok
    r = client.post("/v1/pin-resets", pin_reset_body(client, sid, crop=bytes(blank.tobytes())))
    assert r.status_code == 422


def test_renewal_photo_quality_is_rechecked(face_env: Env) -> None:
    from tests.backend.support import renewal_body

    client = face_env.client()
    sid = open_card_session(client, face_env.card())["card_session_id"]
    r = client.post("/v1/renewals", renewal_body(sid))  # a gradient: right size, no face
    assert r.status_code == 422 and "face_not_found" in r.json()["detail"]


def test_a_huge_crop_is_refused_from_its_header_before_decoding(face_env: Env) -> None:
    client = face_env.client()
    sid = open_card_session(client, face_env.card())["card_session_id"]
    ok, huge = cv2.imencode(".png", np.zeros((5000, 8000), np.uint8), [cv2.IMWRITE_PNG_COMPRESSION, 9])
    assert ok and len(huge) < 200_000  # small on the wire, 40 megapixels decoded
    r = client.post("/v1/pin-resets", pin_reset_body(client, sid, crop=bytes(huge.tobytes())))
    assert r.status_code == 422 and "ImageTooLarge" in r.json()["detail"]


def _anomalies(env: Env) -> list[dict[str, Any]]:
    seal_all(env.ctx.sessions)
    with env.ctx.reads() as session:
        rows = session.execute(select(AuditEntry.details).where(AuditEntry.action == "kiosk.anomaly")).scalars()
        return [dict(row) for row in rows]


def test_the_chip_photo_as_the_live_crop_is_refused(face_env: Env) -> None:
    """Issue 19, item 1: with a kiosk key, the card and its PIN, submitting the chip photo itself as the "live" crop
    passed the match (score 1.0). A camera frame never reproduces the registered photo: refused, without a score."""
    client = face_env.client()
    sid = open_card_session(client, face_env.card())["card_session_id"]
    body = pin_reset_body(client, sid, crop=_chip_photo_png(face_env.images["tanaka"]))
    r = client.post("/v1/pin-resets", body)
    assert r.status_code == 403 and problem_type(r) == "face-is-chip-photo"
    assert "score" not in r.text and not any(ch.isdigit() for ch in r.json()["detail"])
    assert _anomalies(face_env) == [{"refused": "face-is-chip-photo"}]


@pytest.mark.parametrize("change", ["jpeg60", "rescaled", "cropped"])
def test_the_chip_photo_re_encoded_rescaled_or_cropped_is_refused(face_env: Env, change: str) -> None:
    chip = _chip(face_env.images["tanaka"])
    height, width = chip.shape[:2]
    if change == "jpeg60":
        ok, data = cv2.imencode(".jpg", chip, [cv2.IMWRITE_JPEG_QUALITY, 60])
    elif change == "rescaled":
        ok, data = cv2.imencode(".jpg", cv2.resize(chip, None, fx=1.7, fy=1.7, interpolation=cv2.INTER_CUBIC))
    else:
        ok, data = cv2.imencode(".png", chip[height // 20 : height - height // 30, width // 25 : width - width // 20])
    assert ok
    client = face_env.client()
    sid = open_card_session(client, face_env.card())["card_session_id"]
    r = client.post("/v1/pin-resets", pin_reset_body(client, sid, crop=bytes(data.tobytes())))
    assert r.status_code == 403 and problem_type(r) == "face-is-chip-photo"


def test_the_chip_photo_replayed_as_the_challenge_frames_is_refused(
    face_env: Env, engine: FaceEngine, residents: dict[str, VirtualResident]
) -> None:
    client = face_env.client()
    session = open_card_session(client, face_env.card())
    tanaka = face_env.images["tanaka"]
    evidence = live_evidence(engine, residents[face_for("tanaka").key], tanaka, session["liveness_challenge"])
    ok, chip = cv2.imencode(".jpg", _chip(tanaka), [cv2.IMWRITE_JPEG_QUALITY, 95])
    assert ok
    replay = tuple((200 * k, bytes(chip.tobytes())) for k in range(6))
    body = pin_reset_body(client, session["card_session_id"], crop=evidence.crop, frames=replay)
    r = client.post("/v1/pin-resets", body)
    assert r.status_code == 403 and problem_type(r) == "face-is-chip-photo"


def test_frames_that_do_not_show_the_sessions_challenge_are_refused(
    face_env: Env, engine: FaceEngine, residents: dict[str, VirtualResident]
) -> None:
    """The same resident, live, answering the session's two steps in the other order; then with no frames, with
    capture times out of order, and with a stranger's frame swapped in: each refused, by problem type only."""
    client = face_env.client()
    session = open_card_session(client, face_env.card())
    sid, challenge = session["card_session_id"], session["liveness_challenge"]
    tanaka, hopper = face_env.images["tanaka"], residents[face_for("tanaka").key]
    reversed_order = live_evidence(engine, hopper, tanaka, challenge[::-1])
    right = live_evidence(engine, hopper, tanaka, challenge)
    stranger = live_evidence(engine, residents[face_for("suzuki").key], face_env.images["suzuki"], challenge)
    frames = list(right.frames)
    swapped = (frames[0], *stranger.frames[1:2], *frames[2:])
    for name, shown in [
        ("other order", reversed_order.frames),
        ("no frames", ()),
        ("times out of order", (frames[1], frames[0], *frames[2:])),
        ("stranger swapped in", swapped),
    ]:
        r = client.post("/v1/pin-resets", pin_reset_body(client, sid, crop=right.crop, frames=shown))
        assert r.status_code == 403 and problem_type(r) == "liveness-not-shown", name
        assert "score" not in r.text and not any(ch.isdigit() for ch in r.json()["detail"]), name
        if name == "no frames":
            break  # the card session takes 3 refusals; the rest go to a fresh session
    session = open_card_session(client, face_env.card())
    sid, challenge = session["card_session_id"], session["liveness_challenge"]
    right = live_evidence(engine, hopper, tanaka, challenge)
    stranger = live_evidence(engine, residents[face_for("suzuki").key], face_env.images["suzuki"], challenge)
    frames = list(right.frames)
    for name, shown in [
        ("times out of order", (frames[1], frames[0], *frames[2:])),
        ("stranger swapped in", (frames[0], *stranger.frames[1:2], *frames[2:])),
    ]:
        r = client.post("/v1/pin-resets", pin_reset_body(client, sid, crop=right.crop, frames=shown))
        assert r.status_code == 403 and problem_type(r) == "liveness-not-shown", name


def test_a_kiosk_whose_face_evidence_keeps_failing_is_flagged(
    db_url: str, kiosk_pki: TestKioskPki, card_images: dict[str, CardImage]
) -> None:
    limits = Limits(kiosk_face_refusals_per_hour_alert=2)
    for env in make_env(db_url, kiosk_pki, card_images, face=FacePolicy(required=True), limits=limits):
        client = env.client()
        for _ in range(2):
            sid = open_card_session(client, env.card())["card_session_id"]
            body = pin_reset_body(client, sid, crop=_chip_photo_png(env.images["tanaka"]))
            assert problem_type(client.post("/v1/pin-resets", body)) == "face-is-chip-photo"
        first, second = _anomalies(env)
        assert first == {"refused": "face-is-chip-photo"}
        assert second == {"refused": "face-is-chip-photo", "face_refusals_last_hour": 2}
