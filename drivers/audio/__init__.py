"""Offline audio: speech synthesis (Open JTalk for Japanese, eSpeak NG for English), sound cues and playback
through ALSA's ``aplay``. Nothing here downloads anything or needs a network."""
