"""Screens that explain why the kiosk will not take an application or reset today, from the card's own dates:
renewal not open yet, only the certificates lapsed, a card bound to a residence permit, a lapsed certificate."""

from __future__ import annotations

import datetime as dt

from kiosk.eligibility import CertificateKind
from kiosk.flows.actions import FINISH
from kiosk.flows.view import FlowKind, Screen, View


def _info(flow: FlowKind, title: str, body: str, params: dict[str, str | int | float | bool]) -> View:
    return View(Screen.INFO, flow, title, body, params=params, actions=(FINISH,))


def renewal_not_yet_view(flow: FlowKind, *, card_expiry: dt.date, window_opens: dt.date) -> View:
    """The card is valid and its renewal window has not opened: when it expires and when renewal opens."""
    params: dict[str, str | int | float | bool] = {
        "card_expiry": card_expiry.isoformat(),
        "window_opens": window_opens.isoformat(),
    }
    return _info(flow, "eligibility.not_yet.title", "eligibility.not_yet.body", params)


def certificates_only_expired_view(
    flow: FlowKind, *, card_expiry: dt.date, window_opens: dt.date, lapsed: tuple[CertificateKind, ...]
) -> View:
    """The card is valid (renewal not open yet) but its certificates lapsed: they are renewed at the counter."""
    params: dict[str, str | int | float | bool] = {
        "card_expiry": card_expiry.isoformat(),
        "window_opens": window_opens.isoformat(),
        "lapsed": ",".join(kind.value for kind in lapsed),
    }
    return _info(flow, "eligibility.certificates_only.title", "eligibility.certificates_only.body", params)


def residence_bound_view(flow: FlowKind, *, card_expiry: dt.date) -> View:
    """A card that expires with the residence permit: the counter extends it after the stay is extended."""
    params: dict[str, str | int | float | bool] = {"card_expiry": card_expiry.isoformat()}
    return _info(flow, "eligibility.residence.title", "eligibility.residence.body", params)


def certificate_expired_view(flow: FlowKind, kind: CertificateKind, *, expired_on: dt.date) -> View:
    """A PIN reset that cannot help: the certificate the PIN protects lapsed (nothing to put back into use)."""
    params: dict[str, str | int | float | bool] = {"expired_on": expired_on.isoformat()}
    return _info(flow, "certificate_expired.title", f"certificate_expired.{kind.value}.body", params)
