"""Sound cues and spoken guidance: the real Guide on the real view-model. A recording player and voice stand in
for the speakers where the real ones would need them; one test goes through Open JTalk, eSpeak NG and aplay."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
import subprocess
import sys
import time
import wave
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from drivers.audio.player import AplayPlayer, Clip, SilentPlayer
from drivers.audio.speech import SpeechCache, discover
from kiosk.flows.view import EntryKind, EntrySpec, Screen, View
from sim.personas import list_personas
from ui.app import KioskUi
from ui.driver import SampleDriver
from ui.guidance import (
    SPEAKABLE_PARAMS,
    VOLUME_STEPS,
    Audio,
    Cue,
    Guide,
    load_cues,
    load_texts,
    prompt_text,
    sentences,
    speakable,
    volume_gain,
    warm_keys,
)
from ui.i18n import LANGUAGES, catalogue, plain
from ui.render import grab, sample_ui
from ui.samples import sample, samples
from ui.viewmodel import ViewModel

from .qml_tree import centre, one, scene_rect

TEXTS = load_texts()
CUES = load_cues()
CUE_OF = {data: cue for cue, data in CUES.items()}


def _wav(payload: bytes) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(1)
        wav.setframerate(8000)
        wav.writeframes(payload)
    return buffer.getvalue()


class RecordingVoice:
    """A voice whose 'audio' is the language and text it was asked to say (so the player can tell what it got)."""

    name = "recording"

    def __init__(self, language: str) -> None:
        self.language = language

    def synthesize(self, text: str) -> bytes:
        return _wav(f"{self.language}|{text}".encode())


class RecordingPlayer:
    """Resolves every clip at once, as the worker would, and keeps what each request would have played."""

    def __init__(self) -> None:
        self.requests: list[tuple[list[str | tuple[str, str]], bool]] = []
        self.stops = 0
        self.gains: list[float] = []

    def set_volume(self, gain: float) -> None:
        self.gains.append(gain)

    def play(self, clips: Sequence[Clip], *, interrupt: bool = True) -> bool:
        heard: list[str | tuple[str, str]] = []
        for clip in clips:
            data = clip() if callable(clip) else clip
            if data in CUE_OF:
                heard.append(f"cue:{CUE_OF[data].value}")
                continue
            with wave.open(io.BytesIO(data)) as wav:
                language, text = wav.readframes(wav.getnframes()).decode().split("|", 1)
            if heard and isinstance(heard[-1], tuple):  # one clip per sentence: heard as one utterance
                joiner = "" if language == "ja" else " "
                text = heard.pop()[1] + joiner + text
            heard.append((language, text))
        self.requests.append((heard, interrupt))
        return True

    def stop(self) -> None:
        self.stops += 1

    def close(self) -> None:
        pass

    @property
    def last(self) -> list[str | tuple[str, str]]:
        return self.requests[-1][0]


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


Rig = tuple[ViewModel, Guide, RecordingPlayer, Clock]


@pytest.fixture
def rig(qapp: QApplication) -> Iterator[Rig]:
    vm = ViewModel(SampleDriver())
    player = RecordingPlayer()
    voices = {lang: RecordingVoice(lang) for lang in LANGUAGES}
    clock = Clock()
    guide = Guide(vm, Audio(player=player, speech=SpeechCache(voices), cues=dict(CUES)), clock=clock)
    yield vm, guide, player, clock
    guide.close()


def say(lang: str, *keys: str, **params: object) -> tuple[str, str]:
    """What the guide should say for these keys: the screen's own translations, joined into sentences."""
    stop = "。" if lang == "ja" else "."
    parts = [speakable(TEXTS[lang][k], params) for k in keys]
    parts = [p if p[-1] in "。？.?" else p + stop for p in parts]
    return lang, ("" if lang == "ja" else " ").join(parts)


def view(name: str) -> View:
    return sample(name).view


# --- what is said and played when -----------------------------------------------------------------------------------
def test_a_new_screen_is_announced_with_its_title_and_instruction(rig: Rig) -> None:
    vm, _, player, _ = rig
    vm.show(view("attract-default"))
    assert player.requests == [], "the start screen is not announced to an empty shop"
    vm.show(view("choose_service-default"))
    assert player.requests == [([say("ja", "services.title", "services.body")], True)]


def test_reading_the_card_plays_the_card_cue_then_speaks(rig: Rig) -> None:
    vm, _, player, _ = rig
    vm.show(view("place_card-nfc"))
    assert player.last == [say("ja", "card.place.title", "card.place.body")]
    vm.show(view("reading-progress"))
    assert player.last == ["cue:card", say("ja", "card.reading.title", "card.reading.body")]
    vm.show(dataclasses.replace(view("reading-progress"), progress=0.8))
    assert len(player.requests) == 2, "progress moving on is not a new prompt"
    vm.show(view("pin_entry-sign"))  # the card read (its step), the PIN is the next step: the step cue
    assert player.last == ["cue:step", say("ja", "pin.sign.title", "pin.sign.body", "ui.tries_left", tries_left=5)]
    vm.show(view("new_pin-sign"))  # same flow, a later step
    assert player.last == ["cue:step", say("ja", "pin.new.title", "pin.new.sign.body")]


def test_a_wrong_pin_plays_the_error_cue_and_says_the_tries_left(
    rig: Rig,
) -> None:
    vm, _, player, _ = rig
    vm.show(view("pin_entry-auth"))
    vm.show(view("pin_entry-auth_wrong"))
    keys = ("error.wrong_pin.title", "error.wrong_pin.body", "pin.auth.title", "pin.auth.body")
    assert player.last == ["cue:error", say("ja", *keys, "ui.tries_left.warn", tries_left=2)]
    assert "あと2回" in player.last[1][1], "the counter's words: said once, as the screen shows them once"
    again = dataclasses.replace(view("pin_entry-auth_wrong"), params={"tries_left": 1})
    vm.show(again)
    wrong_again = ["cue:error", say("ja", *keys, "ui.tries_left.last", tries_left=1)]
    assert player.last == wrong_again, "wrong again: a new error"


def test_warnings_play_the_attention_cue_and_the_countdown_is_not_repeated(
    rig: Rig,
) -> None:
    vm, _, player, _ = rig
    vm.show(view("pin_entry-auth"))
    vm.show(view("idle_warning-countdown"))
    assert player.last == ["cue:attention", say("ja", "idle.title", "idle.body", seconds=27)]
    for seconds in (26, 25):
        vm.show(dataclasses.replace(view("idle_warning-countdown"), params={"seconds": seconds}, countdown=seconds))
    assert len(player.requests) == 2, "the countdown ticking is not spoken every second"
    vm.show(view("pin_entry-auth"))  # "I am still here": the page is announced again
    assert player.last == [say("ja", "pin.auth.title", "pin.auth.body", "ui.tries_left", tries_left=3)]
    vm.show(view("pin_entry-auth_wrong"))
    vm.show(view("idle_warning-countdown"))
    vm.show(view("pin_entry-auth_wrong"))  # the same wrong-PIN page again: its words, not its error cue again
    assert player.last == [
        say(
            "ja", "error.wrong_pin.title", "error.wrong_pin.body", "pin.auth.title", "pin.auth.body",
            "ui.tries_left.warn", tries_left=2,
        )
    ]  # fmt: skip
    vm.show(view("last_try_warning-auth"))
    assert player.last[0] == "cue:attention"
    vm.show(view("working-card"))
    assert player.last == ["cue:attention", say("ja", "working.title", "working.card")]


def test_the_end_of_a_session_chimes_and_never_reads_out_the_reference(
    rig: Rig,
) -> None:
    vm, _, player, _ = rig
    vm.show(view("working-card"))
    vm.show(view("result-reset_done"))
    cue, (lang, text) = player.last
    assert cue == "cue:finished" and lang == "ja"
    # The number sits in its own box on screen and is never spoken; the words say to keep it, then the card.
    assert text == say("ja", "reset.done.title", "reset.done.body", "card.take.body")[1]
    assert "R-7Q4K" not in text
    vm.show(view("attract-default"))
    assert len(player.requests) == 2, "back to the start: silent"


def test_a_card_left_behind_is_asked_for_then_alerted_in_sound_and_words(rig: Rig) -> None:
    vm, _, player, _ = rig
    vm.show(view("result-reset_done"))
    vm.show(view("card_return-default"))
    assert player.last == ["cue:attention", say("ja", "card_return.title", "card_return.body")]
    vm.show(view("card_return-alert"))
    assert player.last == ["cue:error", say("ja", "card_return.alert.title", "card_return.alert.body")]
    vm.show(dataclasses.replace(view("card_return-alert"), params={"alert": 2}))
    assert player.last == ["cue:error", say("ja", "card_return.alert.title", "card_return.alert.body")], "again"
    assert len(player.requests) == 4


def test_changing_the_language_speaks_the_prompt_again_in_the_new_language(
    rig: Rig,
) -> None:
    vm, _, player, _ = rig
    vm.show(view("pin_entry-sign"))
    vm.setLanguage("en")
    assert player.last == [say("en", "pin.sign.title", "pin.sign.body", "ui.tries_left", tries_left=5)]
    assert (
        player.last[0][1] == "Enter your signature PIN. 6 to 16 letters and digits (署名用電子証明書). Tries left: 5."
    )
    vm.setLanguage("ja")
    assert player.last == [say("ja", "pin.sign.title", "pin.sign.body", "ui.tries_left", tries_left=5)]
    vm.show(view("attract-default"))
    vm.setLanguage("en")  # a resident is there and asked: even the start screen is spoken
    assert player.last == [say("en", "attract.title", "attract.body")]


def test_the_voice_toggle_silences_speech_but_keeps_the_cues(rig: Rig) -> None:
    vm, guide, player, _ = rig
    assert guide.property("voice") is True, "on by default"
    vm.show(view("pin_entry-auth"))
    guide.setVoice(False)
    assert player.stops == 1 and guide.property("voice") is False
    vm.show(view("error-backend_down"))
    assert player.last == ["cue:error"]
    vm.show(view("choose_service-default"))
    assert player.last == ["cue:error"], "no cue and no speech: nothing played"
    guide.setVoice(True)  # switched on: the resident hears at once that it works
    assert player.last == [say("ja", "services.title", "services.body")]


def test_the_next_resident_finds_the_voice_guide_as_the_kiosk_set_it(rig: Rig) -> None:
    vm, guide, player, _ = rig
    vm.show(view("pin_entry-auth"))
    guide.setVoice(False)
    vm.setLanguage("en")
    vm.show(view("result-reset_done"))
    before = len(player.requests)
    vm.show(view("attract-default"))
    assert guide.property("voice") is True and vm.property("language") == "ja"
    assert player.requests[before:] == [], "the shop hears nothing: no welcome, no prompt in the start language"


def test_the_volume_steps_down_and_up_with_a_tone_and_the_next_resident_starts_at_the_sites(
    qapp: QApplication,
) -> None:
    vm, player = ViewModel(SampleDriver()), RecordingPlayer()
    guide = Guide(vm, Audio(player=player, cues=dict(CUES), volume=4))
    try:
        assert guide.property("volume") == 4 and player.gains == [volume_gain(4)]
        vm.show(view("pin_entry-auth"))
        before = len(player.requests)
        guide.setVolume(2)
        assert guide.property("volume") == 2 and player.gains[-1] == volume_gain(2)
        assert player.requests[before:] == [(["cue:step"], True)], "the resident hears the new volume at once"
        guide.setVolume(99)
        assert guide.property("volume") == VOLUME_STEPS and player.gains[-1] == 1.0
        vm.show(view("result-reset_done"))
        vm.show(view("attract-default"))
        assert guide.property("volume") == 4 and player.gains[-1] == volume_gain(4)
    finally:
        guide.close()


def test_each_volume_step_is_6_db() -> None:
    gains = [volume_gain(level) for level in range(1, VOLUME_STEPS + 1)]
    assert gains[-1] == 1.0 and all(abs(b / a - 10 ** (6 / 20)) < 1e-9 for a, b in itertools.pairwise(gains))


def test_a_kiosk_whose_voice_guide_starts_off_turns_it_off_again(qapp: QApplication) -> None:
    vm, player = ViewModel(SampleDriver()), RecordingPlayer()
    voices = {lang: RecordingVoice(lang) for lang in LANGUAGES}
    guide = Guide(vm, Audio(player=player, speech=SpeechCache(voices), cues=dict(CUES), voice_on=False))
    vm.show(view("choose_service-default"))
    guide.setVoice(True)
    vm.show(view("attract-default"))
    assert guide.property("voice") is False
    guide.close()


def test_cues_can_be_switched_off(qapp: QApplication) -> None:
    vm, player = ViewModel(SampleDriver()), RecordingPlayer()
    voices = {lang: RecordingVoice(lang) for lang in LANGUAGES}
    guide = Guide(vm, Audio(player=player, speech=SpeechCache(voices), cues=dict(CUES), cues_on=False))
    vm.show(view("error-timeout"))
    assert player.last == [say("ja", "error.timeout.title", "error.timeout.body")]
    guide.close()


def test_the_start_up_warm_up_readies_the_first_screens_prompts_in_every_language(qapp: QApplication) -> None:
    speech = SpeechCache({lang: RecordingVoice(lang) for lang in LANGUAGES})
    guide = Guide(ViewModel(SampleDriver()), Audio(player=RecordingPlayer(), speech=speech))
    guide.warm_up(warm_keys(catalogue()), delay_ms=0)
    starts = (Screen.ATTRACT, Screen.CHOOSE_SERVICE, Screen.PLACE_CARD)
    first = [s.view for s in samples() if s.screen in starts and not s.view.error]  # the usual way in
    wanted = {
        (lang, sentence)
        for v in first
        for lang in LANGUAGES
        for sentence in sentences(prompt_text(v, TEXTS[lang], lang))
    }
    assert len(first) >= 4 and wanted
    deadline = time.monotonic() + 20
    while not all(speech.cached(*pair) for pair in wanted) and time.monotonic() < deadline:
        QTest.qWait(20)
    assert [pair for pair in wanted if not speech.cached(*pair)] == []
    guide.close()


def test_a_kiosk_in_service_never_loads_the_sample_views() -> None:
    """Production (the window, the flow driver, the real-kiosk wiring) runs without ui.samples."""
    code = "import sys, ui.app, ui.driver; sys.exit('ui.samples' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False, timeout=60).returncode == 0


def test_staff_screens_stay_quiet(rig: Rig) -> None:
    vm, _, player, _ = rig
    for name in ("staff_login-user", "staff_login-password", "staff_home-offline", "staff_report-default"):
        vm.show(view(name))
    vm.setLanguage("en")
    assert player.requests == []


def test_live_camera_hints_are_spoken_politely_and_not_too_often(
    rig: Rig,
) -> None:
    vm, guide, player, clock = rig
    face = view("face_capture-hints")
    vm.show(face)
    assert player.requests == [
        ([say("ja", "face.title", "face.challenge.turn_right")], True),  # hints are not part of the prompt ...
        ([say("ja", "face.hint.move_closer")], False),  # ... the first one follows it, politely
    ]
    clock.now += 4.0

    def hint(key: str, after: float) -> None:
        clock.now += after
        vm.show(dataclasses.replace(face, hints=(key,)))

    hint("face.hint.move_back", 1.0)
    assert player.requests[-1] == ([say("ja", "face.hint.move_back")], False), "polite: never cuts the prompt"
    hint("face.hint.more_light", 1.0)
    assert len(player.requests) == 3, "at most one hint every 4 s"
    clock.now += 3.0
    guide.recheck_hint()  # what the guide's timer does when the 4 s are over: the hint still shown is spoken
    assert player.requests[-1] == ([say("ja", "face.hint.more_light")], False)
    assert "暗すぎます。明るい方を向いてください。" in player.requests[-1][0][0][1]
    hint("face.hint.move_back", 5.0)
    assert len(player.requests) == 4, "the same hint not again within 10 s"
    clock.now += 5.0
    guide.recheck_hint()
    assert player.requests[-1] == ([say("ja", "face.hint.move_back")], False)
    vm.show(view("face_capture-blink"))  # a new challenge: a prompt of its own, interrupting
    assert player.requests[-1] == ([say("ja", "face.title", "face.challenge.blink")], True)


# --- privacy --------------------------------------------------------------------------------------------------------
def _personal_strings() -> set[str]:
    """Everything personal the samples and the simulator's personas hold, as it could be written or spoken."""
    found: set[str] = set()
    for persona in list_personas():
        found |= {persona.name, persona.family_name, persona.given_name, persona.name_kana, persona.address}
        found |= {persona.family_kana, persona.given_kana, persona.address.split("　")[0]}
        born = persona.birth_date(dt.date.today())
        found |= {born.isoformat(), born.strftime("%Y%m%d"), f"{born.year}年{born.month}月{born.day}日"}
    for item in samples():
        for key, value in item.view.data.items():
            if key != "photo_jpeg_base64":
                found |= {value, value.replace("-", "")}
        found |= {str(v) for k, v in item.view.params.items() if k not in SPEAKABLE_PARAMS and len(str(v)) >= 3}
        found |= {a.id.removeprefix("slot:")[:10] for a in item.view.actions if a.id.startswith("slot:")}
    return {s for s in found if len(s) >= 2}


def test_nothing_personal_is_ever_spoken_on_any_sample_screen(qapp: QApplication) -> None:
    """Every sample View through the real Guide, in both languages, with every transition cue and speech."""
    personal = _personal_strings()
    assert {"田中　太郎", "東京都世田谷区桜丘四丁目17番8号", "R-7Q4K-2M9X", "2026-1123-000417", "19810314"} <= personal
    spoken: list[str] = []
    for lang in LANGUAGES:
        driver, player = SampleDriver(), RecordingPlayer()
        vm = ViewModel(driver, language=lang)
        guide = Guide(vm, Audio(player=player, speech=SpeechCache({lang: RecordingVoice(lang)}), cues=dict(CUES)))
        driver.viewReady.connect(vm.show)
        for item in samples():
            driver.show(item.name)
            vm.setLanguage("en" if lang == "ja" else "ja")  # and back: every screen in both languages
            vm.setLanguage(lang)
        spoken += [text for _, text in guide.said]
        spoken += [p[1] for heard, _ in player.requests for p in heard if isinstance(p, tuple)]
    assert len(spoken) > 100
    leaks = sorted({(s, text) for text in spoken for s in personal if s in text})
    assert leaks == []


def test_data_and_unlisted_params_are_never_filled_in(qapp: QApplication) -> None:
    texts = {"t": "ようこそ{name}様。住所は{address}です。あと{tries_left}回です。", "b": "{birth_date}"}
    tricky = View(
        Screen.PIN_ENTRY,
        title="t",
        body="b",
        params={"name": "田中　太郎", "address": "東京都", "tries_left": 2, "birth_date": "19810314"},
        entry=EntrySpec(EntryKind.DIGITS, 4, 4),
        data={"name": "田中　太郎"},
    )
    assert prompt_text(tricky, texts, "ja") == "あと2回です。"


# --- the real engines, end to end -----------------------------------------------------------------------------------
def _frames(data: bytes) -> np.ndarray:
    with wave.open(io.BytesIO(data)) as wav:
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")


def test_the_guide_speaks_through_open_jtalk_espeak_and_aplay(qapp: QApplication, tmp_path: Path) -> None:
    """No stand-ins: Open JTalk and eSpeak NG synthesize, aplay plays into ALSA's file plugin."""
    out = tmp_path / "speaker.wav"
    found = discover()
    assert set(found.voices) == {"ja", "en"}, found.missing
    speech = SpeechCache(found.voices)
    player = AplayPlayer(device=f"file:FILE={out},FORMAT=wav")
    vm = ViewModel(SampleDriver())
    guide = Guide(vm, Audio(player=player, speech=speech, cues=load_cues()))
    try:
        vm.show(view("place_card-nfc"))
        vm.show(view("reading-progress"))
        assert player.wait_idle(20)
        ja_text = say("ja", "card.reading.title", "card.reading.body")[1]
        assert list(guide.said)[-1] == ("ja", ja_text)
        # The cue, then one clip per sentence (the file plugin starts a new file for each: the last one is left).
        assert ja_text == "カードを読み取っています。カードを取らないでください。"
        assert player.played >= 3 and player.failed == 0
        heard, said = _frames(out.read_bytes()), _frames(speech.synthesize("ja", "カードを取らないでください。"))
        assert len(said) > 48000 and np.array_equal(heard[: len(said)], said)
        vm.setLanguage("en")
        assert player.wait_idle(20)
        assert (
            say("en", "card.reading.title", "card.reading.body")[1]
            == "Reading your card. Please do not remove the card."
        )
        heard, said = _frames(out.read_bytes()), _frames(speech.synthesize("en", "Please do not remove the card."))
        assert len(said) > 22050 and np.array_equal(heard[: len(said)], said)
    finally:
        guide.close()


def test_sound_is_off_when_the_environment_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MYNAKIOSK_AUDIO", "off")
    audio = Audio.from_environment()
    assert not audio.enabled and not audio.voice_on and isinstance(audio.player, SilentPlayer)
    monkeypatch.setenv("MYNAKIOSK_AUDIO", "on")
    monkeypatch.setenv("MYNAKIOSK_VOICE_GUIDE", "off")
    monkeypatch.setenv("MYNAKIOSK_AUDIO_DEVICE", "null")
    audio = Audio.from_environment()
    try:
        assert audio.enabled and not audio.voice_on and audio.cues_on and set(audio.cues) == set(Cue)
        assert isinstance(audio.player, AplayPlayer) and audio.player.device == "null"
    finally:
        audio.player.close()


# --- the toggle in the footer (real QML) ----------------------------------------------------------------------------
@pytest.mark.parametrize("name", [s.name for s in samples()])
def test_every_screen_has_the_voice_toggle(sample_kiosk: tuple[KioskUi, SampleDriver], name: str) -> None:
    ui, driver = sample_kiosk
    ui.vm.setLanguage("en")
    driver.show(name)
    grab(ui)
    toggle = one(ui, "toggle_voice")
    assert scene_rect(ui.window.contentItem()).contains(scene_rect(toggle))
    assert toggle.width() >= 15 * 4.0 and toggle.height() >= 15 * 4.0
    assert scene_rect(toggle).top() > scene_rect(one(ui, "lang_en")).bottom(), "under the language switch"


def test_the_voice_toggle_switches_and_says_so_with_a_symbol(sample_kiosk: tuple[KioskUi, SampleDriver]) -> None:
    ui, driver = sample_kiosk
    ui.vm.setLanguage("ja")
    driver.show("choose_service-default")
    grab(ui)

    def caption() -> str:
        return plain(str(one(ui, "toggle_voice").property("label")))

    assert caption() == "✓ 音声案内" and ui.guide.property("voice") is True
    for expected in ("□ 音声案内", "✓ 音声案内"):
        point = centre(one(ui, "toggle_voice")).toPoint()
        QTest.mouseClick(ui.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        grab(ui)
        assert caption() == expected
    assert list(ui.guide.said) == [], "screenshots and layout tests stay silent"


def test_screenshots_are_silent(qapp: QApplication) -> None:
    with sample_ui("en") as (ui, driver):
        for item in samples()[:8]:
            driver.show(item.name)
        assert list(ui.guide.said) == [] and not ui.guide.speech_available
