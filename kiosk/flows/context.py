"""What a flow works with, split by how long it lives.

* :class:`KioskServices`: the kiosk's ports, settings and outbox; they live as long as the kiosk.
* :class:`StaffDesk`: an official's login at a pop-up session; it lives from login to logout.
* :class:`ResidentData`: everything personal one resident's session holds; wiped when the session ends.

A :class:`FlowContext` brings the three together for one session; the kiosk makes a new one for every session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields

from kiosk.card.card import MyNumberCard
from kiosk.card.data import BasicFour, FrontFace
from kiosk.card.identity import CardFace
from kiosk.card.pin import Pin
from kiosk.card.trace import TraceEntry
from kiosk.card.transport import CardReader
from kiosk.card.verify import TrustAnchors
from kiosk.era_dates import Calendar
from kiosk.flows.card_auth import CardAuth
from kiosk.flows.ports import BackendPort, FacePort
from kiosk.flows.view import View
from kiosk.outbox import Outbox
from kiosk.wire import ChallengeFrame, Services


class FlowEnded(Exception):
    """Raised inside a flow to end it with a final view (refusal, information, cancellation)."""

    def __init__(self, view: View, outcome: str) -> None:
        self.view = view
        self.outcome = outcome
        super().__init__(outcome)


@dataclass(frozen=True)
class FlowSettings:
    face_attempts: int = 3  # face match attempts before sending the resident to the counter
    liveness_seconds: float = 12.0  # time limit for one liveness challenge
    photo_attempts: int = 5
    municipality: str = ""  # the site's municipality code: whose policy the service menu shows ("" = ask per card)
    staffed: bool = False  # a municipal official is present and logged in (pop-up session)
    contact_reader: bool = False  # the reader takes the card in a slot (illustration and wording)
    card_front_ocr: bool = True  # offer "read the card front with the camera" (Tesseract) besides typing
    ocr_frames: int = 4  # camera pictures of the card front tried before falling back to typing
    renewal_window_months: int = 3  # the renewal window opens this long before expiry (the expiry notice's lead)


@dataclass
class ResidentData:
    """Everything personal a session holds. :meth:`wipe` drops it all; :meth:`held` says what is still held."""

    card: MyNumberCard | None = None
    pins: list[Pin] = field(default_factory=list, repr=False)
    front: FrontFace | None = field(default=None, repr=False)
    basic_four: BasicFour | None = field(default=None, repr=False)
    card_face: CardFace | None = field(default=None, repr=False)  # the signed card front and the chip's signature
    card_auth: CardAuth | None = field(default=None, repr=False)  # JPKI signature, certificates, raw card data
    card_session_id: str | None = None
    services: Services | None = None
    liveness_challenge: tuple[str, ...] | None = None  # the steps the service chose for the card session
    evidence_crop: bytes | None = field(default=None, repr=False)
    evidence_frames: tuple[ChallengeFrame, ...] | None = field(default=None, repr=False)  # witnesses of the steps
    new_photo: bytes | None = field(default=None, repr=False)
    security_code: str | None = field(default=None, repr=False)
    prefill_birth_date: str | None = field(default=None, repr=False)
    # how the card prints the birth date, as the resident said at PIN-B (era or western: it hints at nationality)
    birth_calendar: Calendar | None = field(default=None, repr=False)

    def keep(self, pin: Pin) -> Pin:
        """Register a PIN so it is wiped with the session even if the flow forgets to."""
        self.pins.append(pin)
        return pin

    def wipe(self) -> None:
        if self.card is not None:
            self.card.close(reset=True)  # no verified PIN outlives the resident
        for pin in self.pins:
            pin.wipe()
        for f in fields(self):
            default = f.default_factory() if callable(f.default_factory) else f.default
            setattr(self, f.name, default)

    def held(self) -> list[str]:
        """Names of the fields that still hold something (empty after :meth:`wipe`)."""
        return [f.name for f in fields(self) if getattr(self, f.name) not in (None, [], {})]


@dataclass(frozen=True)
class KioskServices:
    """What lives as long as the kiosk: its ports, its settings, and its outbox (None: deliver directly)."""

    reader: CardReader
    backend: BackendPort
    face: FacePort
    anchors: TrustAnchors
    settings: FlowSettings
    outbox: Outbox | None = None
    tracer: Callable[[TraceEntry], None] | None = None


@dataclass
class StaffDesk:
    """An official logged in at a pop-up session; their token goes with every application they help with."""

    token: str = field(repr=False)
    resident: ResidentData | None = None  # the resident being helped now, whose card ends with its removal


@dataclass
class FlowContext:
    """One session: the kiosk's services, where views go, the resident's data, and the staff desk if any."""

    kiosk: KioskServices
    publish: Callable[[View], object]
    data: ResidentData = field(default_factory=ResidentData)
    staff: StaffDesk | None = None

    @property
    def card(self) -> MyNumberCard:
        if self.data.card is None:
            raise RuntimeError("no card in this session yet")
        return self.data.card
