"""Shared fixtures for the face tests: one engine per session (model loading is the slow part) and the
committed sample faces in the forms the pipeline meets them."""

from __future__ import annotations

import pytest

from kiosk.face.chip import chip_photo_bytes
from kiosk.face.engine import FaceEngine
from kiosk.face.image import Image
from tests.face.helpers import load


@pytest.fixture(scope="session")
def engine() -> FaceEngine:
    return FaceEngine()


@pytest.fixture(scope="session")
def collins() -> Image:
    return load("astronaut.jpg")


@pytest.fixture(scope="session")
def hopper() -> Image:
    return load("grace_hopper.jpg")


@pytest.fixture(scope="session")
def cat() -> Image:
    return load("chelsea.jpg")


@pytest.fixture(scope="session")
def collins_chip(engine: FaceEngine, collins: Image) -> bytes:
    return chip_photo_bytes(collins, engine.single_face(collins))


@pytest.fixture(scope="session")
def hopper_chip(engine: FaceEngine, hopper: Image) -> bytes:
    return chip_photo_bytes(hopper, engine.single_face(hopper))
