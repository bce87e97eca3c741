"""Offline speech synthesis: Open JTalk with the HTS voice "Mei" for Japanese, eSpeak NG for English.

Each engine runs as a subprocess with a time limit, reads the text on its standard input (never on the command
line, where every process could read it) and writes a WAV file into a private temporary folder; the WAV bytes are
returned and the folder is removed. Failures raise :class:`SpeechError` subclasses whose messages never contain the
text. :class:`SpeechCache` keeps recent prompts (the kiosk's prompts are fixed translations, so a small LRU saves
almost every synthesis after the first session).

The Japanese voice file is installed by ``scripts/fetch-voice`` into ``assets/voices/`` (never downloaded at run
time); ``MYNAKIOSK_VOICES`` overrides the folder, e.g. for a packaged kiosk.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import threading
import wave
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

VOICES_ENV = "MYNAKIOSK_VOICES"
MEI_FILE = "mei_normal.htsvoice"
NAIST_JDIC = Path("/var/lib/mecab/dic/open-jtalk/naist-jdic")  # Debian's open-jtalk-mecab-naist-jdic
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_CACHE_BYTES = 16 * 1024 * 1024  # about 40 Japanese prompts at 48 kHz; the kiosk has about 30 per language


class SpeechError(RuntimeError):
    """Speech could not be made; the message names the engine and why, never the text."""


class EngineUnavailable(SpeechError):
    """The engine, its dictionary or its voice is not installed (the message says what to install)."""


class SynthesisFailed(SpeechError):
    """The engine ran but gave no usable WAV."""


class SynthesisTimeout(SynthesisFailed):
    """The engine did not finish within its time limit (it was killed)."""


class Voice(Protocol):
    """One language's voice: ``synthesize`` returns a complete WAV file (bytes) or raises :class:`SpeechError`."""

    @property
    def language(self) -> str: ...

    @property
    def name(self) -> str: ...

    def synthesize(self, text: str) -> bytes: ...


def default_voices_dir() -> Path:
    """The folder named by ``MYNAKIOSK_VOICES``, else ``assets/voices`` of this checkout."""
    folder = os.environ.get(VOICES_ENV)
    return Path(folder) if folder else Path(__file__).resolve().parents[2] / "assets" / "voices"


def wav_duration(data: bytes) -> float:
    """Seconds of audio in a WAV file; raises :class:`SynthesisFailed` when it is not a WAV with frames."""
    try:
        with wave.open(io.BytesIO(data)) as wav:
            frames, rate = int(wav.getnframes()), int(wav.getframerate())
    except (wave.Error, EOFError) as exc:
        raise SynthesisFailed(f"not a WAV file ({exc})") from exc
    if frames == 0 or rate == 0:
        raise SynthesisFailed("the WAV file holds no audio")
    return float(frames / rate)


def _run_engine(engine: str, argv: list[str], text: str, timeout_s: float) -> bytes:
    """Run ``argv`` + the output path with ``text`` on stdin; return the WAV it wrote."""
    with tempfile.TemporaryDirectory(prefix="mynakiosk-tts-") as tmp:  # mkdtemp: mode 0700, ours alone
        out = Path(tmp) / "speech.wav"
        try:
            result = subprocess.run(
                [*argv, str(out)],
                input=text.encode("utf-8"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=timeout_s,
                check=False,
            )
        except FileNotFoundError as exc:
            raise EngineUnavailable(f"{engine}: {argv[0]} is not installed") from exc
        except subprocess.TimeoutExpired as exc:
            raise SynthesisTimeout(f"{engine} took longer than {timeout_s:.0f} s and was stopped") from exc
        if result.returncode != 0:
            # stderr is left out on purpose: an engine may echo its input.
            raise SynthesisFailed(f"{engine} exited with status {result.returncode}")
        try:
            data = out.read_bytes()
        except OSError as exc:
            raise SynthesisFailed(f"{engine} wrote no WAV file") from exc
    wav_duration(data)
    return data


@dataclass(frozen=True)
class OpenJTalkVoice:
    """Japanese: Open JTalk (Debian ``open-jtalk``) with the NAIST dictionary and the HTS voice "Mei".

    ``speed`` below 1 speaks a little slower than the voice's natural rate (residents are often elderly)."""

    voice_file: Path
    dictionary: Path = NAIST_JDIC
    binary: str = "open_jtalk"
    speed: float = 0.9
    timeout_s: float = DEFAULT_TIMEOUT_S
    language: str = "ja"
    name: str = "open_jtalk/mei_normal"

    def missing(self) -> str | None:
        """What is not installed (one sentence with the fix), or None when the voice can speak."""
        if shutil.which(self.binary) is None:
            return f"{self.binary} not found: apt-get install open-jtalk"
        if not (self.dictionary / "sys.dic").is_file():
            return f"no Open JTalk dictionary in {self.dictionary}: apt-get install open-jtalk-mecab-naist-jdic"
        if not self.voice_file.is_file():
            return f"no HTS voice {self.voice_file}: run scripts/fetch-voice"
        return None

    def synthesize(self, text: str) -> bytes:
        # One line: open_jtalk reads its input line by line and only one line's speech ends up in the -ow file.
        line = " ".join(text.split())
        if not line:
            raise SynthesisFailed("open_jtalk: nothing to say")
        argv = [self.binary, "-x", str(self.dictionary), "-m", str(self.voice_file), "-r", f"{self.speed:.2f}"]
        return _run_engine("open_jtalk", [*argv, "-ow"], line, self.timeout_s)


@dataclass(frozen=True)
class EspeakVoice:
    """English: eSpeak NG (Debian ``espeak-ng``), American English, slower than its default 175 words a minute,
    with a short pause between words so each one stands out."""

    voice: str = "en-us"
    words_per_minute: int = 140
    word_gap: int = 2  # units of 10 ms at the default speed
    binary: str = "espeak-ng"
    timeout_s: float = DEFAULT_TIMEOUT_S
    language: str = "en"
    name: str = "espeak-ng/en-us"

    def missing(self) -> str | None:
        if shutil.which(self.binary) is None:
            return f"{self.binary} not found: apt-get install espeak-ng"
        return None

    def synthesize(self, text: str) -> bytes:
        line = " ".join(text.split())
        if not line:
            raise SynthesisFailed("espeak-ng: nothing to say")
        argv = [self.binary, "-v", self.voice, "-s", str(self.words_per_minute), "-g", str(self.word_gap), "-w"]
        return _run_engine("espeak-ng", argv, line, self.timeout_s)


@dataclass
class Discovery:
    """The voices that can speak, by language, and for each language without one: why not."""

    voices: dict[str, Voice] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)


def discover(voices_dir: Path | None = None) -> Discovery:
    """Which offline voices this machine has (Japanese: Open JTalk + Mei; English: eSpeak NG)."""
    found = Discovery()
    candidates: list[OpenJTalkVoice | EspeakVoice] = [
        OpenJTalkVoice(voice_file=(voices_dir or default_voices_dir()) / MEI_FILE),
        EspeakVoice(),
    ]
    for voice in candidates:
        reason = voice.missing()
        if reason is None:
            found.voices[voice.language] = voice
        else:
            found.missing[voice.language] = reason
    return found


class SpeechCache:
    """Synthesizes through the voice of each language and keeps the most recently used WAVs (LRU keyed by
    language and text, bounded in bytes). Thread-safe: the player and a warm-up thread may use it at once."""

    def __init__(self, voices: Mapping[str, Voice], max_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        self._voices = dict(voices)
        self._max_bytes = max_bytes
        self._items: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(self._voices)

    def cached(self, language: str, text: str) -> bool:
        with self._lock:
            return (language, text) in self._items

    def synthesize(self, language: str, text: str) -> bytes:
        key = (language, text)
        with self._lock:
            data = self._items.get(key)
            if data is not None:
                self._items.move_to_end(key)
                self.hits += 1
                return data
            self.misses += 1
        voice = self._voices.get(language)
        if voice is None:
            raise EngineUnavailable(f"no voice for language {language!r}")
        data = voice.synthesize(text)  # outside the lock: it takes a while
        with self._lock:
            if key not in self._items and len(data) <= self._max_bytes:
                self._items[key] = data
                self._bytes += len(data)
                while self._bytes > self._max_bytes:
                    _, dropped = self._items.popitem(last=False)
                    self._bytes -= len(dropped)
        return data

    def warm(self, prompts: Iterable[tuple[str, str]]) -> int:
        """Synthesize ``(language, text)`` pairs ahead of need; return how many are cached (errors are skipped:
        the same prompt will fail again, and be reported, when it is really needed)."""
        done = 0
        for language, text in prompts:
            try:
                self.synthesize(language, text)
            except SpeechError:
                continue
            done += 1
        return done
