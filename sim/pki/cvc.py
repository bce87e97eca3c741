"""The card-verifiable "intermediate certificate" of the 券面AP and the text AP (EF 0004 in both).

``7F 21 82 LL LL { 5F 4E 82 LL LL body, 5F 37 82 01 00 signature }`` with body = issuer id (16 B) ‖
subject id (16 B) ‖ RSA public key children; the signature is RSASSA-PKCS1-v1_5-SHA256 over the body by
the card-AP root key (docs/card-profile.md).
"""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey

from sim.tlv import rsa_public_key, tlv

ID_LENGTH = 16


def issue_cvc(*, issuer_id: bytes, subject_id: bytes, public_key: RSAPublicKey, root_key: RSAPrivateKey) -> bytes:
    """Encode and sign one intermediate certificate."""
    if len(issuer_id) != ID_LENGTH or len(subject_id) != ID_LENGTH:
        raise ValueError("CVC issuer and subject ids are 16 bytes each")
    body = issuer_id + subject_id + rsa_public_key(public_key)
    signature = root_key.sign(body, padding.PKCS1v15(), hashes.SHA256())
    children = tlv(b"\x5f\x4e", body, long_form=True) + tlv(b"\x5f\x37", signature, long_form=True)
    return tlv(b"\x7f\x21", children, long_form=True)


def sign_data(key: RSAPrivateKey, message: bytes) -> bytes:
    """An issuer signature over application data: RSASSA-PKCS1-v1_5 with SHA-256."""
    return key.sign(message, padding.PKCS1v15(), hashes.SHA256())
