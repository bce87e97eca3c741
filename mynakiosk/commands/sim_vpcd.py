"""``mynakiosk sim serve-vpcd``: the virtual card in a reader of the real ``pcscd`` (through vsmartcard's vpcd).

Technicians drive it from the terminal (or tests through stdin), one command a line:

``remove``  pull the card out of the reader        ``insert``  put it back in
``status``  print the slot state and counters       ``quit``    stop (also SIGTERM / Ctrl-C)

End of input is not ``quit``: started with stdin at ``/dev/null`` it serves until it is signalled.
Only this module's command function imports the card; importing the module costs only click.
"""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path
from types import FrameType

import click


@click.command("serve-vpcd")
@click.option(
    "--card",
    "card_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Card image made by `mynakiosk sim new-card`.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Where pcscd's vpcd driver listens.")
@click.option("--port", default=35963, show_default=True, type=click.IntRange(1, 65535), help="vpcd slot port.")
@click.option(
    "--faults",
    default=None,
    metavar="PLAN",
    help="Fault plan for the card, e.g. 'remove@12' (see sim.faults); the card stays out until `insert`.",
)
@click.option(
    "--reconnect-timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(0.1, 3600),
    help="Seconds to keep retrying while vpcd is unreachable (pcscd not started or restarting).",
)
def serve_vpcd(card_path: Path, host: str, port: int, faults: str | None, reconnect_timeout: float) -> None:
    """Serve a virtual card to pcscd's vsmartcard-vpcd reader; pcscd sees it as a card in 'Virtual PCD'."""
    from sim.card import VirtualCard
    from sim.errors import SimError
    from sim.faults import CardGone, FaultPlan, FaultPlanError, FaultyCard
    from sim.vpcd import SlotState, VpcdBridge, VpcdError

    try:
        plan = FaultPlan.parse(faults) if faults else FaultPlan()
    except FaultPlanError as exc:
        raise click.BadParameter(str(exc), param_hint="--faults") from None
    try:
        # Always behind FaultyCard (an empty plan is a perfect contact): it is what can be pulled out and put back.
        card = FaultyCard(VirtualCard.load(card_path), plan)
    except SimError as exc:
        raise click.ClickException(f"cannot load the card image {card_path}: {exc}") from None

    def announce(state: SlotState) -> None:
        click.echo(f"serve-vpcd: card {state.value} ({host}:{port})")

    bridge = VpcdBridge(
        card, host, port, removal_errors=(CardGone,), reconnect_timeout=reconnect_timeout, on_state=announce
    )

    def on_signal(signum: int, frame: FrameType | None) -> None:
        bridge.stop()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    failure: list[BaseException] = []

    def serve() -> None:
        try:
            bridge.run()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the main thread below, with its traceback
            failure.append(exc)

    worker = threading.Thread(target=serve, name="vpcd-bridge")
    worker.start()

    def control() -> None:
        for line in sys.stdin:
            command = line.strip().lower()
            if command == "remove":
                bridge.remove()
                card.remove()
            elif command == "insert":
                card.insert()
                bridge.insert()
            elif command == "status":
                stats = bridge.stats()
                click.echo(f"serve-vpcd: {stats.state.value}, {stats.connections} connections, {stats.apdus} APDUs")
            elif command == "quit":
                bridge.stop()
                return
            elif command:
                click.echo(f"serve-vpcd: unknown command {command!r} (insert, remove, status, quit)", err=True)

    # A daemon thread: a blocked read of stdin must not keep the process alive after the bridge stopped.
    threading.Thread(target=control, name="vpcd-control", daemon=True).start()
    while worker.is_alive():
        worker.join(0.5)
    if failure:
        if isinstance(failure[0], VpcdError):
            raise click.ClickException(str(failure[0]))
        raise failure[0]  # a bug in the card: fail loudly rather than serve a half-working card
