"""The card's signature primitive: PKCS#1 v1.5 type-1 padding of the bytes received, then RSA.

pyca/cryptography only signs a message it hashes (or a digest it wraps in a DigestInfo itself); the card
receives a ready DigestInfo, or any other ≤ 245 bytes, and pads it as it is. So this module builds the
EMSA-PKCS1-v1_5 block (RFC 8017 §9.2 steps 4-5) and applies the private-key operation. It is test
material: timing side channels do not matter for a simulated card, and every signature it makes is
checked in the tests with cryptography's verifier.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey


class InputTooLong(ValueError):
    """More bytes than fit in one PKCS#1 v1.5 block with at least 8 padding bytes."""


def sign_padded(key: RSAPrivateKey, message: bytes) -> bytes:
    """``(00 01 FF.. 00 ‖ message)^d mod n`` as ``k`` big-endian bytes, k = modulus length."""
    numbers = key.private_numbers()
    n = numbers.public_numbers.n
    k = (n.bit_length() + 7) // 8
    if len(message) > k - 11:
        raise InputTooLong(f"{len(message)} bytes do not fit a {k}-byte PKCS#1 v1.5 block")
    block = b"\x00\x01" + b"\xff" * (k - 3 - len(message)) + b"\x00" + message
    m = int.from_bytes(block, "big")
    # CRT, as the chip does it: two half-size exponentiations.
    s1 = pow(m, numbers.dmp1, numbers.p)
    s2 = pow(m, numbers.dmq1, numbers.q)
    h = (numbers.iqmp * (s1 - s2)) % numbers.p
    return (s2 + h * numbers.q).to_bytes(k, "big")
