"""Building the Qt Quick UI: application, fonts, translations, view-model, image provider, QML engine.

:func:`build_ui` wires one window to a driver (the real flows or the samples) and returns the parts so a caller
(the demo, ``screenshots``, tests, the benchmark) can drive it. Set ``QT_QPA_PLATFORM=offscreen`` to run it with
no display.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QTranslator, qtTrId
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QImage
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow

from drivers.printer import CupsPrinter
from kiosk.flows.view import Screen, View
from kiosk.site_config import Helpline
from ui import i18n
from ui.camera import FrameProvider, to_qimage
from ui.guidance import Audio, Guide, warm_keys
from ui.help import Help
from ui.qmlmodule import Display
from ui.receipt import ReceiptError, print_receipt, write_receipt
from ui.technician import SimBench, TechnicianModel
from ui.viewmodel import Driver, ViewModel

QML_DIR = Path(__file__).resolve().parent / "qml"
FONT_FAMILY = "Noto Sans CJK JP"
# Where Debian's fonts-noto-cjk puts the faces; loaded explicitly so fontconfig's fallback never picks a Chinese
# variant for a kanji (or nothing at all: tofu).
FONT_FILES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
)
DEFAULT_PX_PER_MM = 4.0  # a 21.5-inch 1080x1920 panel in portrait


class UiError(RuntimeError):
    """The UI cannot start; the message says what to install or fix."""


@dataclass
class KioskUi:
    app: QGuiApplication
    engine: QQmlApplicationEngine
    window: QQuickWindow
    vm: ViewModel
    frames: FrameProvider
    translations: Translations
    technician: TechnicianModel
    guide: Guide

    def close(self) -> None:
        """Silence the guide, close the window and destroy the engine (and the view-models it owns), in that order."""
        self.guide.close()
        self.window.close()
        shiboken6.delete(self.engine)

    def push_frame(self, frame: object, name: str = "live") -> None:
        """Show a BGR frame in the preview (``live``) or as the photo under review (``photo``)."""
        image = frame if isinstance(frame, QImage) else to_qimage(frame)
        self.frames.set_image(name, image)
        self.vm.frame_arrived(live=name == "live")


class Translations:
    """The installed translator: Japanese by default, swapped when the resident picks another language."""

    def __init__(self, app: QGuiApplication, qm_files: dict[str, Path]) -> None:
        self._app = app
        self._translators: dict[str, QTranslator] = {}
        for lang, path in qm_files.items():
            translator = QTranslator(app)
            if not translator.load(str(path)):
                raise UiError(f"cannot load translation {path}: delete the cache directory and start again")
            self._translators[lang] = translator
        self._current: str | None = None
        self.engine: QQmlApplicationEngine | None = None

    def set(self, lang: str) -> None:
        if lang not in self._translators:
            raise UiError(f"no translation for language {lang!r}; available: {', '.join(self._translators)}")
        if self._current is not None:
            self._app.removeTranslator(self._translators[self._current])
        self._app.installTranslator(self._translators[lang])
        self._current = lang
        if self.engine is not None:
            self.engine.retranslate()


def load_fonts(app: QGuiApplication) -> str:
    """Load the CJK font and make it the application font; raise :class:`UiError` if it is not installed."""
    for path in FONT_FILES:
        if path.exists():
            QFontDatabase.addApplicationFont(str(path))
    if FONT_FAMILY not in QFontDatabase.families():
        raise UiError(f"font {FONT_FAMILY!r} is missing, Japanese would show as boxes: apt-get install fonts-noto-cjk")
    font = QFont(FONT_FAMILY)
    font.setPixelSize(32)
    app.setFont(font)
    return FONT_FAMILY


def application() -> QGuiApplication:
    """The process's Qt application (made here when there is none, e.g. outside pytest-qt)."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    return QGuiApplication(sys.argv[:1])


def build_ui(
    driver: Driver,
    *,
    language: str = i18n.DEFAULT_LANGUAGE,
    bench: SimBench | None = None,
    px_per_mm: float | None = None,
    initial: View | None = None,
    tech_pin: str | None = None,
    receipt_dir: Path | None = None,
    audio: Audio | None = None,
    site_config: Path | None = None,
    shuffle_keypad: bool = False,
    printer: CupsPrinter | None = None,
    helpline: Helpline | None = None,
    staffed: bool = False,
) -> KioskUi:
    """Create the window for ``driver``; if the driver has a ``viewReady`` signal its Views are shown as they come.

    ``audio`` is what the guide plays through; by default :meth:`Audio.from_environment` (sound on unless
    ``MYNAKIOSK_AUDIO=off``). Screenshots and layout tests pass :meth:`Audio.silent`. ``site_config``: the kiosk is
    in service with that configuration (see ``ui.technician.TechnicianModel``). ``shuffle_keypad``: the site wants
    PIN keypads reshuffled for every entry (by default they keep the familiar 1-9/0 order). ``printer``: the CUPS
    queue receipts go to (by default ``$MYNAKIOSK_PRINTER``, else none: receipts are only written as PDF files).
    ``helpline``: what the Help button shows (default: the national My Number toll-free line); ``staffed``: an
    official is present, so Help may also say to ask them."""
    app = application()
    family = load_fonts(app)
    translations = Translations(app, i18n.build_qm())
    translations.set(language)
    # Everything QML reads is a child of the engine: QML gets them as singletons of the MynaKiosk module (each
    # class's create() hands over the engine's own; see ui.qmlmodule), and they outlive every binding that reads them.
    engine = QQmlApplicationEngine()
    frames = FrameProvider()

    def show_photo(jpeg: bytes | None) -> None:
        if jpeg is None:
            frames.remove("photo")
        else:
            frames.set_image("photo", QImage.fromData(jpeg))
        vm.frame_arrived(live=False)

    if printer is None and os.environ.get("MYNAKIOSK_PRINTER"):
        printer = CupsPrinter(os.environ["MYNAKIOSK_PRINTER"])
    receipts = receipt_dir or (
        Path(os.environ["MYNAKIOSK_RECEIPT_DIR"]) if "MYNAKIOSK_RECEIPT_DIR" in os.environ else None
    )

    def on_act(view: View, action_id: str) -> str:
        if action_id != "receipt" or view.screen is not Screen.RESULT:
            return ""
        if printer is not None:
            return print_receipt(view, qtTrId, printer, receipts, font_family=family)
        if receipts is None:
            return "ui.receipt.unavailable"
        try:
            write_receipt(view, qtTrId, receipts, font_family=family)
        except (ReceiptError, OSError):
            return "ui.receipt.failed"
        return "ui.receipt.saved"

    vm = ViewModel(
        driver,
        set_language=translations.set,
        language=language,
        photo_sink=show_photo,
        on_act=on_act,
        shuffle_keypad=shuffle_keypad,
        parent=engine,
    )
    technician = TechnicianModel(bench or SimBench(), pin=tech_pin, site_config=site_config, parent=engine)
    guide = Guide(vm, audio if audio is not None else Audio.from_environment(), parent=engine)
    desk_help = Help(helpline or Helpline(), staffed=staffed, parent=engine)
    vm.sessionEnded.connect(desk_help.close)
    translations.engine = engine
    engine.addImageProvider("camera", frames)
    density = px_per_mm or float(os.environ.get("MYNAKIOSK_PX_PER_MM", DEFAULT_PX_PER_MM))
    Display(font_family=family, px_per_mm=density, parent=engine)

    ready = getattr(driver, "viewReady", None)
    if ready is not None:
        ready.connect(vm.show)
    start = initial or getattr(driver, "view", None)
    if isinstance(start, View):
        vm.show(start)

    engine.load(QML_DIR / "Main.qml")
    roots = engine.rootObjects()
    if not roots or not isinstance(roots[0], QQuickWindow):
        raise UiError(f"{QML_DIR / 'Main.qml'} did not load: see the QML errors above")
    guide.warm_up(warm_keys(i18n.catalogue()))
    return KioskUi(app, engine, roots[0], vm, frames, translations, technician, guide)
