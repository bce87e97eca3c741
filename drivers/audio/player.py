"""Playback through ALSA's ``aplay`` (Debian ``alsa-utils``), one clip after another, on a worker thread.

``play`` never blocks: it hands the clips to the ``kiosk-audio`` thread and returns. A new request interrupts the
one playing (its ``aplay`` is terminated) and replaces any request still waiting, so the resident always hears the
screen in front of them, never a backlog. A clip is WAV bytes or a callable returning them (speech is synthesized
on the worker, never on the caller's thread).

Nothing here may stop the kiosk: a missing ``aplay`` or a missing or failing sound card is logged once (device and
exit status, never what was being said) and sound stays off; a failing device is tried again after a pause, so a
speaker plugged in later is used. ``MYNAKIOSK_AUDIO_DEVICE`` names the ALSA device (default: ALSA's default).
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import threading
import time
import wave
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from drivers.audio.speech import SpeechError, wav_duration

log = logging.getLogger(__name__)

AUDIO_DEVICE_ENV = "MYNAKIOSK_AUDIO_DEVICE"
RETRY_AFTER_S = 30.0  # after a device failure, requests are dropped (not even synthesized) for this long
PLAY_MARGIN_S = 5.0  # aplay gets the clip's duration plus this before it is killed as stuck

Clip = bytes | Callable[[], bytes]


class Player(Protocol):
    """Non-blocking playback of a sequence of clips."""

    def play(self, clips: Sequence[Clip], *, interrupt: bool = True) -> bool:
        """Play ``clips`` in order; False when the request was dropped (``interrupt=False`` is a polite request:
        dropped while anything is playing or waiting; nothing is played while the device is failing)."""

    def set_volume(self, gain: float) -> None:
        """Scale what is played from now on by ``gain`` (0..1 of full scale)."""

    def stop(self) -> None:
        """Silence now: the clip playing is cut and nothing waiting is played."""

    def close(self) -> None:
        """Stop and end the worker (idempotent)."""


class SilentPlayer:
    """Plays nothing (screenshots, tests, a kiosk with sound switched off)."""

    gain = 1.0

    def set_volume(self, gain: float) -> None:
        self.gain = gain

    def play(self, clips: Sequence[Clip], *, interrupt: bool = True) -> bool:
        return False

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass


def scale_wav(wav: bytes, gain: float) -> bytes:
    """``wav`` (16-bit PCM) with every sample scaled by ``gain``; unchanged at full gain or when not 16-bit PCM."""
    if gain >= 1.0:
        return wav
    try:
        with wave.open(io.BytesIO(wav), "rb") as source:
            params = source.getparams()
            frames = source.readframes(params.nframes)
    except (wave.Error, EOFError):
        return wav
    if params.sampwidth != 2:
        return wav
    samples = np.frombuffer(frames, dtype="<i2").astype(np.float32) * max(0.0, gain)
    out = io.BytesIO()
    with wave.open(out, "wb") as target:
        target.setparams(params)
        target.writeframes(np.clip(samples, -32768, 32767).astype("<i2").tobytes())
    return out.getvalue()


@dataclass(frozen=True)
class _Request:
    clips: tuple[Clip, ...]
    generation: int


class AplayPlayer:
    """:class:`Player` through ``aplay -q [-D device] -`` (the WAV goes to aplay's standard input)."""

    def __init__(
        self,
        device: str | None = None,
        *,
        binary: str = "aplay",
        retry_after_s: float = RETRY_AFTER_S,
    ) -> None:
        self.device = device if device is not None else (os.environ.get(AUDIO_DEVICE_ENV) or None)
        self._binary = shutil.which(binary)
        self._retry_after = retry_after_s
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._pending: _Request | None = None
        self._generation = 0
        self._current: subprocess.Popen[bytes] | None = None
        self._busy = False
        self._closing = False
        self._paused_until = 0.0
        self._device_failing = False
        self._logged: set[str] = set()
        self.gain = 1.0  # what every clip is scaled by (the resident's volume)
        self.played = 0  # clips aplay finished (tests and the benchmark read these)
        self.failed = 0
        self._thread: threading.Thread | None = None
        if self._binary is None:
            self._once("no-aplay", logging.WARNING, "%s not found: sound is off (apt-get install alsa-utils)", binary)
            return
        self._thread = threading.Thread(target=self._run, name="kiosk-audio", daemon=True)
        self._thread.start()

    @property
    def available(self) -> bool:
        """aplay is installed and the device is not known to be failing."""
        return self._thread is not None and not self._device_failing

    # --- the caller's side (any thread, never blocks) -------------------------------------------------------------
    def play(self, clips: Sequence[Clip], *, interrupt: bool = True) -> bool:
        if self._thread is None or not clips:
            return False
        with self._lock:
            if self._closing or time.monotonic() < self._paused_until:
                return False  # a failing device: no point synthesizing what cannot be heard
            if not interrupt and (self._busy or self._pending is not None):
                return False
            self._generation += 1
            self._pending = _Request(tuple(clips), self._generation)
            self._cut()
            self._wake.notify()
        return True

    def set_volume(self, gain: float) -> None:
        self.gain = min(1.0, max(0.0, gain))

    def stop(self) -> None:
        with self._lock:
            self._generation += 1
            self._pending = None
            self._cut()

    def close(self) -> None:
        with self._lock:
            self._closing = True
            self._generation += 1
            self._pending = None
            self._cut()
            self._wake.notify()
        if self._thread is not None:
            self._thread.join(5)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until nothing is waiting or playing (tests, benchmark); False on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if not self._busy and self._pending is None:
                    return True
            time.sleep(0.01)
        return False

    def _cut(self) -> None:
        """Terminate the aplay playing (lock held). Sending a signal does not block."""
        if self._current is not None and self._current.poll() is None:
            self._current.terminate()

    # --- the worker ------------------------------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._lock:
                while self._pending is None and not self._closing:
                    self._wake.wait()
                if self._closing:
                    return
                request, self._pending = self._pending, None
                if request is None:
                    continue
                self._busy = True
            try:
                self._play_request(request)
            except Exception as exc:  # noqa: BLE001 - sound must never take the kiosk down
                self._once(f"bug-{type(exc).__name__}", logging.ERROR, "audio worker: %s", type(exc).__name__)
            finally:
                with self._lock:
                    self._busy = False
                    self._current = None

    def _stale(self, request: _Request) -> bool:
        with self._lock:
            return request.generation != self._generation

    def _play_request(self, request: _Request) -> None:
        for clip in request.clips:
            if self._stale(request):
                return
            if callable(clip):
                try:
                    clip = clip()
                except SpeechError as exc:
                    self._once(
                        f"speech-{type(exc).__name__}",
                        logging.WARNING,
                        "speech not available (%s); the screen still shows the text",
                        exc,
                    )
                    continue
            if not self._play_one(clip, request):
                return

    def _play_one(self, wav: bytes, request: _Request) -> bool:
        """Play one clip to the end; False when the rest of the request should be dropped."""
        assert self._binary is not None
        argv = [self._binary, "-q", *(["-D", self.device] if self.device else []), "-"]
        wav = scale_wav(wav, self.gain)
        try:
            limit = wav_duration(wav) + PLAY_MARGIN_S
        except SpeechError:
            self._once("bad-clip", logging.WARNING, "a sound clip is not a valid WAV file; skipped")
            return True
        try:
            process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except OSError as exc:
            self._device_failed(f"cannot start aplay ({type(exc).__name__})")
            return False
        with self._lock:
            self._current = process
            if request.generation != self._generation:
                process.terminate()
        interrupted = False
        try:
            _, err = process.communicate(wav, timeout=limit)
        except subprocess.TimeoutExpired:
            process.kill()
            _, err = process.communicate()
            self._device_failed(f"aplay did not finish within {limit:.0f} s")
            return False
        with self._lock:
            self._current = None
            interrupted = request.generation != self._generation
        if interrupted:
            return False
        if process.returncode != 0:
            lines = err.decode("utf-8", "replace").strip().splitlines()
            self._device_failed(f"aplay exited with status {process.returncode}: {lines[-1] if lines else ''}")
            return False
        self.played += 1
        if self._device_failing:
            self._device_failing = False
            self._logged.discard("device")
            log.info("audio device %s works again", self.device or "default")
        return True

    def _device_failed(self, why: str) -> None:
        self.failed += 1
        self._device_failing = True
        with self._lock:
            self._paused_until = time.monotonic() + self._retry_after
        self._once(
            "device",
            logging.WARNING,
            "audio device %s failed (%s); sound is off, trying again in %.0f s",
            self.device or "default",
            why,
            self._retry_after,
        )

    def _once(self, key: str, level: int, message: str, *args: object) -> None:
        """Log a problem the first time only: a kiosk without speakers must not fill its log."""
        if key not in self._logged:
            self._logged.add(key)
            log.log(level, message, *args)
