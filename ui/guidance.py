"""Sound cues and spoken guidance: what the resident hears when the screen changes.

:class:`Guide` watches the view-model. When a new screen (or the idle question) appears it plays the fitting cue
and speaks the screen's main prompt, its title and key instruction, built from the same translated message keys
the screen shows, in the current language. Changing the language speaks the prompt again in the new language;
the footer's voice toggle switches speech off and on (cues follow their own setting).

Privacy rule: nothing personal is ever spoken. The prompt is made from message keys only; nothing from
``View.data`` is read, and of ``View.params`` only the names in :data:`SPEAKABLE_PARAMS` (counts, seconds, a turn's
direction; never numbers or dates that identify a person or an application) are filled in. A sentence that needs
any other parameter is left out of the speech (the screen still shows it).

Sound never stops the kiosk: synthesis and playback run on the player's worker thread; a machine without a voice,
without ``aplay`` or without a sound card stays silent, says so once in the log, and works as before.
Configuration (environment): ``MYNAKIOSK_AUDIO=off`` (no sound at all), ``MYNAKIOSK_VOICE_GUIDE=off`` (the voice
toggle starts off), ``MYNAKIOSK_SOUND_CUES=off`` (no cues), ``MYNAKIOSK_AUDIO_DEVICE`` (the ALSA device),
``MYNAKIOSK_VOICES`` (where the Japanese voice file is).
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from pathlib import Path

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlSingleton, QQmlEngine

from drivers.audio.player import AplayPlayer, Clip, Player, SilentPlayer
from drivers.audio.speech import DEFAULT_CACHE_BYTES, SpeechCache, discover
from kiosk.flows.view import Screen, View
from ui import i18n, qmlmodule
from ui.viewmodel import OVERLAY_SCREENS, ViewModel

QML_IMPORT_NAME = qmlmodule.NAME  # @QmlElement registers Guide in the screens' QML module (see ui.qmlmodule)
QML_IMPORT_MAJOR_VERSION = qmlmodule.MAJOR_VERSION

log = logging.getLogger(__name__)

SOUNDS_DIR = Path(__file__).resolve().parents[1] / "assets" / "sounds"
AUDIO_ENV = "MYNAKIOSK_AUDIO"
VOICE_ENV = "MYNAKIOSK_VOICE_GUIDE"
CUES_ENV = "MYNAKIOSK_SOUND_CUES"

# The only View.params ever spoken: how many tries or seconds are left, which attempt, how many applications wait.
# Everything else (reference and application numbers, dates, pick-up slots, report figures) is never spoken.
SPEAKABLE_PARAMS = frozenset({"tries_left", "seconds", "attempt", "pending", "direction"})
# Screens a staff member uses: no speech and no cues to the room.
STAFF_SCREENS = frozenset({Screen.STAFF_LOGIN, Screen.STAFF_HOME, Screen.STAFF_REPORT})
HINT_MIN_GAP_S = 4.0  # live camera hints: at most one spoken every 4 s ...
HINT_REPEAT_S = 10.0  # ... and the same hint not again within 10 s
# The message keys of the first screens a resident meets (start, service menu, place the card), by prefix: their
# prompts are synthesized ahead, so the first resident does not wait for the speech engine.
WARM_PREFIXES = ("attract.", "services.", "card.place.")
WARM_DELAY_MS = 3000  # leave the cores to the start-up first

_PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_.:]+)\}")
_SENTENCE_END = re.compile(r"(?<=[。！？])|(?<=[.!?])\s+")
_JA_GAP = re.compile(r"(?<=[。！？])\s+")  # Japanese sentences follow each other without a space


class Cue(StrEnum):
    CARD = "card"  # the card is detected: reading starts
    STEP = "step"  # a step succeeded, the next one starts
    ATTENTION = "attention"  # last PIN try, "are you still there?", keep the card in place, what the kiosk cannot do
    ERROR = "error"
    FINISHED = "finished"  # the session is done


def _switch(name: str, default: bool = True) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if value in {"0", "off", "no", "false"}:
        return False
    if value in {"1", "on", "yes", "true"}:
        return True
    return default


# --- what is said ----------------------------------------------------------------------------------------------------
def speakable(text: str, params: Mapping[str, object]) -> str:
    """``text`` with its whitelisted placeholders filled in and every sentence that needs any other value left out."""
    kept = []
    for sentence in _SENTENCE_END.split(text):
        names = set(_PLACEHOLDER.findall(sentence))
        if names - SPEAKABLE_PARAMS or any(n not in params for n in names):
            continue
        kept.append(_PLACEHOLDER.sub(lambda m: str(params[m.group(1)]), sentence).strip())
    return _JA_GAP.sub("", " ".join(s for s in kept if s))


def sentences(text: str) -> list[str]:
    """The sentences of an utterance (each is synthesized, cached and played on its own)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def prompt_keys(view: View) -> list[str]:
    """The message keys of a View's spoken prompt, in order: the error (when the screen carries one), the title,
    the body, the tries-left counter where the screen shows one, and on screens without a live camera the hints
    (weak-PIN reasons, "take your card")."""
    keys: list[str] = []
    if view.error and view.screen is not Screen.ERROR:
        keys += [f"error.{view.error}.title", f"error.{view.error}.body"]
    keys += [view.title, view.body, tries_left_key(view)]
    if not view.camera:
        keys += list(view.hints)
    unique: list[str] = []
    for key in keys:
        if key and key not in unique:
            unique.append(key)
    return unique


def tries_left_key(view: View) -> str:
    """The words of the one tries-left counter (``TriesLeft.qml``) when ``view`` shows it, else "": the screen
    shows the count once, in the counter, and the guide says that same sentence."""
    tries = view.params.get("tries_left")
    shown = view.entry is not None or (view.screen is Screen.CARD_FRONT_ENTRY and not view.camera)
    if not shown or not isinstance(tries, int) or isinstance(tries, bool) or tries <= 0:
        return ""
    return "ui.tries_left.last" if tries == 1 else "ui.tries_left.warn" if tries == 2 else "ui.tries_left"


def join_sentences(parts: Iterable[str], language: str) -> str:
    """One utterance: parts separated by a full stop where they have none (titles often end without one)."""
    stop = "。" if language == "ja" else "."
    out = []
    for part in (p.strip() for p in parts):
        if part:
            out.append(part if part[-1] in "。．！？.!?" else part + stop)
    return ("" if language == "ja" else " ").join(out)


def prompt_text(view: View, texts: Mapping[str, str], language: str) -> str:
    """What the guide says for ``view`` (empty for staff screens). Reads keys and speakable params, never data."""
    if view.screen in STAFF_SCREENS:
        return ""
    params = {k: v for k, v in view.params.items() if k in SPEAKABLE_PARAMS}
    return join_sentences((speakable(texts.get(k, ""), params) for k in prompt_keys(view)), language)


def cue_for(previous: View | None, view: View) -> Cue | None:
    """The cue for moving from ``previous`` to ``view`` (None: just speech, or nothing)."""
    entered = previous is None or previous.screen is not view.screen
    if view.screen is Screen.ERROR and entered:
        return Cue.ERROR
    if view.error and view.screen not in STAFF_SCREENS:
        if previous is None or (previous.screen, previous.error, previous.params) != (
            view.screen,
            view.error,
            view.params,
        ):
            return Cue.ERROR  # a wrong PIN again is a new error, even on the same screen
    if view.screen in STAFF_SCREENS:
        return None
    if view.screen is Screen.CARD_RETURN:
        # "Take your card": the attention notes; each later reminder the error notes, and the words again.
        if entered:
            return Cue.ATTENTION
        return Cue.ERROR if previous is not None and previous.params != view.params else None
    if entered and view.screen in (Screen.LAST_TRY_WARNING, Screen.IDLE_WARNING, Screen.INFO):
        return Cue.ATTENTION
    if entered and view.screen is Screen.WORKING and view.keep_card:
        return Cue.ATTENTION  # writing to the card: it must stay in place
    if entered and view.screen is Screen.RESULT:
        return Cue.FINISHED
    if entered and view.screen is Screen.READING:
        return Cue.CARD
    if (
        previous is not None
        and previous.flow is not None
        and previous.flow == view.flow
        and 0 < previous.step < view.step
    ):
        return Cue.STEP
    return None


def _identity(view: View) -> tuple[object, ...]:
    """What makes a prompt new: not its params (an idle countdown or a progress bar must not re-speak it)."""
    hints = () if view.camera else view.hints
    return (view.screen, view.title, view.body, view.error, hints)


# --- the parts -------------------------------------------------------------------------------------------------------
VOLUME_STEPS = 5
"""The on-screen volume has this many steps; the top one plays clips as they are, each step below is 6 dB quieter."""


def volume_gain(level: int) -> float:
    """The amplitude factor of volume step ``level`` (1..VOLUME_STEPS)."""
    return float(10 ** (-6 * (VOLUME_STEPS - min(VOLUME_STEPS, max(1, level))) / 20))


@dataclass
class Audio:
    """The sound parts a :class:`Guide` uses: a player, the speech cache (None: no speech) and the cue WAVs."""

    player: Player = field(default_factory=SilentPlayer)
    speech: SpeechCache | None = None
    cues: dict[Cue, bytes] = field(default_factory=dict)
    voice_on: bool = True
    cues_on: bool = True
    enabled: bool = True  # False: nothing is ever played (the toggle still shows and switches)
    volume: int = VOLUME_STEPS  # the start volume, 1..VOLUME_STEPS (the site's ``[audio] volume``)

    @classmethod
    def silent(cls, *, voice_on: bool = True) -> Audio:
        """Nothing is played or synthesized (screenshots, layout tests: the voice toggle shows its default, on)."""
        return cls(voice_on=voice_on, cues_on=False, enabled=False)

    @classmethod
    def from_environment(
        cls, *, device: str | None = None, volume: int = VOLUME_STEPS, cache_bytes: int = DEFAULT_CACHE_BYTES
    ) -> Audio:
        """aplay on ``device`` (a site's handset or earphone output; else ``MYNAKIOSK_AUDIO_DEVICE``), the voices this
        machine has, the committed cues, starting at ``volume``; see the module."""
        if not _switch(AUDIO_ENV):
            return cls.silent(voice_on=False)  # a kiosk without sound says so: the voice guide shows □
        found = discover()
        for language, reason in found.missing.items():
            log.warning("no %s voice, spoken guidance in that language is off: %s", language, reason)
        return cls(
            player=AplayPlayer(device),
            speech=SpeechCache(found.voices, cache_bytes) if found.voices else None,
            cues=load_cues(),
            voice_on=_switch(VOICE_ENV),
            cues_on=_switch(CUES_ENV),
            volume=min(VOLUME_STEPS, max(1, volume)),
        )


def load_cues(folder: Path = SOUNDS_DIR) -> dict[Cue, bytes]:
    """The committed cue files (``scripts/make-sounds`` writes them); a missing one is logged and left silent."""
    found: dict[Cue, bytes] = {}
    for cue in Cue:
        path = folder / f"{cue.value}.wav"
        try:
            found[cue] = path.read_bytes()
        except OSError:
            log.warning("sound cue %s is missing; that cue stays silent", path)
    return found


@QmlElement
@QmlSingleton
class Guide(QObject):
    """Plays cues and speaks prompts as the view-model's screens change; ``voice`` is the footer toggle."""

    voiceChanged = Signal()
    volumeChanged = Signal()

    def __init__(
        self,
        vm: ViewModel,
        audio: Audio,
        *,
        texts: Mapping[str, Mapping[str, str]] | None = None,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._vm = vm
        self._audio = audio
        self._voice = audio.voice_on
        self._volume = audio.volume
        audio.player.set_volume(volume_gain(audio.volume))
        self._texts = texts if texts is not None else load_texts()
        self._clock = clock
        self._last: View | None = None
        self._page_before: View | None = None  # the page under the idle question
        self._spoken: tuple[object, ...] | None = None
        self._hint_at = -1e9
        self._hints_heard: dict[str, float] = {}
        self._hint_timer = QTimer(self)
        self._hint_timer.setSingleShot(True)
        self._hint_timer.timeout.connect(self.recheck_hint)
        self._missing_logged: set[str] = set()
        # (language, text) of the latest utterances requested, for tests and the technician; never personal.
        self.said: deque[tuple[str, str]] = deque(maxlen=50)
        vm.pageChanged.connect(self._on_change)
        vm.overlayChanged.connect(self._on_overlay)
        vm.languageChosen.connect(self.repeat)
        vm.sessionEnded.connect(self._restore_voice)
        self._last = vm.current  # the start screen is not announced: nobody asked yet

    @staticmethod
    def create(engine: QQmlEngine) -> Guide:
        """QML's ``Guide``: the one ``build_ui`` made for this engine."""
        return qmlmodule.engine_child(engine, Guide)

    def _current(self) -> View:
        return self._vm.current

    def _language(self) -> str:
        return str(self._vm.property("language"))

    # --- the toggle ----------------------------------------------------------------------------------------------
    def _get_voice(self) -> bool:
        return self._voice

    @Slot(bool)
    def setVoice(self, on: bool) -> None:
        """Switch speech on (the current prompt is spoken at once, so the resident hears it worked) or off (now)."""
        if on == self._voice:
            return
        self._voice = on
        self.voiceChanged.emit()
        if on:
            self.repeat()
        else:
            self._audio.player.stop()

    voice = Property(bool, _get_voice, notify=voiceChanged)

    # --- the volume ---------------------------------------------------------------------------------------------
    def _get_volume(self) -> int:
        return self._volume

    @Slot(int)
    def setVolume(self, level: int) -> None:
        """Set the volume step (1..VOLUME_STEPS) and let the resident hear it: a short cue at the new volume."""
        level = min(VOLUME_STEPS, max(1, level))
        if level == self._volume:
            return
        self._volume = level
        self._audio.player.set_volume(volume_gain(level))
        self.volumeChanged.emit()
        if self._audio.enabled and self._audio.cues_on and Cue.STEP in self._audio.cues:
            self._audio.player.play([self._audio.cues[Cue.STEP]])

    volume = Property(int, _get_volume, notify=volumeChanged)
    volumeSteps = Property(int, lambda _self: VOLUME_STEPS, constant=True)

    def _restore_voice(self) -> None:
        """A session ended: the toggle goes back to the kiosk's setting (``MYNAKIOSK_VOICE_GUIDE``) and the volume
        to the site's, so a resident who needs the voice never finds it switched off or turned down by the one
        before. Nothing is said: the shop is not told."""
        if self._voice != self._audio.voice_on:
            self._voice = self._audio.voice_on
            self.voiceChanged.emit()
        if self._volume != self._audio.volume:
            self._volume = self._audio.volume
            self._audio.player.set_volume(volume_gain(self._volume))
            self.volumeChanged.emit()

    @property
    def speech_available(self) -> bool:
        return self._audio.speech is not None

    # --- reacting to the screen -------------------------------------------------------------------------------------
    @Slot()
    def repeat(self) -> None:
        """Speak the current prompt again (after a language change, or when speech is switched on)."""
        view = self._current()
        self._spoken = _identity(view)
        self._say([], view)

    def _on_overlay(self) -> None:
        # Only the question appearing: when it goes, the page's new View follows at once (pageChanged).
        if self._vm.property("overlayVisible"):
            self._on_change()

    def _on_change(self) -> None:
        view = self._current()
        previous, self._last = self._last, view
        if previous == view:
            return
        if previous is not None and previous.screen in OVERLAY_SCREENS and view.screen not in OVERLAY_SCREENS:
            previous = self._page_before  # back from the idle question: cue against the page, not the question
        elif view.screen in OVERLAY_SCREENS and (previous is None or previous.screen not in OVERLAY_SCREENS):
            self._page_before = previous
        cue = cue_for(previous, view)
        clips: list[Clip] = []
        if cue is not None and self._audio.cues_on and cue in self._audio.cues:
            clips.append(self._audio.cues[cue])
        identity = _identity(view)
        if identity == self._spoken and not cue:
            self._maybe_hint(view)
            return
        self._spoken = identity
        if view.screen is Screen.ATTRACT and not clips:
            return  # back to the start: the session is over, the shop need not hear the welcome again
        self._say(clips, view)
        self._maybe_hint(view)  # a camera screen that opens with a hint: after the prompt

    def _say(self, clips: list[Clip], view: View) -> None:
        if not self._audio.enabled:
            return
        language = self._language()
        text = prompt_text(view, self._texts.get(language, {}), language) if self._voice else ""
        if text and self._can_speak(language):
            clips += self._speech_clips(language, text)
        if clips:
            self._audio.player.play(clips)

    @Slot()
    def recheck_hint(self) -> None:
        """The hint timer ran out: speak the hint shown now if it may be spoken now."""
        self._maybe_hint(self._current())

    def _maybe_hint(self, view: View) -> None:
        """A live camera hint changed: speak it politely (never over other speech), not too often, not again soon.
        A hint that must wait is checked again when it may be spoken (it is spoken only if still on the screen)."""
        if not (view.camera and view.hints and self._voice and self._audio.enabled):
            return
        key = view.hints[0]
        now = self._clock()
        wait = max(HINT_MIN_GAP_S - (now - self._hint_at), HINT_REPEAT_S - (now - self._hints_heard.get(key, -1e9)))
        if wait > 0:
            self._hint_timer.start(int(wait * 1000) + 50)
            return
        language = self._language()
        text = key_text(key, self._texts.get(language, {}), language)
        if not text or not self._can_speak(language):
            return
        if self._audio.player.play(self._speech_clips(language, text), interrupt=False):
            self._hint_at = now
            self._hints_heard[key] = now
        else:
            self._hint_timer.start(int(HINT_MIN_GAP_S * 1000))  # something else is being said: later

    def _can_speak(self, language: str) -> bool:
        speech = self._audio.speech
        if speech is not None and language in speech.languages:
            return True
        if language not in self._missing_logged:
            self._missing_logged.add(language)
            log.info("no %s voice: guidance in %s is cues only", language, language)
        return False

    def _speech_clips(self, language: str, text: str) -> list[Clip]:
        """One clip per sentence, each synthesized on the player's worker when its turn comes: the resident hears
        the first sentence after one short synthesis (Open JTalk needs about 70 ms per second of speech), not
        after the whole prompt's; making the next sentence gives the natural pause between the two."""
        speech = self._audio.speech
        assert speech is not None
        self.said.append((language, text))
        return [partial(speech.synthesize, language, sentence) for sentence in sentences(text)]

    # --- start and end ---------------------------------------------------------------------------------------------
    def warm_up(self, keys: Iterable[str], *, delay_ms: int = WARM_DELAY_MS) -> None:
        """After ``delay_ms``, synthesize what is said for the message ``keys`` (see :func:`warm_keys`) in every
        language on a background thread. Sentences are cached one by one, so a prompt made of these keys is then
        ready: the first resident hears it without waiting for the engine."""
        speech = self._audio.speech
        if speech is None:
            return
        texts, wanted = self._texts, list(keys)

        def work() -> None:
            speech.warm(
                (language, sentence)
                for language in sorted(speech.languages)
                for key in wanted
                for sentence in sentences(key_text(key, texts.get(language, {}), language))
            )

        def start() -> None:
            threading.Thread(target=work, name="speech-warm-up", daemon=True).start()

        QTimer.singleShot(delay_ms, start)

    def close(self) -> None:
        self._audio.player.close()


def key_text(key: str, texts: Mapping[str, str], language: str) -> str:
    """What is said for one message key alone (its sentences without any parameter, with a full stop)."""
    return join_sentences([speakable(texts.get(key, ""), {})], language)


def warm_keys(catalogue: Iterable[str]) -> list[str]:
    """The keys of ``catalogue`` whose prompts are warmed at start-up (:data:`WARM_PREFIXES`)."""
    return [key for key in catalogue if key.startswith(WARM_PREFIXES)]


def load_texts() -> dict[str, dict[str, str]]:
    """The translations the screens show (the same ``.ts`` sources the ``.qm`` files are built from), by language;
    English falls back to the catalogue's source text."""
    texts: dict[str, dict[str, str]] = {}
    for language in i18n.LANGUAGES:
        found = i18n.read_ts(i18n.ts_path(language))
        texts[language] = {**i18n.catalogue(), **found} if language == "en" else found
    return texts
