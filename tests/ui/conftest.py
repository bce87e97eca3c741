"""UI test set-up: offscreen Qt, one sample-driven UI per module, and helpers that inspect the real QML tree."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# UIs built here are silent unless a test hands build_ui its own Audio (tests/ui/test_guidance.py does).
os.environ.setdefault("MYNAKIOSK_AUDIO", "off")

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from ui.app import KioskUi
from ui.driver import SampleDriver
from ui.render import sample_ui


@pytest.fixture(scope="module")
def sample_kiosk(qapp: QApplication) -> Iterator[tuple[KioskUi, SampleDriver]]:
    with sample_ui("ja") as (ui, driver):
        yield ui, driver
