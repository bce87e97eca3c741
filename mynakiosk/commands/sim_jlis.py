"""``mynakiosk sim jlis …``: the simulated J-LIS of ``sim/jlis.py`` for demos and hand tests (TEST ONLY keys).

``answer BATCH --out FEED`` checks a batch made by ``mynakiosk backend jlis export`` and writes J-LIS's signed
answer; ``card-status`` writes a signed feed that suspends or invalidates cards. Importing the module costs only
click.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click


@click.group("jlis")
def jlis() -> None:
    """A simulated J-LIS (TEST ONLY keys): answers batches, sends card statuses."""


@jlis.command("answer")
@click.argument("batch", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="feed file to write")
@click.option("--until", type=click.IntRange(1, 5), default=5, show_default=True, help="last J-LIS state (①–⑤)")
def answer(batch: Path, out: Path, until: int) -> None:
    """Check a signed batch and write J-LIS's signed status feed for it."""
    from sim.jlis import BatchRefused, SimulatedJlis

    sim = SimulatedJlis.with_test_keys()
    try:
        received = sim.receive(batch.read_bytes())
    except BatchRefused as exc:
        raise click.ClickException(f"{batch}: {exc}") from None
    out.write_bytes(sim.answer(received, dt.datetime.now(dt.UTC), until=until))
    click.echo(f"{out}: {len(received.applications)} applications of batch {received.batch_id} up to state {until}")


@jlis.command("card-status")
@click.option("--municipality", required=True, help="6-digit code of the card holder's municipality")
@click.option("--serial", "serials", multiple=True, required=True, help="card serial (repeatable)")
@click.option("--status", type=click.Choice(["suspended", "invalidated", "valid"]), required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="feed file to write")
def card_status(municipality: str, serials: tuple[str, ...], status: str, out: Path) -> None:
    """Write a signed feed that changes the status of the cards given."""
    from sim.jlis import SimulatedJlis

    feed = SimulatedJlis.with_test_keys().card_status_feed(
        municipality, dt.datetime.now(dt.UTC), [(s, status) for s in serials]
    )
    out.write_bytes(feed)
    click.echo(f"{out}: {len(serials)} cards {status}")
