"""``mynakiosk demo --headless --office``: after a renewal at the kiosk, the printed back office serves its sign-in
page, the printed official signs in, and the application just made is in the worklist."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import httpx

from tests.backend.office_support import csrf_of


def _line(proc: subprocess.Popen[str], pattern: str, seen: list[str], timeout_s: float = 240) -> re.Match[str]:
    deadline = time.monotonic() + timeout_s
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError("the demo ended early:\n" + "".join(seen[-40:]))
        seen.append(line)
        found = re.search(pattern, line)
        if found:
            return found
    raise AssertionError(f"no line matching {pattern!r}:\n" + "".join(seen[-40:]))


def test_the_demo_prints_its_back_office_where_the_official_finds_the_application() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "mynakiosk", "demo", "--headless", "--flow", "renewal", "--office"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=dict(os.environ),
    )  # fmt: skip
    seen: list[str] = []
    try:
        number = _line(proc, r"application_number=(A\d{12})", seen).group(1)
        url = _line(proc, r"^back office: (http://127\.0\.0\.1:\d+/office/)$", seen).group(1)
        user, password = _line(proc, r"sign in as: (\S+) / (\S+) ", seen).groups()
        with httpx.Client(follow_redirects=True, timeout=30) as http:
            page = http.get(url)
            assert page.status_code == 200 and page.url.path == "/office/login" and 'id="login-button"' in page.text
            signed_in = http.post(
                page.url.join("/office/login"),
                data={"username": user, "password": password, "csrf": csrf_of(page.text)},
            )
            assert signed_in.status_code == 200 and signed_in.url.path == "/office/applications"
            assert number in signed_in.text
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
    lines = "".join(seen).splitlines() + out.splitlines()
    assert "back office stopped" in lines and lines[-1] == "outcome: renewal_submitted"
    assert proc.returncode == 0
