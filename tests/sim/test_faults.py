"""Fault plans: parsing, and a card that is pulled, garbles, truncates, lies or dawdles."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.card import VirtualCard
from sim.faults import CardGone, FaultPlan, FaultPlanError, FaultyCard
from sim.image import CardImage
from sim.profile import Aid, Jpki
from tests.sim.sim_helpers import Host

SELECT_JPKI = b"\x00\xa4\x04\x0c\x0a" + Aid.JPKI.value


def test_parse_the_documented_example() -> None:
    plan = FaultPlan.parse("remove@12,garbage@3,truncate@5,sw@4=6F00,delay=0.05")
    assert plan == FaultPlan(
        remove_at=12, garbage_at=3, truncate_at=5, wrong_sw_at=(4, bytes.fromhex("6F00")), delay_s=0.05
    )
    assert FaultPlan.parse(str(plan)) == plan
    assert FaultPlan.parse("") == FaultPlan()


@pytest.mark.parametrize(
    "text",
    ["remove", "remove@0", "remove@x", "explode@3", "sw@4", "sw@4=6F", "sw@4=ZZZZ", "delay=fast", "delay=-1",
     "remove@2,remove@3", "garbage@2=1"],
)  # fmt: skip
def test_bad_plans_are_typed_errors(text: str) -> None:
    with pytest.raises(FaultPlanError):
        FaultPlan.parse(text)


@given(st.text(max_size=60))
def test_parse_never_raises_anything_else(text: str) -> None:
    try:
        FaultPlan.parse(text)
    except FaultPlanError:
        pass


def faulty(image: CardImage, plan: str) -> FaultyCard:
    card = FaultyCard(VirtualCard.from_image(image), FaultPlan.parse(plan))
    card.power_on()
    return card


def test_removal_at_the_nth_apdu(adult_image: CardImage) -> None:
    card = faulty(adult_image, "remove@3")
    assert card.transmit(SELECT_JPKI) == b"\x90\x00"
    assert card.transmit(SELECT_JPKI) == b"\x90\x00"
    with pytest.raises(CardGone):
        card.transmit(SELECT_JPKI)
    assert not card.present
    with pytest.raises(CardGone):
        card.transmit(SELECT_JPKI)
    with pytest.raises(CardGone):
        card.power_on()
    card.insert()
    assert card.power_on() == card.atr
    assert card.transmit(SELECT_JPKI) == b"\x90\x00"


def test_a_removed_verify_is_not_counted(adult_image: CardImage) -> None:
    card = faulty(adult_image, "remove@3")
    card.transmit(SELECT_JPKI)
    card.transmit(b"\x00\xa4\x02\x0c\x02\x00\x18")
    with pytest.raises(CardGone):
        card.transmit(b"\x00\x20\x00\x80\x040000")
    card.insert()
    host = Host(card.card)
    host.select(Aid.JPKI)
    host.select_ef(Jpki.AUTH_PIN)
    assert host.query() == "63C3"
    assert card.card.image.pins == adult_image.pins


def test_removal_clears_the_security_state(adult_image: CardImage) -> None:
    card = faulty(adult_image, "")
    host = Host(card.card)
    assert host.verify_at(Aid.JPKI, Jpki.AUTH_PIN, "4821") == "9000"
    card.remove()
    card.insert()
    card.power_on()
    card.transmit(SELECT_JPKI)
    assert card.transmit(b"\x00\xa4\x02\x0c\x02\x00\x17") == b"\x90\x00"
    assert card.transmit(b"\x80\x2a\x00\x80\x01\xaa\x00") == b"\x69\x82"


def test_garbage_truncation_and_wrong_status_words(adult_image: CardImage) -> None:
    card = faulty(adult_image, "garbage@2,truncate@3,sw@4=6F00")
    card.transmit(SELECT_JPKI)
    read_token = b"\x00\xb0\x86\x00\x20"
    garbage = card.transmit(read_token)
    assert len(garbage) == 34 and garbage[-2:] != b"\x90\x00"
    truncated = card.transmit(read_token)
    assert 0 < len(truncated) < 34 and not truncated.endswith(b"\x90\x00")
    lied = card.transmit(read_token)
    assert lied == b"JPKIAPICCTOKEN2".ljust(32) + b"\x6f\x00"
    assert card.transmit(read_token).endswith(b"\x90\x00")
    assert card.apdu_count == 5


def test_a_slow_card(adult_image: CardImage) -> None:
    card = faulty(adult_image, "delay=0.05")
    start = time.monotonic()
    card.transmit(SELECT_JPKI)
    card.transmit(SELECT_JPKI)
    assert time.monotonic() - start >= 0.1


INDEX = st.none() | st.integers(min_value=1, max_value=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    remove=INDEX,
    garbage=INDEX,
    truncate=INDEX,
    sw=st.none() | st.tuples(st.integers(1, 8), st.binary(min_size=2, max_size=2)),
    apdus=st.lists(st.binary(max_size=40), max_size=8),
)
def test_a_faulty_card_raises_only_card_gone(
    adult_image: CardImage, remove, garbage, truncate, sw, apdus: list[bytes]
) -> None:
    plan = FaultPlan(remove_at=remove, garbage_at=garbage, truncate_at=truncate, wrong_sw_at=sw)
    assert FaultPlan.parse(str(plan)) == plan
    card = FaultyCard(VirtualCard.from_image(adult_image), plan)
    card.power_on()
    for n, apdu in enumerate([SELECT_JPKI, *apdus], start=1):
        if remove is not None and n >= remove:
            with pytest.raises(CardGone):
                card.transmit(apdu)
        else:
            assert isinstance(card.transmit(apdu), bytes)


@pytest.mark.parametrize(
    "fields", [{"remove_at": 0}, {"wrong_sw_at": (1, b"\x6f")}, {"delay_s": -0.1}, {"truncate_at": -3}]
)
def test_impossible_plans_cannot_be_built(fields: dict[str, object]) -> None:
    with pytest.raises(FaultPlanError):
        FaultPlan(**fields)  # type: ignore[arg-type]
