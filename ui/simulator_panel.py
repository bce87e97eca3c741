"""The simulator panel: simulator mode's second window, beside the kiosk screen (``ui/qml/SimulatorPanel.qml``).

The technician drives the virtual world there (persona, the virtual card's issue date, card in and out, faults,
camera source) and watches the redacted APDU trace, while the kiosk window shows only what a resident sees. It acts
through the same :class:`ui.technician.TechnicianModel` as technician mode, on the bench simulator mode hands in; a
kiosk in service (``mynakiosk run``) never opens it.
"""

from __future__ import annotations

from PySide6.QtQuick import QQuickWindow

from ui.app import QML_DIR, KioskUi, UiError

GAP_PX = 16


def open_simulator_panel(ui: KioskUi) -> QQuickWindow:
    """Load the panel into ``ui``'s engine (it shares the kiosk's models) and place it right of the kiosk window."""
    before = set(ui.engine.rootObjects())
    ui.engine.load(QML_DIR / "SimulatorPanel.qml")
    added = [root for root in ui.engine.rootObjects() if root not in before]
    if not added or not isinstance(added[0], QQuickWindow):
        raise UiError(f"{QML_DIR / 'SimulatorPanel.qml'} did not load: see the QML errors above")
    panel = added[0]
    panel.setPosition(ui.window.x() + ui.window.width() + GAP_PX, ui.window.y())
    return panel
