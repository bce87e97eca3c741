"""The real audio parts: Open JTalk and eSpeak NG synthesize, aplay plays through ALSA's file plugin (no sound card
needed), the committed cues are what drivers/audio/tones.py makes, and every failure degrades without raising."""

from __future__ import annotations

import io
import logging
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from drivers.audio import tones
from drivers.audio.player import AplayPlayer, scale_wav
from drivers.audio.speech import (
    EngineUnavailable,
    EspeakVoice,
    OpenJTalkVoice,
    SpeechCache,
    SpeechError,
    SynthesisFailed,
    SynthesisTimeout,
    default_voices_dir,
    discover,
    wav_duration,
)

SOUNDS = Path(__file__).resolve().parents[2] / "assets" / "sounds"
JA_SHORT = "カードを置いてください。"
JA_LONG = "カードを置いてください。マイナンバーカードを、顔写真の面を上にして読み取り機に置いてください。"
EN_SHORT = "Place your card."
EN_LONG = "Place your card. Put your My Number Card on the reader, photo side up."


def samples_of(data: bytes) -> tuple[np.ndarray, int]:
    with wave.open(io.BytesIO(data)) as wav:
        assert wav.getsampwidth() == 2 and wav.getnchannels() == 1
        frames = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").astype(np.float64)
        return frames, wav.getframerate()


def voiced_fraction(data: bytes, threshold: float = 300.0) -> float:
    """Share of 20 ms frames louder than ``threshold`` RMS (of 32767)."""
    frames, rate = samples_of(data)
    step = rate // 50
    chunks = frames[: len(frames) // step * step].reshape(-1, step)
    return float((np.sqrt((chunks**2).mean(axis=1)) > threshold).mean())


@pytest.fixture(scope="module")
def japanese() -> OpenJTalkVoice:
    voice = OpenJTalkVoice(voice_file=default_voices_dir() / "mei_normal.htsvoice")
    assert voice.missing() is None, f"{voice.missing()} (scripts/bootstrap installs it)"
    return voice


@pytest.fixture(scope="module")
def english() -> EspeakVoice:
    voice = EspeakVoice()
    assert voice.missing() is None, voice.missing()
    return voice


# --- synthesis ----------------------------------------------------------------------------------------------------
def test_open_jtalk_speaks_a_japanese_prompt(japanese: OpenJTalkVoice) -> None:
    short, long = japanese.synthesize(JA_SHORT), japanese.synthesize(JA_LONG)
    frames, rate = samples_of(long)
    assert rate == 48000
    # Mei at 0.9x speaks about 6 characters a second: anything from 2.5 to 12 per second is speech, not noise.
    assert len(JA_LONG) / 12 < wav_duration(long) < len(JA_LONG) / 2.5
    assert wav_duration(long) > 2.5 * wav_duration(short)
    assert voiced_fraction(long) > 0.4 and np.sqrt((frames**2).mean()) > 1000
    assert np.abs(frames).max() < 32767, "clipped"


def test_espeak_speaks_an_english_prompt(english: EspeakVoice) -> None:
    short, long = english.synthesize(EN_SHORT), english.synthesize(EN_LONG)
    frames, _ = samples_of(long)
    words = len(EN_LONG.split())
    assert words / 4.0 < wav_duration(long) < words / 1.2  # 140 words a minute with pauses: about 2.2 a second
    assert wav_duration(long) > 2.5 * wav_duration(short)
    assert voiced_fraction(long) > 0.4 and np.sqrt((frames**2).mean()) > 1000


def test_discover_finds_both_voices_and_says_what_is_missing(tmp_path: Path) -> None:
    found = discover()
    assert set(found.voices) == {"ja", "en"} and found.missing == {}
    without = discover(tmp_path)
    assert "ja" not in without.voices and "scripts/fetch-voice" in without.missing["ja"]


def test_missing_engines_raise_typed_errors_without_the_text(tmp_path: Path) -> None:
    with pytest.raises(EngineUnavailable) as missing:
        EspeakVoice(binary="no-such-espeak").synthesize("secret words")
    assert "secret" not in str(missing.value)
    with pytest.raises(SynthesisFailed) as no_voice:
        OpenJTalkVoice(voice_file=tmp_path / "none.htsvoice").synthesize("カード")
    assert "カード" not in str(no_voice.value)
    with pytest.raises(SpeechError):
        EspeakVoice().synthesize("   ")


def test_a_stuck_engine_is_stopped_at_its_time_limit(tmp_path: Path) -> None:
    stuck = tmp_path / "stuck-engine"
    stuck.write_text("#!/bin/sh\nexec sleep 30\n")
    stuck.chmod(0o755)
    started = time.monotonic()
    with pytest.raises(SynthesisTimeout):
        EspeakVoice(binary=str(stuck), timeout_s=0.5).synthesize("hello")
    assert time.monotonic() - started < 5


def test_the_cache_synthesizes_each_prompt_once_and_stays_within_its_bytes(english: EspeakVoice) -> None:
    cache = SpeechCache({"en": english}, max_bytes=300_000)
    first = cache.synthesize("en", EN_SHORT)
    assert cache.synthesize("en", EN_SHORT) is first and (cache.hits, cache.misses) == (1, 1)
    cache.synthesize("en", EN_LONG)  # about 280 kB: the short one (80 kB) is evicted to stay under 300 kB
    assert cache.cached("en", EN_LONG) and not cache.cached("en", EN_SHORT)
    with pytest.raises(EngineUnavailable):
        cache.synthesize("fr", "Bonjour")
    assert cache.warm([("en", EN_SHORT), ("fr", "Bonjour")]) == 1


# --- playback -----------------------------------------------------------------------------------------------------
def file_device(path: Path) -> str:
    """ALSA's file plugin over the null device: what aplay plays is written to ``path`` (no sound card needed)."""
    return f"file:FILE={path},FORMAT=wav"


def test_aplay_really_plays_through_the_alsa_file_route(tmp_path: Path, english: EspeakVoice) -> None:
    out = tmp_path / "played.wav"
    speech = english.synthesize(EN_SHORT)
    player = AplayPlayer(device=file_device(out))
    try:
        player.play([speech])
        assert player.wait_idle(10)
    finally:
        player.close()
    assert player.played == 1 and player.failed == 0
    assert_played(out, speech)


def test_the_volume_scales_what_aplay_plays(tmp_path: Path, english: EspeakVoice) -> None:
    out = tmp_path / "played.wav"
    speech = english.synthesize(EN_SHORT)
    player = AplayPlayer(device=file_device(out))
    try:
        player.set_volume(0.5)
        player.play([speech])
        assert player.wait_idle(10)
    finally:
        player.close()
    assert_played(out, scale_wav(speech, 0.5))
    sent, _ = samples_of(speech)
    quieter, _ = samples_of(scale_wav(speech, 0.5))
    assert np.abs(quieter).max() <= np.abs(sent).max() // 2 + 1 and np.abs(quieter).max() > 0
    assert scale_wav(speech, 1.0) == speech


def assert_played(out: Path, sent_wav: bytes) -> None:
    """``out`` (what aplay wrote) holds exactly the samples of ``sent_wav``, then at most a period of silence."""
    played, rate = samples_of(out.read_bytes())
    sent, sent_rate = samples_of(sent_wav)
    assert rate == sent_rate and np.array_equal(played[: len(sent)], sent)
    assert not played[len(sent) :].any() and len(played) - len(sent) < 0.2 * rate


def test_clips_play_in_order_and_speech_is_synthesized_on_the_worker(tmp_path: Path, english: EspeakVoice) -> None:
    out = tmp_path / "played.wav"
    cue = (SOUNDS / "card.wav").read_bytes()
    player = AplayPlayer(device=file_device(out))
    try:
        player.play([cue, lambda: english.synthesize(EN_SHORT)])
        assert player.wait_idle(10)
    finally:
        player.close()
    assert player.played == 2
    assert_played(out, english.synthesize(EN_SHORT))  # the last clip: the file plugin starts a new file for each


def _recording_aplay(tmp_path: Path) -> Path:
    """A stand-in for aplay that keeps what it is sent and then plays for 10 s (a real speaker takes that long)."""
    script = tmp_path / "aplay"
    script.write_text(f'#!/bin/sh\ncat > "{tmp_path}/got.$$.wav"\nexec sleep 10\n')
    script.chmod(0o755)
    return script


def test_a_new_utterance_interrupts_the_one_playing(tmp_path: Path) -> None:
    cue = (SOUNDS / "attention.wav").read_bytes()
    player = AplayPlayer(binary=str(_recording_aplay(tmp_path)))
    started = time.monotonic()
    try:
        player.play([cue, cue])
        _wait_for(lambda: len(list(tmp_path.glob("got.*"))) == 1)
        player.play([cue])  # returns at once; the first aplay is terminated, its second clip never starts
        _wait_for(lambda: len(list(tmp_path.glob("got.*"))) == 2)
        player.stop()
        assert player.wait_idle(3)
    finally:
        player.close()
    assert time.monotonic() - started < 6, "each of the stand-in's plays lasts 10 s: they were cut"
    assert player.failed == 0, "an interruption is not a device failure"
    assert len(list(tmp_path.glob("got.*"))) == 2


def test_a_polite_request_does_not_interrupt(tmp_path: Path) -> None:
    cue = (SOUNDS / "step.wav").read_bytes()
    player = AplayPlayer(binary=str(_recording_aplay(tmp_path)))
    try:
        player.play([cue])
        _wait_for(lambda: len(list(tmp_path.glob("got.*"))) == 1)
        player.play([cue], interrupt=False)
        time.sleep(0.3)
        assert len(list(tmp_path.glob("got.*"))) == 1
    finally:
        player.close()


def _wait_for(condition: object, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_no_aplay_is_logged_once_and_nothing_raises(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    player = AplayPlayer(binary="no-such-aplay")
    for _ in range(3):
        player.play([(SOUNDS / "card.wav").read_bytes()])
    player.stop()
    player.close()
    assert not player.available
    assert [r.getMessage() for r in caplog.records].count(
        "no-such-aplay not found: sound is off (apt-get install alsa-utils)"
    ) == 1


def test_a_failing_device_is_logged_once_paused_and_tried_again(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    cue = (SOUNDS / "card.wav").read_bytes()
    synthesized: list[str] = []

    def speech() -> bytes:
        synthesized.append("x")
        return cue

    player = AplayPlayer(device="hw:97,0")  # no such card on any machine
    try:
        player.play([cue])
        assert player.wait_idle(5)
        assert player.failed == 1 and not player.available
        player.play([cue, speech])  # within the pause: dropped, not even synthesized
        assert player.wait_idle(5) and player.failed == 1 and synthesized == []
        player._retry_after = 0.0  # the pause is over: tried again, and not logged again
        player._paused_until = 0.0
        player.play([cue])
        assert player.wait_idle(5) and player.failed == 2
    finally:
        player.close()
    failures = [r for r in caplog.records if "audio device hw:97,0 failed" in r.getMessage()]
    assert len(failures) == 1


def test_a_clip_that_cannot_be_synthesized_is_skipped(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    out = tmp_path / "played.wav"
    cue = (SOUNDS / "error.wav").read_bytes()

    def broken() -> bytes:
        raise SynthesisFailed("open_jtalk exited with status 1")

    player = AplayPlayer(device=file_device(out))
    try:
        player.play([broken, cue])
        player.wait_idle(5)
        player.play([broken])
        player.wait_idle(5)
    finally:
        player.close()
    assert player.played == 1
    assert_played(out, cue)
    assert len([r for r in caplog.records if "speech not available" in r.getMessage()]) == 1


# --- the cues -----------------------------------------------------------------------------------------------------
def test_the_committed_cues_are_what_the_generator_makes() -> None:
    for name, notes in tones.CUES.items():
        committed, rate = samples_of((SOUNDS / f"{name}.wav").read_bytes())
        made, made_rate = samples_of(tones.wav_bytes(notes))
        assert rate == made_rate and len(committed) == len(made), name
        assert np.abs(committed - made).max() <= 1, f"{name}: run scripts/make-sounds"


@pytest.mark.parametrize("name", list(tones.CUES))
def test_each_cue_is_small_soft_and_fades(name: str) -> None:
    data = (SOUNDS / f"{name}.wav").read_bytes()
    frames, rate = samples_of(data)
    assert len(data) < 40_000
    assert 0.1 < len(frames) / rate < 1.0
    assert np.abs(frames).max() < 0.7 * 32767, "soft: well below full scale"
    assert abs(frames[0]) < 200 and np.abs(frames[-int(0.02 * rate) :]).max() < 200, "fades in and out: no click"


def _notes(name: str) -> list[tuple[float, float]]:
    """(duration in s, pitch in Hz) of each note heard in a cue file: runs of 5 ms frames above 5% of the peak."""
    frames, rate = samples_of((SOUNDS / f"{name}.wav").read_bytes())
    step = rate // 200
    level = np.abs(frames[: len(frames) // step * step].reshape(-1, step)).max(axis=1)
    loud = level > 0.05 * level.max()
    notes, start = [], None
    for i, on in enumerate([*loud, False]):
        if on and start is None:
            start = i
        elif not on and start is not None:
            segment = frames[start * step : i * step]
            spectrum = np.abs(np.fft.rfft(segment * np.hanning(len(segment)), n=1 << 16))
            notes.append((len(segment) / rate, float(np.argmax(spectrum) * rate / (1 << 16))))
            start = None
    return notes


def test_the_cues_differ_in_rhythm_and_in_pitch() -> None:
    heard = {name: _notes(name) for name in tones.CUES}
    assert [len(heard[n]) for n in ("step", "card", "error", "attention", "finished")] == [1, 2, 2, 3, 4]
    for name, notes in heard.items():
        for (_, pitch), note in zip(notes, tones.CUES[name], strict=True):
            assert pitch == pytest.approx(note.freq_hz, rel=0.03), name
    rhythm = {n: tuple(round(d, 1) for d, _ in notes) for n, notes in heard.items()}
    melody = {n: tuple(round(12 * np.log2(p / 440)) for _, p in notes) for n, notes in heard.items()}
    names = list(heard)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert rhythm[a] != rhythm[b], f"{a} and {b} have the same rhythm"
            assert melody[a] != melody[b], f"{a} and {b} have the same pitches"
    assert melody["card"][1] > melody["card"][0] and melody["error"][1] < melody["error"][0], "rising vs falling"
