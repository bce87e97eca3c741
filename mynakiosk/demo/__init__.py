"""Simulator mode, assembled: an embedded backend, a virtual card, a virtual camera and a scripted resident wired to
the kiosk (:mod:`.simulator`), and the kiosk window over them (:mod:`.window`)."""
