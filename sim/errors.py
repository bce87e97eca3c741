"""The simulator's error hierarchy. Messages name files and fields, never personal data or PINs."""

from __future__ import annotations


class SimError(Exception):
    """Base of every error the simulator raises on purpose."""


class CardImageError(SimError):
    """A card image file is missing, unreadable or not a card image of a version we understand."""


class CardStorageError(SimError):
    """The card image could not be written back (disk full, read-only file system, ...)."""


class PersonaNotFound(SimError):
    """No persona has the requested name."""


class PersonalisationError(SimError):
    """A card cannot be made from the given inputs (e.g. a PIN of the wrong format)."""


class RenderError(SimError):
    """An image for the card cannot be rendered (e.g. the Japanese font is not installed)."""
