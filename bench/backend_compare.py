"""Paired comparison of two checkouts of the backend: service CPU per operation, side by side, at the same time.

This machine's cores change speed by 2x from minute to minute, so two benchmark runs one after the other cannot
tell a 10 % change from noise. Here both services (checkout A and checkout B, each ``serve --workers 1`` in this
virtual environment) run at once against one throwaway PostgreSQL, each driven by its own closed-loop kiosks:
whatever speed the cores have, both get it. The two cores themselves differ from moment to moment, so each service
is pinned to one of them and they swap every round. Each round prints the CPU per operation of each service and
B/A; the last lines are the median and the geometric mean of the ratios. Two identical checkouts measured a
median B/A of 1.04 this way (rounds 1.00-1.11): a change under about 10 % is within this tool's noise. Example,
what a commit changed::

    git worktree add /tmp/before HEAD~1
    python bench/backend_compare.py --a /tmp/before --b . --scenario status_read
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import backend_load as load

from backend.testing.pg import PostgresCluster, free_port
from sim.pki.kiosk import KioskCredentials, TestKioskPki


async def compare(
    ports: dict[str, int],
    servers: dict[str, int],
    creds: list[KioskCredentials],
    cards: list[load.Card],
    scenario: str,
    rounds: int,
    seconds: float,
) -> None:
    per = len(creds) // 2
    kiosks = {
        side: [
            load.Kiosk(load.Connection("127.0.0.1", port), creds[i + j * per], cards[i % len(cards)])
            for i in range(per)
        ]
        for j, (side, port) in enumerate(ports.items())
    }
    ops = load.operations()
    try:
        for side in kiosks:  # what the scenario needs first, and a warm-up
            for prerequisite in [*load.NEEDS.get(scenario, []), scenario]:
                await load.run_scenario(kiosks[side], 1.5, ops[prerequisite])
        ratios = []
        for r in range(rounds):
            placement = _place(servers, r)
            before = {side: load.tree_cpu_seconds(pid) for side, pid in servers.items()}
            results = await asyncio.gather(*(load.run_scenario(kiosks[s], seconds, ops[scenario]) for s in kiosks))
            stats = dict(zip(kiosks, results, strict=True))
            cpu = {s: (load.tree_cpu_seconds(servers[s]) - before[s]) / max(stats[s].done, 1) * 1000 for s in kiosks}
            ratios.append(cpu["B"] / cpu["A"])
            errors = sum(s.errors for s in results)
            print(
                f"round_{r} A {cpu['A']:.2f} ms/op ({stats['A'].done} ops), B {cpu['B']:.2f} ms/op "
                f"({stats['B'].done} ops), B/A {ratios[-1]:.3f}, errors {errors}{placement}"
            )
        print(f"{scenario}_service_cpu_B_over_A_median {statistics.median(ratios):.3f}")
        print(f"{scenario}_service_cpu_B_over_A_geometric_mean {statistics.geometric_mean(ratios):.3f}")
    finally:
        for side in kiosks:
            for k in kiosks[side]:
                await k.http.close()


def _place(servers: dict[str, int], round_number: int) -> str:
    """Pin A and B to different cores, swapping them every round.

    This machine's two virtual cores do not run at the same speed at the same time. Left to the scheduler, each
    service tends to stay on one core, and a run of A against an identical B measured B/A 0.89. Swapped each round,
    an even number of rounds gives each side each core equally often."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return ""
    where = {}
    for i, (side, root) in enumerate(sorted(servers.items())):
        cpu = cpus[(i + round_number) % 2]
        where[side] = cpu
        for pid in load.tree_pids(root):
            for task in Path(f"/proc/{pid}/task").iterdir():
                with contextlib.suppress(OSError):
                    os.sched_setaffinity(int(task.name), {cpu})
    return f", A on cpu {where['A']}, B on cpu {where['B']}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--a", type=Path, required=True, help="checkout A (the reference)")
    parser.add_argument("--b", type=Path, required=True, help="checkout B (the change)")
    parser.add_argument("--scenario", default="card_auth", choices=load.SCENARIOS)
    parser.add_argument("--rounds", type=int, default=6, help="an even number: A and B swap cores each round")
    parser.add_argument("--seconds", type=float, default=6.0, help="duration of each round")
    parser.add_argument("--kiosks", type=int, default=16, help="closed-loop kiosks per service")
    args = parser.parse_args()

    cluster = PostgresCluster(prefix="mynakiosk-bench-pg-")
    servers: dict[str, subprocess.Popen[bytes]] = {}
    try:
        db_url = cluster.start()
        pki = TestKioskPki()
        creds = [pki.kiosk(f"bench-{i:03d}") for i in range(2 * args.kiosks)]
        cards = load.virtual_cards(4)
        load.seed(db_url, creds, pki, cards)
        ports = {"A": free_port(), "B": free_port()}
        trees = {"A": args.a.resolve(), "B": args.b.resolve()}
        for side in ports:
            servers[side] = load.start_service(db_url, ports[side], 1, tree=trees[side])
        print(f"cpu_reference_before {load.cpu_reference_ms():.1f} ms")
        pids = {side: server.pid for side, server in servers.items()}
        asyncio.run(compare(ports, pids, creds, cards, args.scenario, args.rounds, args.seconds))
        print(f"cpu_reference_after {load.cpu_reference_ms():.1f} ms")
    finally:
        for server in servers.values():
            server.terminate()
            server.wait(timeout=20)
        cluster.stop()


if __name__ == "__main__":
    main()
