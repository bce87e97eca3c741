"""The answers the kiosk parses (``kiosk.wire``) agree, field by field and type by type, with the backend's pydantic
schemas of the same answers (``backend/schemas.py``), so a change on one side fails here, not at a kiosk."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
import typing
from typing import Any

import pytest
from pydantic import BaseModel

from backend import schemas
from kiosk import wire

AGREEMENTS: list[tuple[type[Any], type[BaseModel]]] = [
    (wire.Services, schemas.Services),
    (wire.ServiceKeys, schemas.ServiceKeys),
    (wire.ServiceTime, schemas.ServiceTime),
    (wire.Challenge, schemas.ChallengeOut),
    (wire.CardSession, schemas.CardSessionOut),
    (wire.ScriptStep, schemas.ScriptStep),
    (wire.PinReset, schemas.PinResetOut),
    (wire.CardAnswer, schemas.CardAnswer),
    (wire.PinResetStatus, schemas.PinResetStatusOut),
    (wire.KioskEventRecorded, schemas.KioskEventOut),
    (wire.Renewal, schemas.RenewalOut),
    (wire.PickupSlot, schemas.PickupSlot),
    (wire.PickupSlots, schemas.PickupSlots),
    (wire.StaffLogin, schemas.StaffLoginOut),
    (wire.CountRow, schemas.CountRow),
    (wire.Counts, schemas.Counts),
]


def _optional(kind: Any) -> tuple[bool, Any]:
    if typing.get_origin(kind) in (types.UnionType, typing.Union):
        rest = [a for a in typing.get_args(kind) if a is not type(None)]
        if len(rest) == 1 and len(rest) < len(typing.get_args(kind)):
            return True, rest[0]
    return False, kind


def _agree(ours: Any, theirs: Any, where: str) -> None:
    ours_optional, ours = _optional(ours)
    theirs_optional, theirs = _optional(theirs)
    assert ours_optional == theirs_optional, f"{where}: optional on one side only"
    if typing.get_origin(ours) is tuple:
        assert typing.get_origin(theirs) is list, f"{where}: a list in the schema"
        _agree(typing.get_args(ours)[0], typing.get_args(theirs)[0], f"{where}[]")
    elif dataclasses.is_dataclass(ours):
        assert isinstance(theirs, type) and issubclass(theirs, BaseModel), f"{where}: an object in the schema"
        _same_fields(ours, theirs)
    elif ours is str:
        is_text = theirs is str or (isinstance(theirs, type) and issubclass(theirs, enum.StrEnum))
        assert is_text or typing.get_origin(theirs) is typing.Literal, f"{where}: text in the schema, not {theirs}"
    else:
        assert ours is theirs, f"{where}: {ours} here, {theirs} in the schema"
        assert ours in (bool, int, bytes, dt.datetime, dt.date), f"{where}: no wire form for {ours}"


def _same_fields(ours: Any, theirs: type[BaseModel]) -> None:
    hints = typing.get_type_hints(ours)
    names = {f.name for f in dataclasses.fields(ours)}
    assert names == set(theirs.model_fields), f"{ours.__name__} vs {theirs.__name__}: different fields"
    for name in names:
        _agree(hints[name], theirs.model_fields[name].annotation, f"{ours.__name__}.{name}")


@pytest.mark.parametrize(("ours", "theirs"), AGREEMENTS, ids=[o.__name__ for o, _ in AGREEMENTS])
def test_kiosk_answer_types_agree_with_the_backend_schemas(ours: type[Any], theirs: type[BaseModel]) -> None:
    _same_fields(ours, theirs)


def test_hex_fields_are_hex_in_the_schema_too() -> None:
    assert dataclasses.fields(wire.ScriptStep)[1].metadata == wire.HEX
    step = schemas.ScriptStep(step=1, apdu=b"\x00\xa4", protected=False).model_dump(mode="json")
    assert step["apdu"] == "00A4"
    assert wire.parse(wire.ScriptStep, step) == wire.ScriptStep(1, b"\x00\xa4", False)


def test_a_schema_answer_parses_as_the_kiosk_type() -> None:
    now = dt.datetime.now(dt.UTC)
    out = schemas.CardSessionOut(
        card_session_id="0" * 8 + "-0000-0000-0000-" + "0" * 12, key="auth", expires_at=now,
        services=schemas.Services(sign_pin_reset=True, four_digit_pin_reset=False, renewal=True),
        liveness_challenge=["turn_right", "blink"],
    )  # fmt: skip
    parsed = wire.parse(wire.CardSession, out.model_dump(mode="json"))
    assert parsed.key == "auth" and parsed.expires_at == now and parsed.services.offers("renewal")
    assert parsed.liveness_challenge == ("turn_right", "blink")
    assert not parsed.services.offers("four_digit_pin_reset") and not parsed.services.offers("no_such_service")


def test_the_liveness_steps_are_the_kiosk_challenges() -> None:
    from backend.domain import LivenessStep
    from kiosk.face.liveness import Challenge

    assert wire.LIVENESS_STEPS == tuple(step.value for step in LivenessStep) == tuple(c.value for c in Challenge)
