"""Each failure chooses the screen that says what happened (the exception's message is never shown)."""

from __future__ import annotations

import pytest

from kiosk.card import errors as card_errors
from kiosk.flows.errors import error_kind
from kiosk.flows.messages import MESSAGES


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (card_errors.CardTimeout("slow card"), "card_timeout"),  # not "card removed": the card never moved
        (card_errors.ReaderGone("pcscd died"), "reader_down"),  # not "cannot read this card"
        (card_errors.ReaderBusy("another program"), "reader_down"),
        (card_errors.CardRemoved("pulled"), "card_removed"),
        (card_errors.MalformedResponse("garbage"), "card_unreadable"),
    ],
)
def test_a_reader_failure_is_shown_as_what_happened(exc: Exception, kind: str) -> None:
    assert error_kind(exc) == kind
    assert f"error.{kind}.title" in MESSAGES and f"error.{kind}.body" in MESSAGES
