"""The vocabulary of the service: enums shared by the database models, the API models and the rules."""

from __future__ import annotations

from enum import StrEnum


class SiteKind(StrEnum):
    CONVENIENCE_STORE = "convenience_store"
    POST_OFFICE = "post_office"
    CITY_HALL = "city_hall"
    POPUP = "popup"
    """A staffed pop-up (出張) session venue."""


class KioskStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"


class Role(StrEnum):
    """Staff roles. Residents are anonymous and proven by card + face; they have no account."""

    OFFICIAL = "official"
    """Municipal official (incl. fiscal-year appointees): may verify identity and decide issue."""
    CONTRACTOR = "contractor"
    """Clerical and system tasks only; technically unable to verify identity or decide issue."""
    TECHNICIAN = "technician"
    """Diagnostics; no access to applications."""


class CardStatus(StrEnum):
    VALID = "valid"
    SUSPENDED = "suspended"
    REVOKED = "revoked"


class JpkiKey(StrEnum):
    """Which JPKI key signed the challenge, i.e. which PIN the resident proved."""

    AUTH = "auth"
    """User-authentication key, unlocked by the 4-digit PIN."""
    SIGN = "sign"
    CARD_AP = "card_ap"
    """Not a JPKI key: the card-AP proof (issuer signatures over the card front and the chip's card key over the
    nonce), for renewals of cards whose JPKI certificates cannot sign (``backend/card_ap_auth.py``)."""
    """Signature key, unlocked by the 6–16 character signature PIN."""


class PinTarget(StrEnum):
    SIGN = "sign"
    """The signature PIN; needs a card session proven with the auth key."""
    FOUR_DIGIT = "four_digit"
    """The three 4-digit PINs (auth, text AP, 住基) set to one value; needs the sign key. Off by default."""


class PinResetStatus(StrEnum):
    SCRIPT_ISSUED = "script_issued"
    CONFIRMED = "confirmed"
    FAILED = "failed"


class Channel(StrEnum):
    """How an application reached us (A5): sorts delivered cards into counter pick-up or post."""

    KIOSK = "kiosk"
    STAFFED_POPUP = "staffed_popup"
    COUNTER = "counter"


class CollectionMethod(StrEnum):
    COUNTER_PICKUP = "counter_pickup"
    """交付時来庁方式: identity is checked face to face when the resident collects the card."""
    RESTRICTED_POST = "restricted_post"
    """本人限定受取郵便: only when an official verified identity at application (申請時来庁方式)."""


class RenewalStatus(StrEnum):
    RECEIVED = "received"
    UNDER_REVIEW = "under_review"
    CARD_PRODUCED = "card_produced"
    PRE_ISSUANCE_SETUP = "pre_issuance_setup"
    SHIPPED = "shipped"
    READY_FOR_PICKUP = "ready_for_pickup"
    HANDED_OVER = "handed_over"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Service(StrEnum):
    SIGN_PIN_RESET = "sign_pin_reset"
    FOUR_DIGIT_PIN_RESET = "four_digit_pin_reset"
    RENEWAL = "renewal"
