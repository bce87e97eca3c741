"""The virtual card's dates are real: certificates lapse with the card's dates, the kiosk's verifier refuses a
lapsed certificate with its own typed reason, and the card carries a 旧氏 where the persona has one."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from click.testing import CliRunner
from cryptography import x509

from kiosk.card import data
from kiosk.card.verify import (
    CertificateExpired,
    ChipNotGenuine,
    verify_certificate_chain,
    verify_nonce_signature,
    verify_text_data,
)
from kiosk.eligibility import (
    CardFacts,
    CertificateAbsence,
    CertificatesOnlyExpired,
    CertificateState,
    CertificateValidity,
    Eligible,
    ResidenceBound,
    decide,
    expiry_cut_short,
)
from mynakiosk.cli import main
from sim.card import VirtualCard
from sim.image import CardImage
from sim.overview import persona_card
from sim.personalise import DEFAULT_AUTH_PIN, new_card
from sim.personas import get_persona, list_personas
from sim.pki import TestPki
from sim.profile import Aid, Jpki
from tests.sim.sim_helpers import Host

ITO_ISSUED = dt.date(2017, 1, 10)
SHA256_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")


@pytest.fixture(scope="module")
def ito_2017(pki: TestPki) -> CardImage:
    return new_card(get_persona("ito"), seed=5, issued=ITO_ISSUED, pki=pki)


def _cert(image: CardImage, fid: int) -> x509.Certificate:
    der = image.file("jpki", fid)
    assert der is not None
    return x509.load_der_x509_certificate(der)


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), dt.UTC)


def test_renewal_age_card_has_certificates_lapsed_on_the_fifth_birthday(ito_2017: CardImage) -> None:
    holder = ito_2017.holder
    assert holder.card_expiry == dt.date(2026, 12, 25) and holder.cert_expiry == dt.date(2021, 12, 25)
    for fid in (Jpki.AUTH_CERT, Jpki.SIGN_CERT):
        validity = CertificateValidity.from_instants(
            _cert(ito_2017, fid).not_valid_before_utc, _cert(ito_2017, fid).not_valid_after_utc
        )
        assert validity == CertificateValidity(ITO_ISSUED, dt.date(2021, 12, 25))


def test_verifier_refuses_a_lapsed_certificate_with_its_own_reason(pki: TestPki, ito_2017: CardImage) -> None:
    # Issued after the test CAs' own start (2024-01-01), so the day before the lapse verifies.
    image = new_card(get_persona("tanaka"), seed=5, issued=dt.date(2024, 6, 1), pki=pki)
    leaf, ca = _cert(image, Jpki.AUTH_CERT), _cert(image, Jpki.AUTH_CA_CERT)
    lapse = image.holder.cert_expiry
    anchors = [pki.root.certificate]
    assert verify_certificate_chain(leaf, [ca], anchors, at=_at(lapse))[0] == leaf
    with pytest.raises(CertificateExpired) as caught:
        verify_certificate_chain(leaf, [ca], anchors, at=_at(lapse + dt.timedelta(days=1)))
    assert caught.value.reason == "certificate_expired"
    assert isinstance(caught.value, ChipNotGenuine)  # callers that knew only the base still refuse
    assert caught.value.not_after == leaf.not_valid_after_utc
    assert f"{lapse:%m-%d}" not in str(caught.value)  # the lapse date tells the birthday: not in the message
    with pytest.raises(CertificateExpired):  # ito's 2017 card, today
        verify_certificate_chain(_cert(ito_2017, Jpki.AUTH_CERT), [_cert(ito_2017, Jpki.AUTH_CA_CERT)], anchors)


def test_not_yet_valid_certificate_is_not_reported_as_lapsed(pki: TestPki, ito_2017: CardImage) -> None:
    leaf, ca = _cert(ito_2017, Jpki.AUTH_CERT), _cert(ito_2017, Jpki.AUTH_CA_CERT)
    with pytest.raises(ChipNotGenuine) as caught:
        verify_certificate_chain(leaf, [ca], [pki.root.certificate], at=_at(dt.date(2016, 12, 1)))
    assert not isinstance(caught.value, CertificateExpired)


def test_card_still_signs_with_a_lapsed_certificates_key(tmp_path: object, ito_2017: CardImage) -> None:
    """A real chip does not look at dates: it signs; only the verifier's chain check fails."""
    host = Host(VirtualCard.from_image(ito_2017))
    host.card.power_on()
    assert host.verify_at(Aid.JPKI, Jpki.AUTH_PIN, DEFAULT_AUTH_PIN) == "9000"
    assert host.select_ef(Jpki.AUTH_KEY) == "9000"
    nonce = b"fresh backend nonce"
    digest_info = SHA256_PREFIX + hashlib.sha256(nonce).digest()
    signature, sw = host.tx(b"\x80\x2a\x00\x80" + bytes((len(digest_info),)) + digest_info + b"\x00")
    assert sw == "9000"
    verify_nonce_signature(_cert(ito_2017, Jpki.AUTH_CERT), nonce, signature)


def test_kiosk_decides_itos_card_from_what_it_reads(ito_2017: CardImage) -> None:
    cert = _cert(ito_2017, Jpki.AUTH_CERT)
    front = data.parse_front_face(ito_2017.file("kenkaku", 0x0002) or b"")
    facts = CardFacts(
        card_expiry=front.expiry,
        birth_date=front.birth_date,
        authentication=CertificateValidity.from_instants(cert.not_valid_before_utc, cert.not_valid_after_utc),
    )
    assert isinstance(decide(facts, dt.date(2026, 9, 24)), CertificatesOnlyExpired)
    result = decide(facts, dt.date(2026, 12, 6))
    assert isinstance(result, Eligible) and result.certificates.authentication is CertificateState.EXPIRED


def test_childs_card_has_no_signature_certificate(child_image: CardImage) -> None:
    host = Host(VirtualCard.from_image(child_image))
    host.card.power_on()
    assert host.select(Aid.JPKI) == "9000"
    assert host.select_ef(Jpki.SIGN_CERT) == "6A82" and host.select_ef(Jpki.SIGN_PIN) == "6A82"
    assert host.select_ef(Jpki.AUTH_CERT) == "9000"
    facts = CardFacts(child_image.holder.card_expiry, child_image.holder.birth_date)
    facts = CardFacts(facts.card_expiry, facts.birth_date, signature=CertificateAbsence.NEVER_ISSUED)
    assert decide(facts, child_image.holder.issue_date).certificates.signature is CertificateState.NEVER_ISSUED


def test_former_surname_is_in_the_signed_text_data(pki: TestPki, images: dict[str, CardImage]) -> None:
    signed = images["suzuki"]
    four = data.parse_basic_four(signed.file("kenhojo", 0x0002) or b"")
    assert four.former_surname == "山本" and four.name == signed.holder.name
    assert "山本" not in repr(four)
    cvc = data.parse_cvc(signed.file("kenhojo", 0x0004) or b"")
    signature = data.parse_text_signature(signed.file("kenhojo", 0x0003) or b"", cvc)
    roots = [pki.card_ap_root_key.public_key()]
    verify_text_data(four, signature, cvc, roots)
    altered = data.parse_basic_four((signed.file("kenhojo", 0x0002) or b"").replace("山本".encode(), "川本".encode()))
    with pytest.raises(ChipNotGenuine):
        verify_text_data(altered, signature, cvc, roots)
    assert data.parse_basic_four(images["tanaka"].file("kenhojo", 0x0002) or b"").former_surname is None


def test_former_surname_round_trips_through_the_card_image(tmp_path: object, images: dict[str, CardImage]) -> None:
    doc = images["ito"].to_json()
    assert CardImage.from_json(doc).holder.former_surname == "前田"
    del doc["persona"]["former_surname"]  # images made before 旧氏 existed still load
    assert CardImage.from_json(doc).holder.former_surname is None


def test_residence_bound_card_expires_with_the_permit(pki: TestPki) -> None:
    persona = get_persona("silva")
    issued = dt.date(2024, 4, 1)
    image = new_card(persona, seed=3, issued=issued, pki=pki)
    holder = image.holder
    assert holder.card_expiry == dt.date(2027, 3, 31) == persona.residence_until(issued)
    assert holder.cert_expiry == holder.card_expiry
    assert expiry_cut_short(holder.birth_date, issued, holder.card_expiry)
    facts = CardFacts(holder.card_expiry, holder.birth_date, issued, expiry_follows_residence=True)
    assert isinstance(decide(facts, dt.date(2027, 1, 5)), ResidenceBound)


@pytest.mark.parametrize("persona", [p.key for p in list_personas()])
def test_overview_describes_the_card_new_card_makes(pki: TestPki, persona: str) -> None:
    issued, today = dt.date(2017, 1, 10), dt.date(2026, 12, 6)
    holder = new_card(get_persona(persona), seed=1, issued=issued, pki=pki).holder
    card = persona_card(get_persona(persona), issued, today)
    assert (card.birth_date, card.card_expiry, card.certificate_expiry) == (
        holder.birth_date,
        holder.card_expiry,
        holder.cert_expiry,
    )
    assert card.persona.former_surname == holder.former_surname


def test_cli_personas_shows_dates_certificates_and_former_surname() -> None:
    result = CliRunner().invoke(main, ["sim", "personas", "--issued", "2017-01-10", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.output)}
    ito = rows["ito"]
    assert ito["card_expiry"] == "2026-12-25" and ito["certificate_expiry"] == "2021-12-25"
    assert ito["certificates"] == {"authentication": "expired", "signature": "expired"}
    assert ito["former_surname"] == "前田" and rows["tanaka"]["former_surname"] is None
    assert rows["sato"]["certificates"]["signature"] == "never_issued"
    assert rows["silva"]["residence_until"] == "2020-01-09"
    text = CliRunner().invoke(main, ["sim", "personas", "--issued", "2017-01-10"])
    assert "旧氏 前田" in text.output and "auth expired" in text.output
