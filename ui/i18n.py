"""Translations: Qt Linguist ``.ts`` sources (ID-based, one id per message key) compiled to ``.qm`` at start-up.

The ``.ts`` files in ``assets/i18n/`` are the sources we edit and commit. ``.qm`` files are build output: they are
compiled with ``pyside6-lrelease`` into a cache directory the first time they are needed (and again whenever a
``.ts`` file is newer), never committed. ``python -m ui.i18n sync`` adds keys that are new in the catalogues to both
``.ts`` files (English filled in, Japanese marked unfinished for a translator).

Japanese has no spaces, and Qt's line breaking may split a line between any two kana or kanji: 「読み取／り機」,
「くださ／い。」. Before the Japanese ``.qm`` is compiled, every translation is cut into phrases by BudouX (Google's
phrase segmenter, its model is in the wheel) and marked for Qt's text layout: WORD JOINER (U+2060) between the
characters of a phrase forbids a break there, ZERO WIDTH SPACE (U+200B) between phrases allows one. Qt honours both
(UAX #14); a phrase longer than a line is still broken anywhere rather than overflow. This happens here only: the
``.ts`` sources, the spoken prompts (``ui/guidance.py`` reads the ``.ts``) and the tests' source texts stay plain;
:func:`plain` removes the marks from a text read back from the screen.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.flows.messages import DEFAULT_LANGUAGE as DEFAULT_LANGUAGE  # the rest of ui reads both from here
from kiosk.flows.messages import LANGUAGES as LANGUAGES
from kiosk.flows.messages import MESSAGES
from ui.strings import UI_MESSAGES

if TYPE_CHECKING:
    import budoux

ROOT = Path(__file__).resolve().parents[1]
TS_DIR = ROOT / "assets" / "i18n"


class TranslationBuildError(RuntimeError):
    """The ``.qm`` files could not be built; the message says which tool or file failed."""


def catalogue() -> dict[str, str]:
    """Every key the UI translates, with its English source text (flow messages first, then the UI's own)."""
    return {**MESSAGES, **UI_MESSAGES}


def ts_path(lang: str) -> Path:
    return TS_DIR / f"mynakiosk_{lang}.ts"


def read_ts(path: Path) -> dict[str, str]:
    """Finished translations by id (unfinished or empty ones are left out)."""
    found: dict[str, str] = {}
    for message in ET.parse(path).getroot().iter("message"):  # noqa: S314 - our own committed file
        ident = message.get("id")
        translation = message.find("translation")
        if ident is None or translation is None or translation.get("type") == "unfinished":
            continue
        if translation.text:
            found[ident] = translation.text
    return found


def write_ts(path: Path, lang: str, sources: Mapping[str, str], translations: Mapping[str, str]) -> None:
    """Write an ID-based ``.ts`` file; ids without a translation are written as unfinished."""
    ts = ET.Element("TS", version="2.1", language={"ja": "ja_JP", "en": "en_US"}.get(lang, lang))
    context = ET.SubElement(ts, "context")
    ET.SubElement(context, "name").text = ""
    for ident, source in sources.items():
        message = ET.SubElement(context, "message", id=ident)
        ET.SubElement(message, "source").text = source
        translation = ET.SubElement(message, "translation")
        if ident in translations:
            translation.text = translations[ident]
        else:
            translation.set("type", "unfinished")
    ET.indent(ts)
    body = ET.tostring(ts, encoding="unicode")
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', encoding="utf-8")


def sync() -> None:
    """Bring both ``.ts`` files in line with the catalogues, keeping every existing translation."""
    sources = catalogue()
    for lang in LANGUAGES:
        path = ts_path(lang)
        existing = read_ts(path) if path.exists() else {}
        if lang == "en":
            existing = {**sources, **existing}
        write_ts(path, lang, sources, {k: v for k, v in existing.items() if k in sources})


WORD_JOINER = "\u2060"  # no break here
BREAK_HERE = "\u200b"  # a break is allowed here (zero width space)
PHRASE_MARKS_VERSION = 1  # in the .qm file name: a change of the marking rebuilds every cached catalogue
_PLACEHOLDER = re.compile(r"\{[A-Za-z0-9_.:]+\}")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
_PRIVATE_USE = 0xE000  # placeholders stand in as one private-use character each while the phrases are found
_STAND_IN = re.compile("[\ue000-\uefff]")


@functools.cache
def _parser() -> budoux.Parser:
    import budoux  # only when a .qm is built: a kiosk with compiled catalogues never loads the model

    return budoux.load_default_japanese_parser()


def mark_phrases(text: str) -> str:
    """``text`` with Japanese phrase boundaries marked for Qt's line breaking (see the module's docstring).
    ``{name}`` placeholders are kept whole and glued to their phrase; spaces and line breaks are left as they are;
    a text without Japanese is returned unchanged."""
    if not _JAPANESE.search(text):
        return text
    holders = _PLACEHOLDER.findall(text)
    stand_in = _PLACEHOLDER.sub(lambda m: chr(_PRIVATE_USE + holders.index(m.group(0))), text)
    lines = []
    for line in stand_in.split("\n"):
        phrases = _parser().parse(line) if line else []
        lines.append(BREAK_HERE.join(_join(phrase) for phrase in phrases))
    marked = "\n".join(lines)
    return _STAND_IN.sub(lambda m: holders[ord(m.group(0)) - _PRIVATE_USE], marked)


def _join(phrase: str) -> str:
    """Glue the characters of one phrase together, except around spaces (a break there stays allowed)."""
    out: list[str] = []
    for ch in phrase:
        if out and not ch.isspace() and not out[-1].isspace():
            out.append(WORD_JOINER)
        out.append(ch)
    return "".join(out)


def plain(text: str) -> str:
    """A text as read back from the screen without its phrase marks."""
    return text.replace(WORD_JOINER, "").replace(BREAK_HERE, "")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(os.environ.get("MYNAKIOSK_I18N_CACHE", str(Path(base) / "mynakiosk" / "i18n")))


def _lrelease() -> str:
    beside_python = Path(sys.executable).with_name("pyside6-lrelease")
    found = str(beside_python) if beside_python.exists() else shutil.which("pyside6-lrelease")
    if found is None:
        raise TranslationBuildError("pyside6-lrelease not found: run scripts/bootstrap to install PySide6")
    return found


def build_qm(out_dir: Path | None = None) -> dict[str, Path]:
    """Compile every ``.ts`` into ``out_dir`` (the cache by default) when missing or stale; return lang -> path."""
    out = out_dir or cache_dir()
    out.mkdir(parents=True, exist_ok=True)
    built: dict[str, Path] = {}
    for lang in LANGUAGES:
        source = ts_path(lang)
        target = out / f"mynakiosk_{lang}.p{PHRASE_MARKS_VERSION}.qm"
        if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
            # Write to temporary names first so two kiosks starting at once never load half a file.
            partial = target.with_suffix(f".{os.getpid()}.tmp")
            marked = target.with_suffix(f".{os.getpid()}.ts")
            # Every message of the .ts as it is on disk (not this process's catalogue, which may be older).
            translations = {k: mark_phrases(v) for k, v in read_ts(source).items()}
            write_ts(marked, lang, {k: k for k in translations}, translations)
            try:
                result = subprocess.run(
                    [_lrelease(), "-silent", "-idbased", str(marked), "-qm", str(partial)],
                    capture_output=True,
                    text=True,
                    check=False,
                )
            finally:
                marked.unlink(missing_ok=True)
            if result.returncode != 0 or not partial.exists():
                raise TranslationBuildError(f"pyside6-lrelease failed on {source}: {result.stderr.strip()}")
            partial.replace(target)
        built[lang] = target
    return built


if __name__ == "__main__":
    if sys.argv[1:] == ["sync"]:
        sync()
    elif sys.argv[1:] == ["build"]:
        for language, qm in build_qm().items():
            print(language, qm)
    else:
        sys.exit("usage: python -m ui.i18n sync|build")
