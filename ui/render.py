"""Rendering sample Views to images: the engine behind ``mynakiosk screenshots`` and the layout tests."""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtGui import QImage

from ui.app import KioskUi, build_ui
from ui.camera import FACES_DIR, load_frame
from ui.driver import SampleDriver
from ui.guidance import Audio
from ui.i18n import LANGUAGES
from ui.technician import SimBench

PREVIEW_PICTURE = FACES_DIR / "grace_hopper.jpg"
SAMPLE_TECH_PIN = "13579"  # the technician PIN of the sample UI (screenshots, tests); not a real kiosk's
TECHNICIAN_STATES = ("technician-pin", "technician-bench", "technician-maintenance")


class RenderError(RuntimeError):
    """A screenshot could not be made; the message names the sample or language."""


@contextmanager
def sample_ui(
    language: str = "ja", *, bench: SimBench | None = None, shuffle_keypad: bool = False, staffed: bool = False
) -> Iterator[tuple[KioskUi, SampleDriver]]:
    """A UI driven by the samples, with a still picture in the camera preview, silent; torn down in order.
    ``bench``: the technician's (its virtual card shows on the technician screens); ``staffed``: the site has an
    official present (the Help panel says so)."""
    driver = SampleDriver()
    ui = build_ui(
        driver,
        language=language,
        bench=bench,
        tech_pin=SAMPLE_TECH_PIN,
        audio=Audio.silent(),
        shuffle_keypad=shuffle_keypad,
        staffed=staffed,
    )
    picture = load_frame(PREVIEW_PICTURE, (640, 480))
    ui.push_frame(picture)

    def camera_off(off: bool) -> None:
        if off:
            ui.frames.remove("live")
            ui.vm.frame_stopped()
        elif not ui.frames.has("live"):
            ui.push_frame(picture)

    driver.cameraOff.connect(camera_off)
    try:
        yield ui, driver
    finally:
        ui.close()


_SINGLETONS: tuple[None, bool, bool] = (None, True, False)


@contextmanager
def none_guard() -> Iterator[None]:
    """Give back the references to ``None``, ``True`` and ``False`` that PySide 6.12 drops on Python 3.11: calls of
    bindings that return void (``processEvents``, ``QTextLayout.endLayout``) decrement None's count once each, and
    after a few thousand screens (``screenshots --check``) the interpreter aborts with "deallocating None" (or
    True/False, at exit). From Python 3.12 these objects are immortal and this does nothing."""
    before = [sys.getrefcount(x) for x in _SINGLETONS]
    try:
        yield
    finally:
        for obj, count in zip(_SINGLETONS, before, strict=True):
            lost = count - sys.getrefcount(obj)
            for _ in range(lost):
                ctypes.pythonapi.Py_IncRef(ctypes.py_object(obj))  # for good: never given back, even at exit


def settle(ui: KioskUi, rounds: int = 4) -> None:
    """Let the Loader swap pages and the layouts settle before a grab."""
    with none_guard():
        for _ in range(rounds):
            ui.app.processEvents()


def grab(ui: KioskUi) -> QImage:
    settle(ui)
    return ui.window.grabWindow()


def render_samples(
    out_dir: Path,
    languages: list[str],
    *,
    names: list[str] | None = None,
    large_text: bool = False,
    high_contrast: bool = False,
    bench: SimBench | None = None,
) -> list[Path]:
    """Write ``screen-state-lang.png`` for every sample (or those in ``names``) and language; return the paths.
    The technician screens show ``bench``'s virtual card (see :func:`sample_ui`)."""
    unknown = [lang for lang in languages if lang not in LANGUAGES]
    if unknown:
        raise RenderError(f"unknown language(s) {', '.join(unknown)}; choose from {', '.join(LANGUAGES)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    suffix = ("-large" if large_text else "") + ("-contrast" if high_contrast else "")
    written: list[Path] = []
    with sample_ui(bench=bench) as (ui, driver):

        def choose(lang: str) -> None:
            # As a resident would: the start screen undoes the last session's choices (ViewModel.show).
            ui.vm.setLanguage(lang)
            ui.vm.setLargeText(large_text)
            ui.vm.setHighContrast(high_contrast)

        wanted = names or [s.name for s in driver.samples]
        known = {s.name for s in driver.samples}
        missing = [n for n in wanted if n not in known]
        if missing:
            raise RenderError(f"no sample(s) {', '.join(missing)}; `mynakiosk screenshots --help` lists how to choose")
        for lang in languages:
            for name in wanted:
                driver.show(name)
                choose(lang)
                written.append(_save(ui, out_dir / f"{name}-{lang}{suffix}.png"))
        if names is None:
            for lang in languages:
                choose(lang)
                for name in TECHNICIAN_STATES:
                    show_technician(ui, name)
                    written.append(_save(ui, out_dir / f"{name}-{lang}{suffix}.png"))
                ui.technician.close()
    return written


def _save(ui: KioskUi, path: Path) -> Path:
    if not grab(ui).save(str(path)):
        raise RenderError(f"could not write {path}")
    return path


def show_technician(ui: KioskUi, state: str) -> None:
    """Open technician mode at its PIN prompt, or unlocked on a bench with a card in and a fault planned."""
    tech = ui.technician
    tech.close()
    tech.requestAccess()
    if state == "technician-bench":
        tech.unlock(SAMPLE_TECH_PIN)
        if not tech.property("persona"):
            tech.choosePersona("tanaka")
        tech.applyFaults("remove@12,delay=0.01")
        tech.insertCard()
    if state == "technician-maintenance":
        from ui.samples import sample_doctor_json

        tech.unlock(SAMPLE_TECH_PIN)
        tech.show_doctor(sample_doctor_json())
