"""Error screens a resident can act on: a stable code for the helpline on each, the specific cause (which PIN,
what went wrong in the face check), a way to start again after a passing fault, and no impossible advice."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from kiosk.flows.kiosk import RESTARTABLE
from kiosk.flows.messages import ERROR_CODES, ERRORS
from kiosk.flows.ports import FaceProgress, LivenessProgress, LivenessState
from kiosk.flows.screens.endings import error_view
from kiosk.flows.steps.face_check import _failure_kind
from kiosk.flows.view import FlowKind, Screen
from ui.i18n import read_ts, ts_path

from .conftest import Harness

DOC = Path(__file__).resolve().parents[2] / "docs" / "error-codes.md"


def test_every_error_kind_has_its_own_stable_code_listed_in_the_docs() -> None:
    assert set(ERROR_CODES) == set(ERRORS)
    assert len(set(ERROR_CODES.values())) == len(ERROR_CODES), "one code, one kind"
    assert all(re.fullmatch(r"E-\d{3}", code) for code in ERROR_CODES.values())
    doc = DOC.read_text(encoding="utf-8")
    for kind, code in ERROR_CODES.items():
        assert f"| `{code}` | `{kind}` |" in doc, f"{code} ({kind}) is not in docs/error-codes.md"


def test_an_error_screen_carries_its_code() -> None:
    for kind, code in ERROR_CODES.items():
        assert error_view(FlowKind.RENEWAL, kind).params["code"] == code


def test_a_failed_liveness_check_says_what_went_wrong() -> None:
    def failed(reason: str) -> FaceProgress:
        return FaceProgress(LivenessProgress(LivenessState.FAILED, "blink", reason=reason))

    assert _failure_kind(failed("timeout")) == "liveness_timeout"
    assert _failure_kind(failed("no_motion")) == "liveness_no_motion"
    assert _failure_kind(failed("")) == "liveness_failed"
    assert _failure_kind(FaceProgress(LivenessProgress(LivenessState.PASSED, "blink"))) == "face_mismatch"


def test_locked_card_front_numbers_are_named_not_a_generic_pin() -> None:
    ja = read_ts(ts_path("ja"))
    assert "カードに印字された番号" in ja["error.card_front_blocked.title"]
    for flow in ("renewal", "pin_reset", "locked_out"):
        source = (Path(__file__).resolve().parents[2] / "kiosk" / "flows" / f"{flow}.py").read_text()
        assert 'error_end(flow, "pin_blocked"' not in source


def test_no_screen_advises_what_a_fixed_kiosk_cannot_do_or_staff_who_are_not_there() -> None:
    ja, en = read_ts(ts_path("ja")), read_ts(ts_path("en"))
    for key, text in ja.items():
        if key.startswith("ui.help.staffed"):
            continue  # shown only where the site is staffed
        assert "明るい場所" not in text, key
        assert "係員" not in text, f"{key}: an unattended kiosk has no staff to ask"
    for key, text in en.items():
        if key.startswith("ui.help.staffed"):
            continue
        assert "ask staff" not in text.lower() and "good light" not in text.lower(), key


def test_passing_faults_offer_to_start_again() -> None:
    assert {"card_removed", "card_timeout", "backend_down"} <= RESTARTABLE
    assert not RESTARTABLE & {"card_front_blocked", "pin_blocked", "face_mismatch_final", "not_genuine"}


def test_a_locked_signature_pin_is_named_when_it_stops_the_four_digit_reset(
    harness: Callable[..., Harness],
) -> None:
    h = harness()
    seen = h.run(h.resident(service="pin_reset", mistakes={"sign_pin": ["WRONG11"] * 5}))
    info = next(v for v in seen if v.screen is Screen.INFO)
    assert info.body == "info.sign_blocked_for_reset.body"
    assert h.kiosk.outcomes == ["sign_pin_unavailable"]
