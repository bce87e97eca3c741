"""The receipt printer: a CUPS queue, driven with the CUPS command-line clients (``lp``, ``lpstat``).

The kiosk hands CUPS a finished PDF (``ui/receipt.py``); CUPS and the queue's driver do the rest. Before a job is
sent the queue is asked how it is, so the resident hears at once that there is no printer, no paper, or a stopped
queue, instead of walking away with nothing: each is its own exception (:class:`PrinterAbsent`,
:class:`PrinterOutOfPaper`, :class:`PrinterStopped`) with a ``message_key`` the UI translates. Messages name the queue
and the cause, never the document's contents.

``server``: a CUPS server (``host:port`` or a socket path), as ``lp -h`` takes it; by default the clients' own
(``CUPS_SERVER``, ``/etc/cups/client.conf``, the local scheduler). No Python binding is needed (pycups would be one
more C extension to build); ``lp`` ships with every CUPS installation (Debian ``cups-client``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

# printer-state-reasons (RFC 8011 / PWG 5100.9) that mean the paper has run out or its tray is open.
PAPER_REASONS = ("media-empty", "media-needed", "media-jam", "input-tray-missing", "door-open", "cover-open")
_REQUEST_ID = re.compile(r"request id is (\S+)")


class PrinterError(RuntimeError):
    """The receipt could not be printed; ``message_key`` is what the UI tells the resident."""

    message_key = "ui.receipt.failed"


class PrinterAbsent(PrinterError):
    """No such queue, no CUPS scheduler to ask, or no CUPS clients installed."""

    message_key = "ui.receipt.no_printer"


class PrinterOutOfPaper(PrinterError):
    """The printer reports no paper (or an open tray or cover, or a jam)."""

    message_key = "ui.receipt.out_of_paper"


class PrinterStopped(PrinterError):
    """The queue is stopped (disabled) or refuses new jobs."""

    message_key = "ui.receipt.printer_stopped"


@dataclass(frozen=True)
class QueueState:
    """What ``lpstat`` says about a queue: enabled (not stopped), accepting jobs, and its state reasons."""

    enabled: bool
    accepting: bool
    reasons: tuple[str, ...] = field(default=())

    @property
    def out_of_paper(self) -> bool:
        return any(r.startswith(PAPER_REASONS) for r in self.reasons)


@dataclass(frozen=True)
class CupsPrinter:
    """One CUPS queue. ``timeout``: seconds any one CUPS client may take. ``options``: ``lp -o`` job options; by
    default the receipt (an A6 PDF) is scaled to the queue's paper, whatever roll or sheet it holds."""

    queue: str
    server: str | None = None
    timeout: float = 15.0
    options: tuple[str, ...] = ("fit-to-page",)

    def state(self) -> QueueState:
        """The queue's state; :class:`PrinterAbsent` when CUPS or the queue cannot be found."""
        shown = self._run("lpstat", "-l", "-p", self.queue)
        accepting = self._run("lpstat", "-a", self.queue)
        return parse_state(self.queue, shown, accepting)

    def check(self) -> None:
        """Raise the typed error that stops a job from printing now, if any."""
        state = self.state()
        if not state.enabled or not state.accepting:
            raise PrinterStopped(f"printer queue {self.queue!r} is stopped or not accepting jobs")
        if state.out_of_paper:
            raise PrinterOutOfPaper(f"printer queue {self.queue!r} reports no paper ({', '.join(state.reasons)})")

    def print_pdf(self, pdf: Path, *, title: str = "receipt") -> str:
        """Check the queue, send ``pdf`` as one copy, return the CUPS job id (``queue-N``)."""
        if not pdf.is_file():
            raise PrinterError(f"no document to print at {pdf}")
        self.check()
        options = [arg for option in self.options for arg in ("-o", option)]
        out = self._run("lp", "-d", self.queue, "-t", title, "-n", "1", *options, "--", str(pdf))
        found = _REQUEST_ID.search(out)
        if found is None:
            raise PrinterError(f"printer queue {self.queue!r}: lp did not say which job it queued")
        return found.group(1)

    def _run(self, tool: str, *args: str) -> str:
        binary = shutil.which(tool)
        if binary is None:
            raise PrinterAbsent(f"{tool} not found: install the CUPS clients (Debian cups-client)")
        command = [binary, *(("-h", self.server) if self.server else ()), *args]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=self.timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PrinterAbsent(f"CUPS did not answer {tool} within {self.timeout:g} s") from exc
        if done.returncode != 0:
            raise _failure(self.queue, tool, done.stderr.strip())
        return done.stdout


def _failure(queue: str, tool: str, stderr: str) -> PrinterError:
    said = stderr.lower()
    if "not accepting" in said:
        return PrinterStopped(f"printer queue {queue!r} is not accepting jobs")
    if (
        "unknown destination" in said
        or "invalid destination" in said
        or "does not exist" in said
        or "no such" in said
        or "scheduler is not running" in said
        or "unable to connect" in said
        or "connection refused" in said
    ):
        return PrinterAbsent(f"printer queue {queue!r} not found: {stderr.splitlines()[0] if stderr else tool}")
    return PrinterError(f"{tool} failed for printer queue {queue!r}: {stderr.splitlines()[0] if stderr else '?'}")


def parse_state(queue: str, shown: str, accepting: str) -> QueueState:
    """``lpstat -l -p QUEUE`` and ``lpstat -a QUEUE`` output as a :class:`QueueState`."""
    first = next((line for line in shown.splitlines() if line.startswith(f"printer {queue} ")), None)
    if first is None:
        raise PrinterAbsent(f"printer queue {queue!r} not found")
    reasons: list[str] = []
    lines = shown.splitlines()
    for n, line in enumerate(lines):
        if line.strip().startswith("Alerts:"):
            reasons += line.split(":", 1)[1].split()
        elif line.strip() == "Alerts:" and n + 1 < len(lines):
            reasons += lines[n + 1].split()
    accepts = any(
        line.startswith(f"{queue} accepting") and "not accepting" not in line for line in accepting.splitlines()
    )
    enabled = " disabled" not in first
    return QueueState(enabled=enabled, accepting=accepts, reasons=tuple(r for r in reasons if r != "none"))
