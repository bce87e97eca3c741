"""``mynakiosk doctor`` and the clock (issue 18, item 9): the kiosk's offset from the backend's clock (``GET /v1/time``,
unsigned, so a clock too far off for signed requests is still measured) and whether a time service keeps it right."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend import embedded
from drivers.doctor import host
from drivers.doctor.checks import Status
from drivers.doctor.site import check_clock
from kiosk.site_config import SiteConfig, load
from tests.site_files import write_site


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteConfig]:
    directory = tmp_path_factory.mktemp("clock")
    service = embedded.start(directory / "backend")
    try:
        yield load(write_site(directory / "etc", kiosk_id=service.kiosk_id, backend_url=service.url))
    finally:
        service.stop()


def test_a_kiosk_clock_six_minutes_ahead_fails_with_the_offset(config: SiteConfig) -> None:
    check = check_clock(config, clock=lambda: time.time() + 360)
    assert check.status is Status.FAIL, check
    assert "ahead of the backend" in check.detail and check.detail.startswith("36")  # 359.x–360.x s
    assert check.fix is not None and "timedatectl" in check.fix


def test_a_clock_half_a_minute_behind_is_a_warning_and_a_right_one_is_ok(config: SiteConfig) -> None:
    behind = check_clock(config, clock=lambda: time.time() - 30)
    assert behind.status is Status.WARN and "behind" in behind.detail
    assert check_clock(config).status is Status.OK


def test_a_backend_that_does_not_answer_leaves_the_clock_unmeasured(tmp_path: Path) -> None:
    unreachable = load(write_site(tmp_path, backend_url="http://127.0.0.1:9"))
    assert check_clock(unreachable).status is Status.WARN


def _timedatectl(tmp_path: Path, output: str, code: int = 0) -> str:
    script = tmp_path / "timedatectl"
    script.write_text(f"#!/bin/sh\nprintf '%s' '{output}'\nexit {code}\n")
    script.chmod(0o755)
    return str(script)


@pytest.mark.parametrize(
    ("output", "status", "words"),
    [
        ("NTP=yes\nNTPSynchronized=yes\nTimezone=Asia/Tokyo\n", Status.OK, "synchronised"),
        ("NTP=no\nNTPSynchronized=no\n", Status.WARN, "no time synchronisation service"),
        ("NTP=yes\nNTPSynchronized=no\n", Status.WARN, "not synchronised yet"),
    ],
)
def test_the_time_service_is_asked_through_timedatectl(tmp_path: Path, output: str, status: Status, words: str) -> None:
    check = host.check_time_sync(_timedatectl(tmp_path, output))
    assert check.status is status and words in check.detail, check


def test_no_timedated_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    assert host.check_time_sync(str(tmp_path / "absent")).status is Status.WARN
    failing = _timedatectl(tmp_path, "", code=1)
    assert host.check_time_sync(failing).status is Status.WARN
