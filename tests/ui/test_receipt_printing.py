"""Receipts through a real CUPS queue: a private cupsd (its own folder and socket) with a cups-pdf queue prints the
receipt to a PDF we read back (pdftotext) and render (pdftoppm); a stopped, absent or unreachable printer gives its
own typed error and its own words on the screen, and the result screen stays."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTranslator, qtTrId
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from drivers.printer import CupsPrinter, PrinterAbsent, PrinterStopped, parse_state
from kiosk.flows.view import View
from ui import i18n
from ui.app import build_ui
from ui.driver import SampleDriver
from ui.receipt import print_receipt
from ui.render import grab
from ui.samples import samples

from .qml_tree import centre, one, text_of, visible_items

QUEUE = "mynakiosk-receipts"
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
# pdftocairo: CUPS's default PDF-to-PostScript step (Ghostscript) loses the text layer of the CJK fonts, so
# pdftotext would read nothing back from cups-pdf's PDF (paper does not care).
TEXT_KEPT = ("-o", "pdftops-renderer-default=pdftocairo")
NEEDED = ("cupsd", "lpadmin", "lp", "lpstat", "cupsdisable", "cupsenable", "pdftotext", "pdftoppm")

CUPSD_CONF = """Listen {sock}
LogLevel warn
WebInterface No
Browsing Off
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""
CUPS_FILES_CONF = """ServerRoot {d}/etc
RequestRoot {d}/spool
CacheDir {d}/cache
StateDir {d}/state
TempDir {d}/tmp
AccessLog {d}/log/access_log
ErrorLog {d}/log/error_log
PageLog {d}/log/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
User lp
Group lp
SystemGroup root
Sandboxing Relaxed
"""


def _tool(name: str) -> str:
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin") or name


@pytest.fixture(scope="module")
def cups() -> Iterator[str]:
    """A private CUPS scheduler with one cups-pdf queue; yields its socket (``lp -h``). Debian ``cups``,
    ``printer-driver-cups-pdf`` and ``poppler-utils`` (scripts/bootstrap installs them)."""
    missing = [t for t in NEEDED if not (shutil.which(t) or shutil.which(t, path="/usr/sbin:/usr/bin"))]
    if missing or not CUPS_PDF_PPD.exists():
        pytest.skip(f"CUPS test printer not installed ({', '.join(missing) or CUPS_PDF_PPD}); run scripts/bootstrap")
    if os.geteuid() != 0:
        pytest.skip("a private cupsd needs root here (its backends run as lp, cups-pdf as root)")
    # Not under pytest's tmp_path: its folders are 0700, and the filters run as lp must reach their files.
    d = Path(tempfile.mkdtemp(prefix="mynakiosk-cups-"))
    for sub in ("etc", "spool", "cache", "state", "tmp", "log"):
        (d / sub).mkdir()
    d.chmod(0o755)
    (d / "tmp").chmod(0o1777)  # the filters' scratch space, like /tmp
    sock = str(d / "cups.sock")
    (d / "etc" / "cupsd.conf").write_text(CUPSD_CONF.format(sock=sock))
    (d / "etc" / "cups-files.conf").write_text(CUPS_FILES_CONF.format(d=d))
    cupsd = subprocess.Popen(
        [_tool("cupsd"), "-f", "-c", str(d / "etc" / "cupsd.conf"), "-s", str(d / "etc" / "cups-files.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while subprocess.run([_tool("lpstat"), "-h", sock, "-r"], capture_output=True, text=True).stdout.strip() != (
            "scheduler is running"
        ):
            assert cupsd.poll() is None, f"cupsd stopped: see {d / 'log' / 'error_log'}"
            assert time.monotonic() < deadline, "cupsd did not start within 20 s"
            time.sleep(0.2)
        subprocess.run(
            [_tool("lpadmin"), "-h", sock, "-p", QUEUE, "-E", "-v", "cups-pdf:/", "-P", str(CUPS_PDF_PPD), *TEXT_KEPT],
            check=True,
            capture_output=True,
        )
        yield sock
    finally:
        cupsd.terminate()
        cupsd.wait(timeout=20)
        shutil.rmtree(d, ignore_errors=True)


@pytest.fixture
def japanese(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    translator = QTranslator()
    assert translator.load(str(i18n.build_qm(tmp_path / "qm")["ja"]))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def _sample(name: str) -> View:
    return next(s.view for s in samples() if s.name == name)


def _printed(job: str, since: float, timeout: float = 120.0) -> Path:
    """The PDF cups-pdf wrote for ``job`` (``<user>_..._job_<n>.pdf`` in the submitter's ~/PDF, or the anonymous
    folder): Ghostscript on a shared 2-core machine can take a while."""
    number = job.rsplit("-", 1)[1]
    folders = [Path.home() / "PDF", Path("/var/spool/cups-pdf/ANONYMOUS")]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for folder in folders:
            for pdf in folder.glob(f"*job_{number}.pdf") if folder.is_dir() else ():
                if pdf.stat().st_mtime >= since - 1 and pdf.stat().st_size > 0:
                    time.sleep(0.5)  # let cups-pdf finish writing
                    return pdf
        time.sleep(0.5)
    raise AssertionError(f"no PDF for job {job} in {', '.join(map(str, folders))} within {timeout:g} s")


def test_a_receipt_prints_through_cups_with_the_number_and_no_personal_data(
    cups: str, japanese: None, tmp_path: Path, qapp: QApplication
) -> None:
    view = _sample("result-renewal_done")
    number = str(view.params["application_number"])
    # Whatever else a View carries, only the receipt's numbers are filled in: a body that asked for the name, the
    # birth date or the address would get its placeholders back, not the data.
    personal = {"name": "田中 太郎", "birth_date": "19810314", "address": "千代田区霞が関1-2-3"}
    view = View(view.screen, view.flow, view.title, view.body, params={**view.params, **personal},
                actions=view.actions, step=view.step, total_steps=view.total_steps)  # fmt: skip

    def translate(key: str) -> str:
        return ("{name} {birth_date} {address} " if key == view.body else "") + qtTrId(key)

    printer = CupsPrinter(QUEUE, server=cups)
    since = time.time()
    jobs_before = set(Path.home().joinpath("PDF").glob("*.pdf")) if Path.home().joinpath("PDF").is_dir() else set()
    assert print_receipt(view, translate, printer, tmp_path / "kept", font_family="Noto Sans CJK JP") == (
        "ui.receipt.saved"
    )
    listed = subprocess.run([_tool("lpstat"), "-h", cups, "-W", "all", "-o", QUEUE], capture_output=True, text=True)
    job = (listed.stdout.split() or [f"{QUEUE}-1"])[0]
    pdf = _printed(job, since)
    try:
        text = subprocess.run(
            [_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert number in text
        for value in ("田中", "太郎", "19810314", "1981", "霞が関"):
            assert value not in text, f"personal data {value!r} on the receipt"
        assert "申請番号" in text and "交付のお知らせ" in text  # the label of the number and the next steps
        png_prefix = tmp_path / "receipt"
        subprocess.run([_tool("pdftoppm"), "-r", "80", "-png", "-singlefile", str(pdf), str(png_prefix)], check=True)
        image = QImage(str(png_prefix.with_suffix(".png")))
        assert image.height() > image.width() > 200, "an A6 portrait page"
        dark = sum(
            1
            for y in range(0, image.height(), 4)
            for x in range(0, image.width(), 4)
            if image.pixelColor(x, y).lightness() < 100
        )
        assert dark > 50, "something is printed on the page"
        keep = os.environ.get("MYNAKIOSK_KEEP_RECEIPT_PNG")
        if keep:
            shutil.copy(png_prefix.with_suffix(".png"), keep)
    finally:
        if pdf not in jobs_before:
            pdf.unlink(missing_ok=True)


def test_a_stopped_queue_says_so_and_prints_nothing(cups: str, japanese: None, tmp_path: Path) -> None:
    subprocess.run([_tool("cupsdisable"), "-h", cups, QUEUE], check=True)
    try:
        printer = CupsPrinter(QUEUE, server=cups)
        with pytest.raises(PrinterStopped, match=QUEUE):
            printer.check()
        key = print_receipt(_sample("result-renewal_done"), qtTrId, printer, None, font_family="Noto Sans CJK JP")
        assert key == "ui.receipt.printer_stopped"
    finally:
        subprocess.run([_tool("cupsenable"), "-h", cups, QUEUE], check=True)
    assert CupsPrinter(QUEUE, server=cups).state().enabled


def test_an_absent_printer_or_scheduler_is_a_typed_error(cups: str, tmp_path: Path) -> None:
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(PrinterAbsent, match="no-such-queue"):
        CupsPrinter("no-such-queue", server=cups).print_pdf(pdf)
    with pytest.raises(PrinterAbsent):
        CupsPrinter(QUEUE, server=str(tmp_path / "nobody-listens.sock"), timeout=10).print_pdf(pdf)


def test_out_of_paper_is_read_from_the_queues_alerts() -> None:
    shown = f"printer {QUEUE} is idle.  enabled since today\n\tAlerts: media-empty-error media-needed-warning\n"
    state = parse_state(QUEUE, shown, f"{QUEUE} accepting requests since today\n")
    assert state.enabled and state.accepting and state.out_of_paper
    calm = parse_state(QUEUE, f"printer {QUEUE} is idle.  enabled since today\n\tAlerts: none\n", f"{QUEUE} accepting")
    assert not calm.out_of_paper and calm.reasons == ()


def test_the_screen_says_the_printer_is_missing_and_keeps_the_number(cups: str, qapp: QApplication) -> None:
    driver = SampleDriver()
    ui = build_ui(driver, printer=CupsPrinter("no-such-queue", server=cups))
    try:
        driver.show("result-renewal_done")
        ui.vm.setLanguage("en")
        grab(ui)
        point = centre(one(ui, "action_receipt")).toPoint()
        QTest.mouseClick(ui.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        grab(ui)
        assert ui.vm.property("notice") == "ui.receipt.no_printer"
        texts = [text_of(i) for i in visible_items(ui) if i.inherits("QQuickText")]
        said = "The printer is not available. Please note the number on the screen."
        assert any(said in t for t in texts), texts[-6:]
        number = str(_sample("result-renewal_done").params["application_number"])
        assert text_of(one(ui, "referenceNumber")) == number, "the number stays on screen, in its own box"
    finally:
        ui.close()
