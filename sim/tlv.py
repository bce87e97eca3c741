"""BER-TLV encoding as the My Number Card writes it (card side only; the host has its own strict decoder).

Private-class tags are written in the two-byte form (``DF nn``/``FF nn``) even below 31, lengths in the
shortest BER form, except the outer templates, which always use ``82 LL LL`` as on real cards.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey


def encode_length(length: int, *, long_form: bool = False) -> bytes:
    """BER length: ``LL``, ``81 LL`` or ``82 LL LL`` (``long_form`` forces the three-byte form)."""
    if length < 0 or length > 0xFFFF:
        raise ValueError("length outside 0..65535")
    if long_form or length > 0xFF:
        return b"\x82" + length.to_bytes(2, "big")
    if length > 0x7F:
        return bytes((0x81, length))
    return bytes((length,))


def tlv(tag: bytes, value: bytes, *, long_form: bool = False) -> bytes:
    """One TLV with the tag bytes given exactly as they must appear."""
    return tag + encode_length(len(value), long_form=long_form) + value


def template(tag: bytes, children: bytes) -> bytes:
    """An outer ``FF nn`` template: always the ``82 LL LL`` length form."""
    return tlv(tag, children, long_form=True)


def rsa_public_key(key: RSAPublicKey) -> bytes:
    """ISO/IEC 7816-8 RSA public key children, exponent first: ``82 LL e`` then ``81 82 01 00 n``."""
    numbers = key.public_numbers()
    e = numbers.e.to_bytes((numbers.e.bit_length() + 7) // 8, "big")
    n = numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")
    return tlv(b"\x82", e) + tlv(b"\x81", n, long_form=True)
