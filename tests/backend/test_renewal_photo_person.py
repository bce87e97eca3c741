"""The backend repeats the kiosk's photo-to-person check: a renewal photo of someone else than the card holder is
refused (issue 16, "the new photo belongs to the verified person"; real face models)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backend.settings import FacePolicy
from sim.faces import FACES, face_for
from sim.image import CardImage
from sim.pki.kiosk import TestKioskPki
from tests.backend.conftest import Env, make_env
from tests.backend.support import open_card_session, problem_type, renewal_body

MODELS = Path(__file__).resolve().parents[2] / "assets" / "models"
pytestmark = pytest.mark.skipif(
    not (MODELS / "face_recognition_sface_2021dec.onnx").exists(), reason="face models not installed"
)


@pytest.fixture
def face_env(db_url: str, kiosk_pki: TestKioskPki, card_images: dict[str, CardImage]) -> Iterator[Env]:
    yield from make_env(db_url, kiosk_pki, card_images, face=FacePolicy(required=True))


@pytest.fixture(scope="module")
def photos() -> dict[str, str]:
    """The kiosk's renewal photo (JPEG crop, base64) of each face the personas use, sitting a little back from the
    panel so that the service's re-check of the crop passes too."""
    import base64

    from kiosk.face.image import decode_image
    from kiosk.flows.face_service import FaceService
    from mynakiosk.demo.virtual_camera import portrait_frames

    service = FaceService()
    found = {}
    for key, source in FACES.items():
        frame = portrait_frames(decode_image(source.path.read_bytes()), count=1, scale=1.5)[0]
        check = service.check_photo(frame)
        assert check.ok and check.crop_jpeg is not None, check.hints
        found[key] = base64.b64encode(check.crop_jpeg).decode()
    return found


def test_the_holders_photo_is_accepted_and_another_persons_refused(face_env: Env, photos: dict[str, str]) -> None:
    client = face_env.client()
    holder = face_for("tanaka").key
    stranger = next(key for key in FACES if key != holder)
    sid = open_card_session(client, face_env.card())["card_session_id"]
    refused = client.post("/v1/renewals", renewal_body(sid, photo=photos[stranger]))
    assert refused.status_code == 403 and problem_type(refused) == "face-mismatch", refused.text
    sid = open_card_session(client, face_env.card())["card_session_id"]
    accepted = client.post("/v1/renewals", renewal_body(sid, photo=photos[holder]))
    assert accepted.status_code == 201, accepted.text
