"""TEST ONLY: the keys of the J-LIS exchange (docs/jlis.md).

A municipality signs the batches it sends to J-LIS with its own Ed25519 key; J-LIS signs the status feeds it sends
back with its key. Both are derived here from fixed, published seeds, so they have **no value outside tests and
demos**. A deployment's municipality key is made by the city and its public half registered with J-LIS.
"""

from __future__ import annotations

import hashlib
from typing import Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

_SEED: Final = b"mynakiosk TEST ONLY J-LIS key seed v1 -- never use outside tests|"


def municipality_key() -> Ed25519PrivateKey:
    """TEST ONLY key a municipality signs its J-LIS batches with (one for every test municipality)."""
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(_SEED + b"municipality").digest())


def jlis_key() -> Ed25519PrivateKey:
    """TEST ONLY key the simulated J-LIS signs its status feeds with."""
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(_SEED + b"jlis").digest())
