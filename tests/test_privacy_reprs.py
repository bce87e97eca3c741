"""No repr, str or exception message of a kiosk object shows secret or personal bytes (issue 17, item 4).

Every dataclass defined in ``kiosk/`` is built with a distinct marker in each field that could hold a secret or a
resident's data (bytes, text, dates, PINs, mappings, lists of text), bypassing its validation, and its ``repr`` and
``str`` are searched for the markers. A field that may show itself is listed in ``SHOWN`` with the reason it is
harmless: a new field is hidden until someone writes that reason down.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from datetime import date
from types import ModuleType
from typing import Any

import pytest

import kiosk
from kiosk.card import data, tlv
from kiosk.card.apdu import Command, Ins, Redact, Response, status_error
from kiosk.card.errors import MalformedResponse
from kiosk.card.pin import Pin

MARK = "QX7Z"
MARK_YEAR = 1931

# Fields whose content may appear in a repr, and why that is harmless. Keys: "module.Class.field".
_CONFIG = "site or flow configuration, not a resident's data"
_WIRE = "a protocol label or status, never a resident's data"
_ISSUER = "issuer data from the card (AP identifiers, the AP certificate, the card key): the same on many cards"
_UI = "a translation key or screen parameter: counts, tries, slots, reference numbers"
_FACE_DEV = "face-model development and evaluation data, not a resident's"
SHOWN: dict[str, str] = {
    "kiosk.era_dates._Era.name": "an era's name (昭和): a constant of the calendar, not anyone's date",
    "kiosk.era_dates._Era.first_day": "the day an era began: a constant of the calendar, not anyone's date",
    "kiosk.backend_client.KioskIdentity.kiosk_id": _CONFIG,
    "kiosk.card.data.ApInfo.ap_info": _ISSUER,
    "kiosk.card.data.ApInfo.key_id": _ISSUER,
    "kiosk.card.data.SignedKey.signed_message": _ISSUER,
    "kiosk.card.data.SignedKey.signature": _ISSUER,
    "kiosk.card.data.VisualBasicInfo.ap_id": _ISSUER,
    "kiosk.card.data.VisualBasicInfo.municipality": "the issuing municipality's code, which the backend keeps too",
    "kiosk.card.data.CardVerifiableCertificate.issuer_id": _ISSUER,
    "kiosk.card.data.CardVerifiableCertificate.subject_id": _ISSUER,
    "kiosk.card.data.CardVerifiableCertificate.body": _ISSUER,
    "kiosk.card.data.CardVerifiableCertificate.signature": _ISSUER,
    "kiosk.card.identity.Check.name": _WIRE,
    "kiosk.card.identity.Check.reason": _WIRE,
    "kiosk.card.identity.IdentityRead.token": "the JPKI token name, the same on every card",
    "kiosk.card.identity.IdentityRead.auth_ca_certificate": "a CA certificate, the same on many cards",
    "kiosk.card.identity.IdentityRead.sign_ca_certificate": "a CA certificate, the same on many cards",
    "kiosk.card.identity.IdentityRead.tries_left": _WIRE,
    "kiosk.card.profile.PinRef.name": _WIRE,
    "kiosk.card.tlv.Tlv.tag": _WIRE,
    "kiosk.card.tlv.Header.tag": _WIRE,
    "kiosk.card.trace.TraceEntry.command": "built redacted: header, and data only as the command's Redact allows",
    "kiosk.card.trace.TraceEntry.ins": _WIRE,
    "kiosk.card.trace.TraceEntry.sw": _WIRE,
    "kiosk.face.devset.Identity.id": _FACE_DEV,
    "kiosk.face.devset.Identity.group": _FACE_DEV,
    "kiosk.face.evaluate.Evaluation.operating_point_name": _FACE_DEV,
    "kiosk.face.evaluate.Evaluation.tar_at_far": _FACE_DEV,
    "kiosk.face.image.ImageLimits.formats": _CONFIG,
    "kiosk.face.match.OperatingPoint.name": _CONFIG,
    "kiosk.face.match.MatchDecision.operating_point_name": _CONFIG,
    "kiosk.face.quality.Check.hint_key": _UI,
    "kiosk.face.quality.QualityReport.checks": "check names and their results",
    "kiosk.face.verification.VerificationStatus.error": _UI,
    "kiosk.flows.context.FlowSettings.municipality": _CONFIG,
    "kiosk.flows.context.ResidentData.card_session_id": "a random id the backend issued",
    "kiosk.flows.context.ResidentData.liveness_challenge": "liveness steps the service drew (blink, turn_left, …)",
    "kiosk.flows.context.ResidentData.services": _CONFIG,
    "kiosk.flows.card_auth.CardAuth.challenge_id": "a random id the backend issued",
    "kiosk.flows.card_auth.OfflineNonce.captured_at": "when the kiosk captured a card's proof; the backend keeps it",
    "kiosk.face.evaluate.Pair.group": _FACE_DEV,
    "kiosk.face.evaluate.Evaluation.no_decision": _FACE_DEV,
    "kiosk.face.evaluate.Evaluation.groups": _FACE_DEV,
    "kiosk.face.evaluate.Evaluation.impostor_source": _FACE_DEV,
    "kiosk.face.evaluate.FusedSummary.tar_at_far": _FACE_DEV,
    "kiosk.face.source.SourceVerdict.reasons": "reason codes and measured figures of a camera's frame timing",
    "kiosk.face.verification.VerificationStatus.source_reasons": "reason codes of the frame-source check",
    "kiosk.notice_qr.NoticeQr.municipality_code": "the municipality that sent the notice",
    "kiosk.wire.ServiceKeys.evidence_key": "the service's public key",
    "kiosk.wire.Challenge.challenge_id": "a random id the backend issued",
    "kiosk.wire.CardApProof.challenge_id": "a random id the backend issued",
    "kiosk.wire.Challenge.nonce": "a random nonce the backend issued, public by design",
    "kiosk.wire.CardSession.card_session_id": "a random id the backend issued",
    "kiosk.wire.CardSession.key": _WIRE,
    "kiosk.wire.CardSession.liveness_challenge": "liveness steps the service drew (blink, turn_left, …)",
    "kiosk.wire.PinReset.reset_id": "a random id the backend issued",
    "kiosk.wire.PickupSlot.office_id": "an issuing office's id, the same for every resident",
    "kiosk.wire.PickupSlot.office_name": "an issuing office's public name, the same for every resident",
    "kiosk.wire.PinReset.target": _WIRE,
    "kiosk.wire.PinReset.status": _WIRE,
    "kiosk.wire.PinResetStatus.reset_id": "a random id the backend issued",
    "kiosk.wire.KioskEventRecorded.type": _WIRE,
    "kiosk.wire.KioskEventRecorded.reset_id": "a random id the backend issued",
    "kiosk.wire.PinResetStatus.target": _WIRE,
    "kiosk.wire.PinResetStatus.status": _WIRE,
    "kiosk.wire.Renewal.application_number": _UI,
    "kiosk.wire.Renewal.status": _WIRE,
    "kiosk.wire.Renewal.channel": _WIRE,
    "kiosk.wire.Renewal.collection_method": _WIRE,
    "kiosk.wire.StaffLogin.role": _WIRE,
    "kiosk.wire.StaffLogin.municipality_code": _CONFIG,
    "kiosk.wire.CountRow.site_id": _CONFIG,
    "kiosk.wire.CountRow.channel": _WIRE,
    "kiosk.wire.CountRow.event": _WIRE,
    "kiosk.wire.Counts.first_day": "the days a staff report covers",
    "kiosk.wire.Counts.last_day": "the days a staff report covers",
    "kiosk.flows.events.Act.action_id": _UI,
    "kiosk.flows.events.Entered.field": _UI,
    "kiosk.flows.ports.LivenessProgress.challenge": _UI,
    "kiosk.flows.ports.LivenessProgress.hints": _UI,
    "kiosk.flows.ports.LivenessProgress.reason": "why a liveness check failed (timeout, no_motion): a code",
    "kiosk.flows.submission.Submitted.application_number": "the service's number of an application, not personal",
    "kiosk.flows.submission.Submitted.local_reference": "the outbox item's short reference, not personal",
    "kiosk.flows.ports.FaceDecision.operating_point": _CONFIG,
    "kiosk.flows.ports.FaceProgress.error": _UI,
    "kiosk.flows.ports.PhotoCheck.hints": _UI,
    "kiosk.flows.ports.PhotoCheck.rules": _UI,
    "kiosk.flows.view.Action.id": _UI,
    "kiosk.flows.view.Action.label": _UI,
    "kiosk.flows.view.EntrySpec.field": _UI,
    "kiosk.flows.view.View.title": _UI,
    "kiosk.flows.view.View.body": _UI,
    "kiosk.flows.view.View.params": _UI,
    "kiosk.flows.view.View.hints": _UI,
    "kiosk.flows.view.View.error": _UI,
    "kiosk.outbox.Item.idempotency_key": "a random id",
    "kiosk.outbox.Item.kind": _WIRE,
    "kiosk.outbox.DeliveryReport.delivered": "idempotency keys and the backend's answers (no personal data)",
    "kiosk.outbox.DeliveryReport.refused": "idempotency keys and problem types",
    "kiosk.site_config.CameraConfig.device": _CONFIG,
    "kiosk.site_config.SiteConfig.municipality": _CONFIG,
    "kiosk.site_config.SiteConfig.language": _CONFIG,
    "kiosk.site_config.SiteConfig.backend_url": _CONFIG,
    "kiosk.site_config.SiteConfig.verify_tls": _CONFIG,
    "kiosk.site_config.SiteConfig.client_cert": "the paths of the kiosk's certificate and key, not the key",
    "kiosk.site_config.SiteConfig.reader_uri": _CONFIG,
    "kiosk.site_config.SiteConfig.printer_queue": _CONFIG,
    "kiosk.site_config.SiteConfig.audio_device": _CONFIG,
    "kiosk.site_config.Helpline.number": "the site's public helpline number",
    "kiosk.site_config.Helpline.text": "the site's public help line (hours, which desk)",
    "kiosk.site_config.CameraConfig.usb_ids": "the camera models a site accepts (USB vendor and product ids)",
}


def _kiosk_modules() -> list[ModuleType]:
    names = [m.name for m in pkgutil.walk_packages(kiosk.__path__, "kiosk.") if not m.name.endswith("__main__")]
    return [importlib.import_module(name) for name in sorted(names)]


def _dataclasses() -> list[type]:
    found = []
    for module in _kiosk_modules():
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module.__name__ and dataclasses.is_dataclass(value):
                found.append(value)
    return found


def _marker(kind: str, n: int) -> Any:
    """A value of the field's type carrying marker number ``n`` (``None`` when the type cannot hold personal data)."""
    text = f"{MARK}{n:03d}"
    if "list[Pin]" in kind:
        return [Pin(text)]
    if "Pin" in kind and "str" not in kind:
        return Pin(text)
    if "bytes" in kind or "bytearray" in kind:
        return text.encode() + b"\x00\xfe"
    if "date" in kind and "datetime" not in kind:
        return date(MARK_YEAR, 1 + n % 12, 1 + n % 28)
    if kind.startswith(("dict", "Mapping")) or " dict[" in kind:
        return {text: text}
    if ("list[" in kind or "tuple[" in kind) and "str" in kind:
        return [(text, text)] if "tuple[str, " in kind else [text]
    if "str" in kind:
        return text
    return None


def _forms(value: Any) -> list[str]:
    """How the marker in ``value`` could appear in a repr: as text, as hex, as a date."""
    if isinstance(value, date):
        return [str(MARK_YEAR), f"{value:%y%m%d}"]
    if isinstance(value, list) and value and isinstance(value[0], Pin):
        value = value[0]
    if isinstance(value, Pin):
        text = value.reveal().decode()
    else:
        shown = repr(value)
        text = shown[shown.index(MARK) : shown.index(MARK) + len(MARK) + 3]
    return [text, text.encode().hex(), text.encode().hex().upper()]


def _neutral(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return 0 if str(f.type) in ("int", "float") else None


def _params() -> list[Any]:
    out = []
    for cls in _dataclasses():
        out.append(pytest.param(cls, id=f"{cls.__module__}.{cls.__qualname__}"))
    return out


@pytest.mark.parametrize("cls", _params())
def test_no_dataclass_shows_secret_or_personal_fields(cls: type) -> None:
    instance = object.__new__(cls)
    hidden: dict[str, list[str]] = {}
    for n, f in enumerate(dataclasses.fields(cls)):  # type: ignore[arg-type]
        value = _marker(str(f.type), n)
        object.__setattr__(instance, f.name, _neutral(f) if value is None else value)
        if value is not None and f"{cls.__module__}.{cls.__qualname__}.{f.name}" not in SHOWN:
            hidden[f.name] = _forms(value)
    for shown in (repr(instance), str(instance)):
        leaked = [name for name, forms in hidden.items() if any(form in shown for form in forms)]
        assert not leaked, f"{cls.__qualname__} shows {leaked}: {shown}"


def test_every_shown_field_still_exists() -> None:
    fields = {f"{c.__module__}.{c.__qualname__}.{f.name}" for c in _dataclasses() for f in dataclasses.fields(c)}  # type: ignore[arg-type]
    assert set(SHOWN) <= fields, sorted(set(SHOWN) - fields)


def test_a_verify_command_never_shows_the_pin() -> None:
    pin = Pin("4821")
    command = Command(0x00, Ins.VERIFY, 0x00, 0x80, pin.reveal(), redact=Redact.SECRET)
    for shown in (repr(command), str(command), f"{command!r}", repr([command]), repr({"c": command})):
        assert "4821" not in shown and "34383231" not in shown and "b'" not in shown, shown
        assert "[secret]" in shown and "4 B" not in shown
    assert repr(pin) == str(pin) == "Pin(****)"


def test_command_repr_shows_only_what_its_redaction_allows() -> None:
    data_ = b"\xd3\x92\xf0\x00\x26"
    assert repr(Command(0, Ins.SELECT, 4, 0x0C, data_, redact=Redact.SHOW)) == "Command(00 A4 04 0C [D392F00026])"
    assert repr(Command(0, Ins.COMPUTE_SIGNATURE, 0, 0, data_, le=256)) == "Command(00 2A 00 00 [5 B], le=256)"


def test_response_repr_shows_only_its_length_and_status() -> None:
    assert repr(Response(b"TANAKA Taro", 0x9000)) == "Response(11 B, SW 9000)"


def test_a_decoded_element_does_not_show_its_value() -> None:
    element = tlv.decode(b"\xff\x20\x06\xdf\x22\x03" + MARK.encode()[:3])
    assert MARK[:3] not in repr(element) and MARK.encode()[:3].hex() not in repr(element)


_GARBAGE = [
    MARK.encode() * 3,
    b"\xff\x20\x08\xdf\x22\x06" + MARK.encode() + b"\x00\x00",
    b"\xff\x30\x06\xdf\x31\x04" + MARK.encode(),
    b"\x7f\x21\x06\x5f\x4e\x03" + MARK.encode(),
    b"\xdf\x22\x84" + MARK.encode(),
    b"\x81\x04" + MARK.encode() + b"\x82\x01\x03",
    b"\x00\x00\x00\x0cjP  \r\n\x87\n" + MARK.encode(),
]


_EXTRA_ARGS: dict[str, tuple[Any, ...]] = {
    "parse_yyyymmdd": ("birth date",),
    "parse_text_signature": (data.CardVerifiableCertificate(b"", b"", None, b"", b""),),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("parser", [getattr(data, n) for n in dir(data) if n.startswith("parse_") or n == "jp2_size"])
def test_parser_errors_do_not_quote_the_input(parser: Any) -> None:
    extra = _EXTRA_ARGS.get(parser.__name__, ())
    for raw in _GARBAGE:
        try:
            parser(raw, *extra)
        except MalformedResponse as exc:
            assert MARK not in str(exc) and MARK.encode().hex() not in str(exc).lower(), str(exc)


def test_status_and_apdu_errors_do_not_quote_data() -> None:
    for sw in range(0x6000, 0x7000, 0x11):
        assert MARK not in str(status_error(sw, pin_command=True))
    with pytest.raises(ValueError) as caught:
        Command.parse(b"\x00\x20\x00\x80\x09" + MARK.encode())
    assert MARK not in str(caught.value)
    with pytest.raises(MalformedResponse) as malformed:
        Response.parse(b"Q")
    assert "Q" not in str(malformed.value).replace("SW", "")
