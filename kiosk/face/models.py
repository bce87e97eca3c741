"""Where the face-model weights live and how to check they are there.

The weights are installed by ``scripts/fetch-face-models`` into ``assets/models/`` (never downloaded at run time).
``MYNAKIOSK_FACE_MODELS`` overrides the folder, e.g. for a packaged kiosk.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kiosk.face.errors import ModelUnavailable

DETECTOR_FILE = "face_detection_yunet_2023mar.onnx"
RECOGNIZER_FILE = "face_recognition_sface_2021dec.onnx"
MODELS_ENV = "MYNAKIOSK_FACE_MODELS"


@dataclass(frozen=True)
class ModelPaths:
    """Paths of the two ONNX files the :class:`~kiosk.face.engine.FaceEngine` loads."""

    detector: Path
    recognizer: Path

    @classmethod
    def default(cls) -> ModelPaths:
        """The folder named by ``MYNAKIOSK_FACE_MODELS``, else ``assets/models`` of this checkout."""
        folder = os.environ.get(MODELS_ENV)
        base = Path(folder) if folder else Path(__file__).resolve().parents[2] / "assets" / "models"
        return cls(detector=base / DETECTOR_FILE, recognizer=base / RECOGNIZER_FILE)

    def check(self) -> None:
        """Raise :class:`ModelUnavailable` naming the first missing file."""
        for path in (self.detector, self.recognizer):
            if not path.is_file():
                raise ModelUnavailable(f"face model {path} is missing; run scripts/fetch-face-models")
