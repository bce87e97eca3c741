"""The end-of-day report's figures from the service: a fixed, translated set, never a raw channel or event name."""

from __future__ import annotations

from kiosk.flows.screens.staff import staff_home_view
from kiosk.flows.staff import backend_figures
from kiosk.wire import CountRow
from ui.strings import UI_MESSAGES


def test_the_services_counts_become_the_reports_fixed_figures() -> None:
    rows = [
        CountRow("site-1", "staffed_popup", "renewal:received", 19),
        CountRow("site-1", "kiosk", "renewal:received", 2),
        CountRow("site-1", "kiosk", "pin_reset:confirmed", 4),
        CountRow("site-1", "kiosk", "pin_reset:script_issued", 5),
        CountRow("site-1", "counter", "renewal:approved", 1),
    ]
    figures = backend_figures(rows)
    assert figures == {
        "backend_renewals_received": 21,
        "backend_pin_resets_confirmed": 4,
        "backend_other_events": 6,
    }
    assert all(f"ui.staff.report.{name}" in UI_MESSAGES for name in figures), "each figure has words on screen"
    assert backend_figures([]) == dict.fromkeys(figures, 0)


def test_the_offline_desk_says_it_in_the_officials_words_not_a_residents_error() -> None:
    view = staff_home_view({"pending": 3}, notice="backend_down")
    assert view.error is None and view.hints == ("staff.offline",)
    assert staff_home_view({"pending": 0}).hints == ()
