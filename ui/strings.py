"""Message keys the UI itself needs (labels of its own controls), with their English source text.

Resident-facing words chosen by a flow live in :mod:`kiosk.flows.messages`; these are the words of the UI's own
furniture (keypad keys, the accessibility switches, the technician and staff screens). Both sets are translated in
``assets/i18n/*.ts``; a test checks that every key of both has a Japanese and an English text.
"""

from __future__ import annotations

from typing import Final

UI_MESSAGES: Final[dict[str, str]] = {
    "ui.tries_left": "Tries left: {tries_left}",
    "ui.step": "Step {step} of {total}",
    "ui.large_text": "Larger text",
    "ui.high_contrast": "High contrast",
    "ui.voice_guide": "Voice guide",
    "ui.entry.ok": "OK",
    "ui.entry.delete": "Delete",
    "ui.entry.clear": "Clear",
    "ui.entry.count": "{count} characters entered",
    "ui.entry.hidden": "Hidden so no one can read it",
    "ui.entry.shift_hint": "Capital letters A-Z and digits 0-9",
    "ui.keep_card": "Do not remove the card",
    "ui.camera.guide": "Put your face inside the oval",
    "ui.camera.off": "Camera is starting",
    "ui.countdown": "{seconds} s",
    "ui.sex.1": "Male",
    "ui.sex.2": "Female",
    "ui.sex.9": "Not stated",
    "ui.field.birth_date": "Birth date",
    "ui.progress": "{percent}% done",
    "ui.staff.report.queue_pending": "Waiting to be sent",
    "ui.staff.report.queue_delivered": "Sent",
    "ui.staff.report.queue_refused": "Refused by the service",
    "ui.staff.report.sessions_total": "Residents helped",
    "ui.staff.report.sessions_renewal_submitted": "Applications accepted",
    "ui.staff.report.sessions_renewal_queued": "Applications saved to send later",
    "ui.staff.report.sessions_cancelled": "Stopped by the resident",
    "ui.staff.report.sessions_timeout": "Ended for inactivity",
    "ui.staff.report.sessions_card_removed": "Card removed",
    "ui.staff.report.sessions_face_refused": "Face not confirmed",
    "ui.staff.report.sessions_not_genuine": "Card not verified",
    "ui.staff.report.sessions_backend_refused": "Refused by the service",
    "ui.staff.report.backend_offline": "Service figures unavailable (offline)",
    "ui.receipt.saved": "Receipt printed. Please take it.",
    "ui.receipt.unavailable": "This kiosk has no printer. Please note the number on the screen.",
    "ui.receipt.failed": "The receipt could not be printed. Please note the number on the screen.",
    "ui.tech.title": "Technician mode",
    "ui.tech.pin": "Technician PIN",
    "ui.tech.wrong_pin": "Wrong technician PIN",
    "ui.tech.persona": "Virtual card persona",
    "ui.tech.insert": "Insert card",
    "ui.tech.remove": "Remove card",
    "ui.tech.tap": "Tap card",
    "ui.tech.card_in": "Card in the reader",
    "ui.tech.card_out": "No card in the reader",
    "ui.tech.faults": "Faults (e.g. remove@12,delay=0.05)",
    "ui.tech.apply": "Apply",
    "ui.tech.camera": "Replay camera source",
    "ui.tech.trace": "APDU trace (redacted)",
    "ui.tech.doctor": "Run doctor",
    "ui.tech.doctor_running": "Running doctor...",
    "ui.tech.close": "Close technician mode",
    "ui.tech.error": "Error: {message}",
}
