"""``Kiosk``: one resident session after another — attract, choose a service, run its flow, wipe, repeat.

It owns what is common to every flow: the idle warning and the reset after inactivity, card removal ending the
session (quietly, keeping the result, when the card is taken on a final screen), turning typed errors into error
screens a resident can act on, wiping every personal datum when a session ends for any reason, and, when a session
is over and the card is still in the reader, asking for it to be taken (then sounding an alert) before the next
resident can start. ``handle`` may block on card I/O, backend calls and face inference: front ends call
it from a worker thread, never from their GUI thread. It is thread-safe (one event at a time).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

from kiosk.backend_client import BackendError
from kiosk.card import errors as card_errors
from kiosk.card.trace import TraceEntry
from kiosk.card.transport import CardReader
from kiosk.card.verify import TrustAnchors
from kiosk.flows import locked_out, pin_reset, renewal, staff
from kiosk.flows.actions import FINISH, FINISH_INSTEAD, START_AGAIN
from kiosk.flows.context import FlowContext, FlowEnded, FlowSettings, KioskServices, ResidentData
from kiosk.flows.errors import SessionTimeout, error_kind
from kiosk.flows.events import Act, CardInserted, CardRemoved, Entered, Event, Frame, Tick, Touch
from kiosk.flows.frames import CameraStalled, FrameWatch
from kiosk.flows.ports import BackendPort, FacePort
from kiosk.flows.screens.camera import CAMERA_DOWN, camera_down_view
from kiosk.flows.screens.endings import error_view
from kiosk.flows.screens.session import attract_view, card_return_view, idle_warning_view, services_view
from kiosk.flows.steps.base import Cancelled
from kiosk.flows.view import FlowKind, Screen, View
from kiosk.outbox import Outbox
from kiosk.wire import Services

log = logging.getLogger(__name__)

FlowFn = Callable[[FlowContext], Generator[View, Event, Any]]

FLOWS: dict[FlowKind, tuple[FlowFn, str | None]] = {
    # flow -> (generator, the policy switch that must be on; None = needs no backend service)
    FlowKind.SIGN_PIN_RESET: (pin_reset.sign_pin_reset, "sign_pin_reset"),
    FlowKind.PIN_RESET: (pin_reset.four_digit_pin_reset, "four_digit_pin_reset"),
    FlowKind.RENEWAL: (renewal.renewal, "renewal"),
    FlowKind.LOCKED_OUT: (locked_out.locked_out, None),
    FlowKind.STAFF: (staff.staff_desk, None),
}
NOTHING_OFFERED = Services(sign_pin_reset=False, four_digit_pin_reset=False, renewal=False)
STAFF_SCREENS = frozenset({Screen.STAFF_LOGIN, Screen.STAFF_HOME, Screen.STAFF_REPORT})
# A flow's last screens: taking the card here ends the session and leaves the screen as it is.
FINAL_SCREENS = frozenset({Screen.RESULT, Screen.INFO})
# Error kinds after which the same service can simply be started again (nothing was used up, nothing is locked).
RESTARTABLE = frozenset({"card_removed", "card_timeout", "card_unreadable", "backend_down", "pin_not_sent"})


@dataclass(frozen=True)
class Timers:
    idle_warning_s: float = 30.0
    idle_reset_s: float = 60.0
    final_screen_s: float = 20.0  # a result or error screen returns to the start screen after this long
    staff_idle_s: float = 900.0  # an official's desk logs out after this long without a touch
    # A face or photo screen with no usable camera frame for this long ends on "camera out of order". Longer than
    # the camera driver's reopen budget (5 s), so an unplug that comes back is ridden out.
    camera_stall_s: float = 8.0
    card_alert_s: float = 15.0  # the card still in the reader this long after its session: the alert sounds
    card_alert_repeat_s: float = 10.0  # and sounds again this often until the card is taken


ATTRACT = attract_view()


class Kiosk:
    def __init__(
        self,
        *,
        reader: CardReader,
        backend: BackendPort,
        face: FacePort,
        anchors: TrustAnchors,
        settings: FlowSettings | None = None,
        timers: Timers | None = None,
        tracer: Callable[[TraceEntry], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        outbox: Outbox | None = None,
    ) -> None:
        self.reader = reader
        self.backend = backend
        self.face = face
        self.anchors = anchors
        self.settings = settings or FlowSettings()
        self.timers = timers or Timers()
        self.tracer = tracer
        self.outbox = outbox  # where renewals wait for delivery (None: delivered directly)
        self._clock = clock
        self._lock = threading.RLock()
        self._listeners: list[Callable[[View], None]] = []
        self._view = ATTRACT
        self._bare = ATTRACT  # the last page as the flow gave it, before the serial was stamped on it
        self._serial = 0
        self._answered = False  # an entry was handed to the flow: whatever it shows next answers a new question
        self._under_overlay: View | None = None
        self._flow: Generator[View, Event, Any] | None = None
        self._ctx: FlowContext | None = None  # the current session's; a new one for every session
        self._final_since: float | None = None
        self._returning_since: float | None = None  # the session is over; the card is still in the reader
        self._last_activity = clock()
        self.frames = FrameWatch(self.timers.camera_stall_s)  # frames let in and dropped; the camera watchdog
        self.outcomes: list[str] = []  # what each session ended with, for tests and the end-of-day report

    # --- observing ------------------------------------------------------------------------------------------

    @property
    def view(self) -> View:
        return self._view

    @property
    def resident_data(self) -> ResidentData | None:
        """The current session's data (None between sessions); tests inspect it to prove wiping."""
        return self._ctx.data if self._ctx else None

    def subscribe(self, listener: Callable[[View], None]) -> None:
        self._listeners.append(listener)

    def _show(self, view: View) -> View:
        """Show ``view`` with its serial: the same page again keeps its serial (what is being typed stays valid);
        a different page, or any page after an entry was taken, gets a new one."""
        bare = dataclasses.replace(view, serial=0) if view.serial else view
        if bare != self._bare or self._answered:
            self._serial += 1
            self._answered = False
        self._bare = bare
        view = dataclasses.replace(bare, serial=self._serial)
        if view.screen != self._view.screen:
            self._last_activity = self._clock()
        self._view = view
        self.frames.watch(view if self._flow is not None else None, self._clock())
        for listener in self._listeners:
            listener(view)
        return view

    # --- events ---------------------------------------------------------------------------------------------

    def handle(self, event: Event) -> View:
        with self._lock:
            if isinstance(event, Tick):
                return self._tick(event.now)
            if isinstance(event, Frame) and not self._admit(event):
                return self._view
            if isinstance(event, Act | Entered | Touch | CardInserted):
                self._last_activity = self._clock()
            if self._returning_since is not None:
                if isinstance(event, CardRemoved):
                    return self._show_attract()
                return self._view  # nothing starts while the last resident's card is in the reader
            if isinstance(event, Entered) and not self._takes(event):
                event.discard()  # typed on another screen (or under the idle question): never read, wiped
                if self._under_overlay is not None:
                    view, self._under_overlay = self._under_overlay, None
                    return self._show(view)
                return self._view
            if self._under_overlay is not None:
                if isinstance(event, Act | Touch):
                    view, self._under_overlay = self._under_overlay, None
                    return self._show(view)
                if not isinstance(event, CardRemoved | Frame):
                    return self._view
            if isinstance(event, CardRemoved) and self._flow is not None and self._card_in_use():
                if self._page().screen in FINAL_SCREENS:
                    # The card taken at the end: the flow finishes, its result stays on screen until it times out.
                    return self._step(lambda flow: flow.send(event), keep_final=True)
                # Thrown into the flow: a resident's session ends; a staff desk around it carries on.
                return self._step(lambda flow: flow.throw(card_errors.CardRemoved("the card was removed")))
            if self._flow is not None:
                return self._advance(event)
            if self._final_since is not None:
                if isinstance(event, Act) and event.action_id == "finish":
                    return self._to_attract()
                if isinstance(event, Act) and event.action_id == START_AGAIN.id and self._view.action(START_AGAIN.id):
                    flow = self._view.flow
                    self._final_since = None
                    return self._start(flow) if flow is not None else self._to_attract()
                return self._view
            if self._view.screen is Screen.ATTRACT:
                if isinstance(event, Touch) or (isinstance(event, Act) and event.action_id == "start"):
                    if self.settings.staffed:
                        return self._start(FlowKind.STAFF)
                    return self._show(self._services_view())
                return self._view
            if self._view.screen is Screen.CHOOSE_SERVICE and isinstance(event, Act):
                if event.action_id == "cancel":
                    return self._to_attract()
                action = self._view.action(event.action_id)
                if action is not None and action.enabled:
                    return self._start(FlowKind(event.action_id))
            return self._view

    def _admit(self, event: Frame) -> bool:
        """Let a usable frame through; count and drop a malformed one (a driver's bad frame must not end the
        session). The technician sees the counts in the log (and ``self.frames``)."""
        problem = self.frames.admit(event, self._clock())
        if problem is None:
            return True
        total = self.frames.rejected_total
        if total & (total - 1) == 0:  # the 1st, 2nd, 4th, 8th, ... bad frame: a broken driver does not flood the log
            reasons = ", ".join(f"{reason} {count}" for reason, count in sorted(self.frames.rejected.items()))
            log.warning(
                "camera: dropped a malformed frame (%s); %d dropped since start (%s)",
                problem,
                total,
                reasons,
                extra={"journal": {"MYNAKIOSK_FRAMES_DROPPED": total}},
            )
        return False

    def _takes(self, event: Entered) -> bool:
        """An entry is taken only for the entry screen showing now: the serial and the field must match."""
        entry = self._view.entry
        return (
            self._flow is not None
            and self._under_overlay is None
            and entry is not None
            and event.serial == self._view.serial
            and event.field == entry.field
        )

    def _page(self) -> View:
        """The screen under the idle question (or the screen itself when none is asked)."""
        return self._under_overlay if self._under_overlay is not None else self._view

    def _card_in_use(self) -> bool:
        if self._ctx is None:
            return False
        desk = self._ctx.staff
        data = desk.resident if desk is not None and desk.resident is not None else self._ctx.data
        return data.card is not None

    def _services_view(self) -> View:
        municipality = self.settings.municipality
        try:
            offered = self.backend.services(municipality) if municipality else None
            online = True
        except BackendError:
            offered, online = NOTHING_OFFERED, False
        listed = [
            kind
            for kind, (_fn, switch) in FLOWS.items()
            # Without a configured municipality every flow is listed; the card session applies the policy.
            if kind is not FlowKind.STAFF and (switch is None or offered is None or offered.offers(switch))
        ]
        return services_view(listed, online=online)

    def _start(self, kind: FlowKind) -> View:
        fn, _switch = FLOWS[kind]
        services = KioskServices(
            reader=self.reader,
            backend=self.backend,
            face=self.face,
            anchors=self.anchors,
            settings=self.settings,
            outbox=self.outbox,
            tracer=self.tracer,
        )
        self._ctx = FlowContext(services, publish=self._show)
        self._flow = fn(self._ctx)
        return self._step(lambda flow: next(flow))

    def _advance(self, event: Event) -> View:
        if isinstance(event, Frame):
            try:
                return self._step(lambda flow: flow.send(event))
            finally:
                self.frames.fed(self._clock())
        if not isinstance(event, Entered):
            return self._step(lambda flow: flow.send(event))
        self._answered = True
        try:
            return self._step(lambda flow: flow.send(event))
        finally:
            if not self._kept(event):
                event.discard()  # the flow read what it needed; a PIN it did not keep is wiped now

    def _kept(self, event: Entered) -> bool:
        """True when the flow registered the entry's PIN with the session, to be used (and wiped) later."""
        ctx = self._ctx
        if ctx is None:
            return False
        held = list(ctx.data.pins)
        if ctx.staff is not None and ctx.staff.resident is not None:
            held += ctx.staff.resident.pins
        return any(pin is event.value for pin in held)

    def _step(self, drive: Callable[[Generator[View, Event, Any]], View], *, keep_final: bool = False) -> View:
        flow = self._flow
        assert flow is not None
        final = self._page()
        try:
            return self._show(drive(flow))
        except StopIteration as done:
            if keep_final:
                return self._end(final, str(done.value or "done"))
            return self._finish(str(done.value or "done"))
        except FlowEnded as ended:
            return self._end(ended.view, ended.outcome)
        except Cancelled:
            self.outcomes.append("cancelled")
            self._close_session()
            return self._to_attract()
        except Exception as exc:  # noqa: BLE001 - every failure becomes an error screen; the type is logged
            kind = error_kind(exc)
            log.warning("flow ended by %s (%s)", type(exc).__name__, kind)
            return self._end(self._error_view(kind), kind)

    def _error_view(self, kind: str) -> View:
        flow = self._view.flow
        if kind == CAMERA_DOWN:
            return camera_down_view(flow)
        again = (
            (START_AGAIN, FINISH_INSTEAD)
            if flow is not None and flow is not FlowKind.STAFF and kind in RESTARTABLE
            else (FINISH,)
        )
        return error_view(flow, kind, actions=again)

    def _close_session(self) -> None:
        if self._flow is not None:
            flow, self._flow = self._flow, None
            try:
                flow.close()
            except Exception:  # noqa: BLE001 - the session is ending anyway; wiping below must still run
                log.warning("flow did not close cleanly")
        if self._ctx is not None:
            self._ctx.data.wipe()
            self._ctx = None
        self._under_overlay = None

    def _end(self, view: View, outcome: str) -> View:
        self.outcomes.append(outcome)
        self._close_session()
        self._final_since = self._clock()
        return self._show(view)

    def _finish(self, outcome: str) -> View:
        self.outcomes.append(outcome)
        self._close_session()
        return self._to_attract()

    def _to_attract(self) -> View:
        """The session is over: the start screen, or first "take your card" while it is still in the reader."""
        self._final_since = None
        if self._card_left():
            self._returning_since = self._clock()
            return self._show(card_return_view())
        return self._show_attract()

    def _show_attract(self) -> View:
        self._final_since = self._returning_since = None
        return self._show(ATTRACT)

    def _card_left(self) -> bool:
        try:
            return bool(self.reader.card_present())
        except card_errors.CardError as exc:  # a reader that cannot say: the start screen, and the technician's log
            log.warning("card reader did not say whether a card is left (%s)", type(exc).__name__)
            return False

    # --- time -----------------------------------------------------------------------------------------------

    def _tick(self, now: float) -> View:
        if self._returning_since is not None:
            return self._remind(now - self._returning_since)
        if self._final_since is not None:
            if now - self._final_since >= self.timers.final_screen_s:
                return self._to_attract()
            return self._view
        if self._view.screen is Screen.ATTRACT:
            return self._view
        idle = now - self._last_activity
        if self._view.screen in STAFF_SCREENS:
            if idle >= self.timers.staff_idle_s and self._flow is not None:
                return self._step(lambda flow: flow.throw(SessionTimeout()))
            return self._view
        if self._flow is not None and self._under_overlay is None and self.frames.stalled(now):
            return self._camera_stalled()
        if idle >= self.timers.idle_reset_s:
            self._under_overlay = None
            self._last_activity = now
            if self._flow is None:
                return self._to_attract()
            return self._step(lambda flow: flow.throw(SessionTimeout()))
        if idle >= self.timers.idle_warning_s:
            if self._under_overlay is None:
                self._under_overlay = self._view
                self.frames.watch(None, now)  # the camera is off under the idle question: not a stall
            seconds = int(self.timers.idle_reset_s - idle + 0.999)
            overlay = idle_warning_view(self._view.flow, seconds)
            self._view = overlay
            for listener in self._listeners:
                listener(overlay)
        return self._view

    def _camera_stalled(self) -> View:
        """The watched camera screen had no usable frame for too long: a technician alert, and the step ends on the
        camera-out-of-order screen (thrown into the flow, which closes what it opened)."""
        seconds = self.timers.camera_stall_s
        log.error(
            "camera: no usable frame for %.0f s on %s; session ended as %s (check the camera: mynakiosk doctor)",
            seconds,
            self._view.screen.value,
            CAMERA_DOWN,
            extra={"journal": {"MYNAKIOSK_ALERT": "camera_stalled"}},
        )
        stalled = CameraStalled(f"no usable camera frame for {seconds:.0f} s")
        return self._step(lambda flow: flow.throw(stalled))

    def _remind(self, waited: float) -> View:
        """The card is still in the reader after its session: the request, then an alert that sounds again every
        ``card_alert_repeat_s`` until the card is taken (checked on every tick, in case a removal went unseen)."""
        if not self._card_left():
            return self._show_attract()
        if waited < self.timers.card_alert_s:
            return self._view
        alert = 1 + int((waited - self.timers.card_alert_s) // self.timers.card_alert_repeat_s)
        return self._show(card_return_view(alert=alert))
