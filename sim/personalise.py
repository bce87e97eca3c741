"""Personalisation: make a card image for a persona.

Default PINs (documented for tests; a real resident chooses their own):

=====================  ============  ==============================================
PIN                    default       note
=====================  ============  ==============================================
JPKI authentication    ``4821``      ``DEFAULT_AUTH_PIN``
JPKI signature         ``SIGN2468``  ``DEFAULT_SIGN_PIN``; absent on a child's card
text AP, 住基AP        auth PIN      residents usually set the three 4-digit PINs equal
birth-date PIN         YYMMDD        fixed by the birth date
PIN-A                  My Number     fixed by the data
PIN-B                  YYMMDD+YYYY+security code
=====================  ============  ==============================================

``seed`` fixes every random choice (My Number, security code, card serial, certificate serials and
subject names). RSA keys are always fresh: pyca/cryptography cannot derive a key from a seed, and the
simulator writes no key generation of its own.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass
from typing import Final

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from sim import mynumber, photo, render
from sim.apps import jpki, juki, kenhojo, kenkaku
from sim.dates import age_on, card_expiry, certificate_expiry, jpki_birth_date
from sim.errors import PersonalisationError
from sim.faces import face_for
from sim.image import CardHolder, CardImage
from sim.os.management import ManagementRecord
from sim.os.security import PinCounter
from sim.personas import Persona, Sex
from sim.pki import CARD_AP_ISSUER_ID, TestPki
from sim.pki.kiosk import TEST_MANAGEMENT_MASTER, card_management_keys
from sim.profile import PINS, KeyId, PinId
from sim.tlv import tlv

DEFAULT_AUTH_PIN: Final = "4821"
DEFAULT_SIGN_PIN: Final = "SIGN2468"
SIGN_CERT_MIN_AGE: Final = 15
"""Below this age at issue no signature certificate is issued."""

JPKI_OID: Final = "1.2.392.200149.8.5.5"
SAN_NAME: Final = x509.ObjectIdentifier(f"{JPKI_OID}.1")
SAN_SEX: Final = x509.ObjectIdentifier(f"{JPKI_OID}.3")
SAN_BIRTH_DATE: Final = x509.ObjectIdentifier(f"{JPKI_OID}.4")
SAN_ADDRESS: Final = x509.ObjectIdentifier(f"{JPKI_OID}.5")
POLICY_SIGN: Final = x509.ObjectIdentifier("1.2.392.200149.8.5.1.1.20")
POLICY_AUTH: Final = x509.ObjectIdentifier("1.2.392.200149.8.5.1.3.30")
_TEST_URL: Final = "http://jpki.test.invalid"
JST: Final = dt.timezone(dt.timedelta(hours=9), "JST")
_SEX_LABEL: Final = {Sex.MALE.value: "男", Sex.FEMALE.value: "女", Sex.NOT_APPLICABLE.value: ""}


@dataclass(frozen=True)
class _Keys:
    auth: rsa.RSAPrivateKey
    sign: rsa.RSAPrivateKey | None
    card: rsa.RSAPrivateKey


def new_card(
    persona: Persona,
    *,
    seed: int | None = None,
    auth_pin: str = DEFAULT_AUTH_PIN,
    sign_pin: str = DEFAULT_SIGN_PIN,
    kenhojo_pin: str | None = None,
    juki_pin: str | None = None,
    issued: dt.date | None = None,
    extended_length: bool = True,
    pki: TestPki | None = None,
    management_master: bytes = TEST_MANAGEMENT_MASTER,
) -> CardImage:
    """A freshly personalised card for ``persona``, issued on ``issued`` (today, JST, by default).

    The card's management keys are derived from ``management_master`` and the card serial, as the backend
    derives them (the TEST master by default). Raises ``PersonalisationError`` if a PIN does not have its format.
    """
    rng = random.Random(seed if seed is not None else secrets.randbits(64))  # noqa: S311 - test data
    issued = issued or dt.datetime.now(JST).date()
    pki = pki or TestPki.load()
    holder = _holder(persona, issued, rng)
    has_sign = age_on(holder.birth_date, issued) >= SIGN_CERT_MIN_AGE
    pins = _pins(holder, auth_pin, sign_pin if has_sign else None, kenhojo_pin or auth_pin, juki_pin or auth_pin)
    keys = _Keys(
        auth=rsa.generate_private_key(65537, 2048),
        sign=rsa.generate_private_key(65537, 2048) if has_sign else None,
        card=rsa.generate_private_key(65537, 2048),
    )
    serials = {"auth": rng.getrandbits(63) | 1}
    if has_sign:
        serials["sign"] = rng.getrandbits(63) | 1
    files = {
        jpki.APP: _jpki_files(holder, keys, serials, pki, rng),
        kenhojo.APP: kenhojo.files(
            my_number=holder.my_number,
            name=holder.name,
            address=holder.address,
            birth_date=holder.birth_date,
            sex=holder.sex,
            former_surname=holder.former_surname,
            card_key=keys.card.public_key(),
            issuer_key=pki.card_ap_issuer_key,
            issuer_key_id=CARD_AP_ISSUER_ID,
            intermediate_cert=pki.card_ap_issuer_cvc,
        ),
        kenkaku.APP: _kenkaku_files(holder, keys, pki),
    }
    serial = "".join(str(rng.randrange(10)) for _ in range(juki.SERIAL_LENGTH))
    management = card_management_keys(serial, management_master)
    return CardImage(
        serial=serial,
        extended_length=extended_length,
        holder=holder,
        pins=pins,
        keys={k: _pem(v) for k, v in _key_table(keys).items()},
        files=files,
        records={juki.APP: juki.records(serial)},
        cert_serials=serials,
        management=ManagementRecord(management.enc, management.mac),
    )


def card_front_png(holder: CardHolder) -> bytes:
    """The picture of the printed card front of ``holder`` (no My Number: it is on the back)."""
    front = render.PrintedFront(
        name=printed_name(holder),
        address=holder.address,
        birth_date=holder.birth_date,
        sex_label=_SEX_LABEL.get(holder.sex, ""),
        card_expiry=holder.card_expiry,
        security_code=holder.security_code,
    )
    return render.card_front_png(front, photo.portrait(face_for(holder.persona)))


def printed_name(holder: CardHolder) -> str:
    """The name as printed on the front and drawn in the name image: the 旧氏 follows in brackets."""
    if holder.former_surname is None:
        return holder.name
    return f"{holder.name}［{holder.former_surname}］"


def _holder(persona: Persona, issued: dt.date, rng: random.Random) -> CardHolder:
    birth = persona.birth_date(issued)
    expiry = card_expiry(birth, issued, persona.residence_until(issued))
    return CardHolder(
        persona=persona.key,
        name=persona.name,
        name_kana=persona.name_kana,
        address=persona.address,
        birth_date=birth,
        sex=persona.sex.value,
        my_number=mynumber.generate(rng),
        security_code=f"{rng.randrange(10000):04d}",
        issue_date=issued,
        card_expiry=expiry,
        cert_expiry=certificate_expiry(birth, issued, expiry),
        municipality=persona.municipality,
        face=face_for(persona.key).key,
        former_surname=persona.former_surname,
    )


def _pins(holder: CardHolder, auth: str, sign: str | None, kenhojo_pin: str, juki_pin: str) -> dict[PinId, PinCounter]:
    values = {
        PinId.JPKI_AUTH: auth,
        PinId.KENHOJO: kenhojo_pin,
        PinId.JUKI: juki_pin,
        PinId.KENKAKU_BIRTH: f"{holder.birth_date:%y%m%d}",
        PinId.KENKAKU_PIN_A: holder.my_number,
        PinId.KENHOJO_PIN_A: holder.my_number,
        PinId.KENKAKU_PIN_B: holder.pin_b,
        PinId.KENHOJO_PIN_B: holder.pin_b,
    }
    if sign is not None:
        values[PinId.JPKI_SIGN] = sign
    table = {}
    for pin in sorted(values, key=list(PinId).index):
        value = values[pin]
        spec = PINS[pin]
        if not spec.format.accepts(value.encode("ascii", errors="replace")):
            raise PersonalisationError(f"{pin.value} PIN must be {spec.format.value}")
        table[pin] = PinCounter(value, spec.max_tries, spec.max_tries)
    return table


def _key_table(keys: _Keys) -> dict[KeyId, rsa.RSAPrivateKey]:
    table = {KeyId.JPKI_AUTH: keys.auth, KeyId.CARD: keys.card}
    if keys.sign is not None:
        table[KeyId.JPKI_SIGN] = keys.sign
    return table


def _pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _validity(holder: CardHolder) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(holder.issue_date, dt.time(0, 0), JST)
    end = dt.datetime.combine(holder.cert_expiry, dt.time(23, 59, 59), JST)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _opaque_subject(rng: random.Random) -> x509.Name:
    """JPKI subjects carry no personal data: an opaque identifier only."""
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{rng.getrandbits(96):024X}"),
        ]
    )


def _key_usage(*, non_repudiation: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=non_repudiation,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def _policy(oid: x509.ObjectIdentifier) -> x509.CertificatePolicies:
    return x509.CertificatePolicies(
        [x509.PolicyInformation(oid, [f"{_TEST_URL}/cps.html", x509.UserNotice(None, "TEST ONLY - not JPKI")])]
    )


def _distribution(kind: str) -> list[tuple[x509.ExtensionType, bool]]:
    """Where a relying party would find revocation status, as real JPKI certificates say (never fetched:
    the ``.invalid`` domain cannot resolve, and the backend keeps its own card registry)."""
    crl = x509.DistributionPoint([x509.UniformResourceIdentifier(f"{_TEST_URL}/crl/{kind}.crl")], None, None, None)
    ocsp = x509.AccessDescription(
        x509.oid.AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(f"{_TEST_URL}/ocsp/{kind}")
    )
    return [(x509.CRLDistributionPoints([crl]), False), (x509.AuthorityInformationAccess([ocsp]), False)]


def _utf8(text: str) -> bytes:
    """DER UTF8String, the value of the JPKI otherName entries."""
    return tlv(b"\x0c", text.encode("utf-8"))


def _jpki_files(
    holder: CardHolder, keys: _Keys, serials: dict[str, int], pki: TestPki, rng: random.Random
) -> dict[str, bytes]:
    not_before, not_after = _validity(holder)
    auth_cert = pki.auth_ca.issue(
        _opaque_subject(rng),
        keys.auth.public_key(),
        not_before=not_before,
        not_after=not_after,
        serial_number=serials["auth"],
        extensions=[
            (x509.BasicConstraints(ca=False, path_length=None), True),
            (_key_usage(non_repudiation=False), True),
            (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), False),
            (_policy(POLICY_AUTH), False),
            *_distribution("auth"),
        ],
    )
    sign_cert = None
    if keys.sign is not None:
        san = x509.SubjectAlternativeName(
            [
                x509.OtherName(SAN_NAME, _utf8(holder.name)),
                x509.OtherName(SAN_BIRTH_DATE, _utf8(jpki_birth_date(holder.birth_date))),
                x509.OtherName(SAN_SEX, _utf8(holder.sex)),
                x509.OtherName(SAN_ADDRESS, _utf8(holder.address)),
            ]
        )
        sign_cert = pki.sign_ca.issue(
            _opaque_subject(rng),
            keys.sign.public_key(),
            not_before=not_before,
            not_after=not_after,
            serial_number=serials["sign"],
            extensions=[
                (x509.BasicConstraints(ca=False, path_length=None), True),
                (_key_usage(non_repudiation=True), True),
                (san, False),
                (_policy(POLICY_SIGN), False),
                *_distribution("sign"),
            ],
        )
    der = serialization.Encoding.DER
    return jpki.files(
        auth_cert=auth_cert.public_bytes(der),
        auth_ca=pki.auth_ca.certificate.public_bytes(der),
        sign_cert=sign_cert.public_bytes(der) if sign_cert is not None else None,
        sign_ca=pki.sign_ca.certificate.public_bytes(der),
    )


def _kenkaku_files(holder: CardHolder, keys: _Keys, pki: TestPki) -> dict[str, bytes]:
    images = kenkaku.FrontImages(
        name_png=render.name_png(printed_name(holder)),
        address_png=render.address_png(holder.address),
        photo_jp2=photo.chip_photo(face_for(holder.persona)),
        security_code_png=render.security_code_png(holder.security_code),
    )
    return kenkaku.files(
        birth_date=holder.birth_date,
        sex=holder.sex,
        card_expiry=holder.card_expiry,
        municipality=holder.municipality,
        images=images,
        my_number_png=render.my_number_png(holder.my_number),
        card_key=keys.card.public_key(),
        issuer_key=pki.card_ap_issuer_key,
        intermediate_cert=pki.card_ap_issuer_cvc,
    )
