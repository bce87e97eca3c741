"""A flow View as read-only Qt properties (the page, or the idle question over it); dates as residents read them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Property, QObject, Signal

from kiosk.flows.view import Screen, View

PHOTO_KEY = "photo_jpeg_base64"  # View.data of PHOTO_REVIEW: the photo under review, shown and never kept
WEEKDAYS = {"ja": "月火水木金土日", "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class ViewState(QObject):
    """One View as read-only Qt properties; ``changed`` fires when the whole View is replaced."""

    changed = Signal()

    def __init__(self, language: Callable[[], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = View(Screen.ATTRACT)
        self._language = language

    @property
    def view(self) -> View:
        return self._view

    def set_view(self, view: View) -> None:
        self._view = view
        self.changed.emit()

    def _screen(self) -> str:
        return self._view.screen.value

    def _flow(self) -> str:
        return self._view.flow.value if self._view.flow else ""

    def _title(self) -> str:
        return self._view.title

    def _body(self) -> str:
        return self._view.body

    def _params(self) -> dict[str, Any]:
        return dict(self._view.params)

    def _param_keys(self) -> list[str]:
        return list(self._view.params)

    def _entry_kind(self) -> str:
        return self._view.entry.kind.value if self._view.entry else ""

    def _entry_field(self) -> str:
        return self._view.entry.field if self._view.entry else ""

    def _entry_masked(self) -> bool:
        return bool(self._view.entry and self._view.entry.masked)

    def _entry_min(self) -> int:
        return self._view.entry.min_length if self._view.entry else 0

    def _entry_max(self) -> int:
        return self._view.entry.max_length if self._view.entry else 0

    def _actions(self) -> list[dict[str, Any]]:
        return [
            {"id": a.id, "label": a.label, "role": a.role.value, "enabled": a.enabled, "params": self._slot(a.id)}
            for a in self._view.actions
        ]

    def _slot(self, action_id: str) -> dict[str, str]:
        """``{date}``/``{time}`` for a pick-up slot action (id ``slot:<ISO date-time>``), in the current language."""
        if not action_id.startswith("slot:"):
            return {}
        try:
            when = datetime.fromisoformat(action_id.removeprefix("slot:"))
        except ValueError:
            return {}
        return {"date": format_date(when.date(), self._language()), "time": f"{when:%H:%M}"}

    def _hints(self) -> list[str]:
        return list(self._view.hints)

    def _step(self) -> int:
        return self._view.step

    def _total_steps(self) -> int:
        return self._view.total_steps

    def _progress(self) -> float:
        return -1.0 if self._view.progress is None else float(self._view.progress)

    def _countdown(self) -> int:
        return -1 if self._view.countdown is None else self._view.countdown

    def _error(self) -> str:
        return self._view.error or ""

    def _keep_card(self) -> bool:
        return self._view.keep_card

    def _camera(self) -> bool:
        return self._view.camera

    def _data(self) -> dict[str, str]:
        return {k: v for k, v in self._view.data.items() if k != PHOTO_KEY}

    def _data_keys(self) -> list[str]:
        return [k for k in self._view.data if k != PHOTO_KEY]

    screen = Property(str, _screen, notify=changed)
    flow = Property(str, _flow, notify=changed)
    title = Property(str, _title, notify=changed)
    body = Property(str, _body, notify=changed)
    params = Property(dict, _params, notify=changed)
    paramKeys = Property(list, _param_keys, notify=changed)
    entryKind = Property(str, _entry_kind, notify=changed)
    entryField = Property(str, _entry_field, notify=changed)
    entryMasked = Property(bool, _entry_masked, notify=changed)
    entryMin = Property(int, _entry_min, notify=changed)
    entryMax = Property(int, _entry_max, notify=changed)
    actions = Property(list, _actions, notify=changed)
    hints = Property(list, _hints, notify=changed)
    step = Property(int, _step, notify=changed)
    totalSteps = Property(int, _total_steps, notify=changed)
    progress = Property(float, _progress, notify=changed)
    countdown = Property(int, _countdown, notify=changed)
    error = Property(str, _error, notify=changed)
    keepCard = Property(bool, _keep_card, notify=changed)
    camera = Property(bool, _camera, notify=changed)
    data = Property(dict, _data, notify=changed)
    dataKeys = Property(list, _data_keys, notify=changed)


def format_date(day: date, language: str) -> str:
    """A date the way a resident reads it: 12月8日（月） in Japanese, Mon 8 Dec in English."""
    if language == "ja":
        return f"{day.month}月{day.day}日（{WEEKDAYS['ja'][day.weekday()]}）"
    return f"{WEEKDAYS['en'][day.weekday()]} {day.day} {MONTHS_EN[day.month - 1]}"
