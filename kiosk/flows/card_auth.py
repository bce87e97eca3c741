"""What the kiosk proved about a card, kept for the session: the JPKI key's signature over a nonce, the card data
the backend checks again, and, at a staffed pop-up without a network, the parts of a nonce the kiosk made itself.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any

from kiosk import wire
from kiosk.backend_client import b64
from kiosk.card.identity import CardFace, KeyProof


@dataclass(frozen=True)
class OfflineNonce:
    """A nonce the kiosk made itself when the service was unreachable (staffed pop-ups only).

    nonce = SHA-256(label | kiosk id | capture time | 32 random bytes); the backend recomputes it from the parts,
    accepts each random value once, and only within a time window, so a captured signature cannot be replayed.
    """

    captured_at: str
    random: bytes = field(repr=False)

    @classmethod
    def make(cls, kiosk_id: str) -> tuple[OfflineNonce, bytes]:
        """New parts, and the nonce they make for ``kiosk_id``."""
        parts = cls(dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(), os.urandom(32))
        return parts, wire.offline_nonce(kiosk_id, parts.captured_at, parts.random)


@dataclass(frozen=True)
class CardAuth:
    """The card's proof of a JPKI key, with what the backend needs to open a card session from it."""

    proof: KeyProof = field(repr=False)
    juki_record: bytes = field(repr=False)  # 住基AP record 1 of SFI 1: the card serial
    challenge_id: str | None = None  # the backend's challenge; None when the nonce was made offline
    offline: OfflineNonce | None = None
    face: CardFace | None = field(default=None, repr=False)  # after PIN-B: the signed card front

    def body(self) -> dict[str, Any]:
        """The card-session request: with the challenge id online, with the nonce's parts offline."""
        face = self.face
        body: dict[str, Any] = {
            "key": self.proof.key.name.lower(),
            "certificate": b64(self.proof.certificate),
            "chain": [b64(self.proof.ca_certificate)],
            "signature": b64(self.proof.signature),
            "card_data": {
                "juki_record": b64(self.juki_record),
                "kenmen_front": b64(face.front_raw) if face else None,
                "kenmen_intermediate": b64(face.certificate_raw) if face else None,
            },
        }
        if self.offline is not None:
            return {**body, "captured_at": self.offline.captured_at, "random": b64(self.offline.random)}
        return {"challenge_id": self.challenge_id, **body}
