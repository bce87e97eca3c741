"""Bundle benchmark: the kiosk bundle's size (and its biggest parts), the .deb's size, the build time, and the cold
start of ``mynakiosk run`` from the bundle against the same from the virtual environment (the baseline).

Cold start is the time from spawning ``mynakiosk run --config SITE`` to its READY=1 on a notify socket this script
owns, as systemd would see it: READY=1 goes out from the Qt event loop's first turn, with the attract screen's
window built (``ui/watchdog.py``). The site uses an in-process virtual card and a video file as the camera, so it
runs anywhere; each figure is the median of ``--runs`` fresh processes. Budgets (issue 22): bundle <= 700 MB
unpacked, cold start <= 2 s.

    scripts/build-deb && .venv/bin/python bench/bundle.py [--build-dir build] [--runs 3] [--rebuild]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.personalise import new_card  # noqa: E402 - after the path set-up, as a script run from anywhere
from sim.personas import get_persona  # noqa: E402
from tests.site_files import write_site, write_video  # noqa: E402


def du_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


def biggest(bundle: Path, count: int) -> list[tuple[str, float]]:
    """The largest entries of ``_internal`` (folders as a whole)."""
    internal = bundle / "_internal"
    sizes = [(entry.name, du_mb(entry)) for entry in internal.iterdir()]
    return sorted(sizes, key=lambda item: -item[1])[:count]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return -1.0


def cold_start(program: list[str], config: Path, workdir: Path) -> tuple[float, float]:
    """Seconds from spawn to READY=1 on a notify socket we own, and the process's resident memory then (MB)."""
    address = workdir / f"notify-{time.monotonic_ns()}"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(address))
    server.settimeout(60)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(workdir),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": os.environ.get("BENCH_QPA", "offscreen"),
        "MYNAKIOSK_AUDIO": "off",
        "NOTIFY_SOCKET": str(address),
    }
    started = time.monotonic()
    process = subprocess.Popen(
        [*program, "run", "--config", str(config)],
        env=env,
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        while True:
            message = server.recv(4096).decode()
            if "READY=1" in message.split("\n"):
                return time.monotonic() - started, rss_mb(process.pid)
    except TimeoutError:
        process.kill()
        _, err = process.communicate()
        raise SystemExit(f"{program[0]}: no READY=1 within 60 s:\n{err.decode()[-2000:]}") from None
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
        server.close()


def site(workdir: Path) -> Path:
    card = workdir / "card.json"
    new_card(get_persona("tanaka")).save(card)
    video = write_video(workdir / "camera.avi")
    return write_site(workdir / "etc", reader=f"sim:{card}", camera=str(video))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", type=Path, default=Path(os.environ.get("MYNAKIOSK_BUILD_DIR", ROOT / "build")))
    parser.add_argument("--runs", type=int, default=3, help="Cold starts per program (median reported).")
    parser.add_argument("--rebuild", action="store_true", help="Rebuild the bundle first and time it.")
    args = parser.parse_args()

    env = {**os.environ, "MYNAKIOSK_BUILD_DIR": str(args.build_dir)}
    if args.rebuild:
        subprocess.run([ROOT / "scripts" / "build-bundle", "--force"], env=env, check=True)
    args.build_dir = args.build_dir.resolve()  # the programs run in a scratch directory
    bundle = args.build_dir / "bundle" / "mynakiosk"
    if not (bundle / "mynakiosk").exists():
        raise SystemExit(f"no bundle in {bundle}: run scripts/build-bundle (or pass --build-dir)")

    print(f"bundle_unpacked {du_mb(bundle):.0f} MB (budget <= 700)")
    for name, size in biggest(bundle, 8):
        print(f"bundle_part_{name} {size:.0f} MB")
    debs = sorted(args.build_dir.glob("mynakiosk-kiosk_*_amd64.deb"))
    if debs:
        print(f"deb_package {du_mb(debs[-1]):.0f} MB (gzip)")
    seconds = args.build_dir / "bundle" / "build-seconds"
    if seconds.exists():
        print(f"bundle_build_time {float(seconds.read_text()):.0f} s (the last full build)")

    with tempfile.TemporaryDirectory(prefix="bench-bundle-") as tmp:
        workdir = Path(tmp)
        config = site(workdir)
        programs = {"bundle": [str(bundle / "mynakiosk")], "venv": [str(ROOT / ".venv" / "bin" / "mynakiosk")]}
        for label, program in programs.items():
            runs = [cold_start(program, config, workdir) for _ in range(args.runs)]
            budget = " (budget <= 2)" if label == "bundle" else " (baseline)"
            print(f"cold_start_to_ready_{label} {statistics.median(t for t, _ in runs):.2f} s{budget}")
            print(f"resident_memory_at_attract_{label} {statistics.median(m for _, m in runs):.0f} MB")


if __name__ == "__main__":
    main()
