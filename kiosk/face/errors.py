"""Typed errors of the face pipeline.

Messages are for technicians and never contain image content or anything personal; a UI picks its own
translated text from the error type (and ``code``), never from the message.
"""

from __future__ import annotations


class FaceError(Exception):
    """Base of every error the face pipeline raises on bad input or missing models."""

    code = "face_error"


class CorruptImage(FaceError):
    """The bytes are not a decodable image of a supported format."""

    code = "corrupt_image"


class UnsupportedImage(FaceError):
    """The image decodes but its format, mode or shape is not one the pipeline accepts."""

    code = "unsupported_image"


class ImageTooLarge(FaceError):
    """The image (bytes or pixels) exceeds the configured limits; nothing was decoded beyond the header."""

    code = "image_too_large"


class ImageTooSmall(FaceError):
    """The image is too small to hold a face the recognizer can use."""

    code = "image_too_small"


class NoFace(FaceError):
    """No face was found where exactly one was expected."""

    code = "no_face"


class MultipleFaces(FaceError):
    """More than one face was found where exactly one was expected."""

    code = "multiple_faces"

    def __init__(self, message: str, count: int) -> None:
        super().__init__(message)
        self.count = count


class ModelUnavailable(FaceError):
    """A model file is missing or cannot be loaded (run ``scripts/fetch-face-models``)."""

    code = "model_unavailable"
