"""The vocabulary of the service: enums shared by the database models, the API models and the rules."""

from __future__ import annotations

from enum import IntEnum, StrEnum


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


class LivenessStep(StrEnum):
    """One step of the liveness challenge the service chooses per card session (``kiosk.face.liveness.Challenge``)."""

    BLINK = "blink"
    TURN_LEFT = "turn_left"
    TURN_RIGHT = "turn_right"


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
    UNCONFIRMED = "unconfirmed"
    """The script was issued and no confirmation came within ``Limits.reset_confirm_window_s``: the card may or may
    not have applied it (a lost answer, a pulled card, a kiosk that died). Set by :func:`backend.pin_reset.reconcile`
    with an audit entry; a confirmation that arrives later still settles it."""


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
    INCOMPLETE = "incomplete"
    """不備: the office found something missing or wrong; waits for the resident (or the office) to put it right."""
    APPROVED = "approved"
    """Reviewed and approved by an official: ready to go to J-LIS in the next export."""
    CANCELLED = "cancelled"
    """交付取止め: the office stopped the issue (moved out, deceased, withdrawn, expired in storage)."""


class IncompleteReason(StrEnum):
    """Reason codes of an incomplete (不備) mark."""

    PHOTO_UNSUITABLE = "photo_unsuitable"
    INFORMATION_MISMATCH = "information_mismatch"
    CONTACT_UNREACHABLE = "contact_unreachable"
    DOCUMENT_MISSING = "document_missing"
    OTHER = "other"


class CancelReason(StrEnum):
    """Why the issue is stopped (交付取止め), as the seeds list them."""

    MOVED_OUT = "moved_out"
    DECEASED = "deceased"
    WITHDRAWN = "withdrawn"
    EXPIRED_IN_STORAGE = "expired_in_storage"


class Service(StrEnum):
    SIGN_PIN_RESET = "sign_pin_reset"
    FOUR_DIGIT_PIN_RESET = "four_digit_pin_reset"
    RENEWAL = "renewal"


class JlisState(IntEnum):
    """The ten states of an application in J-LIS's number-management system (番号管理システム, ①–⑩, seed 002).

    The seed names ①, ②, ⑧, ⑨ and ⑩; ③–⑦ are unnamed there (its figure is lost), and the names here are ours,
    after the steps the seeds describe between them (production, shipping, the municipality's receipt and
    inspection). The numbers are what goes over the wire (docs/jlis.md)."""

    ACCEPTED = 1
    """① 申請書受付済: J-LIS has the application."""
    INCOMPLETE = 2
    """② 受付済・不備中: J-LIS found it incomplete."""
    IN_PRODUCTION = 3
    PRODUCED = 4
    SHIPPED = 5
    """Shipped to the municipality, in a delivery."""
    RECEIVED = 6
    """Received by the municipality (its custody begins)."""
    INSPECTED = 7
    SET_UP = 8
    """⑧ 交付前設定済: ready to hand over."""
    ISSUED = 9
    """⑨ 交付済."""
    CANCELLED = 10
    """⑩ 交付取止め."""


class CustodyState(StrEnum):
    """Where a produced card is, from the J-LIS delivery to the counter (B9)."""

    RECEIVED = "received"
    STORED = "stored"
    HANDED_OVER = "handed_over"
    RETURNED = "returned"
    """Sent back to J-LIS."""
    DESTROYED = "destroyed"


class IdentityDocument(StrEnum):
    """The photo identity document an official checked, for a pop-up attestation or a legal representative."""

    MY_NUMBER_CARD = "my_number_card"
    """The card being renewed (or the representative's own card)."""
    DRIVING_LICENCE = "driving_licence"
    PASSPORT = "passport"
    RESIDENCE_CARD = "residence_card"
    OTHER_PHOTO_ID = "other_photo_id"


class Representation(StrEnum):
    """How a legal representative (法定代理人) of a minor stands to the applicant."""

    PARENT = "parent"
    """親権者: a parent with parental authority."""
    GUARDIAN = "guardian"
    """未成年後見人: a guardian of a minor appointed by the family court."""
