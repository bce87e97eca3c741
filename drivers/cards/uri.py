"""Reader URIs, the one way a reader is chosen everywhere (config, CLI, technician screen).

``sim:PATH[?faults=PLAN&extended=0]``  in-process virtual card image (fault plan syntax: ``sim.faults.FaultPlan``)
``pcsc``                              the first PC/SC reader with a card
``pcsc:NAME-SUBSTRING``               the PC/SC reader whose name contains the substring
``nfc:usb``                           a Sony RC-S380 (or other nfcpy device) driven directly over USB
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

from kiosk.card.errors import UnsupportedReader
from kiosk.card.transport import CardReader


def open_reader(uri: str) -> CardReader:
    scheme, _, rest = uri.partition(":")
    if scheme == "sim":
        return _open_sim(rest)
    if scheme == "pcsc":
        from drivers.cards.pcsc import PcscReader

        return PcscReader(rest or None)
    if scheme == "nfc":
        from drivers.cards.nfc import NfcReader

        return NfcReader(rest or "usb")
    raise UnsupportedReader(f"unknown reader URI {uri!r} (expected sim:PATH, pcsc, pcsc:NAME or nfc:usb)")


def _open_sim(rest: str) -> CardReader:
    from drivers.cards.sim import SimReader
    from sim.faults import FaultPlan

    path, _, query = rest.partition("?")
    if not path:
        raise UnsupportedReader("sim: needs the path of a card image, e.g. sim:card.json")
    params = parse_qs(query)
    faults = FaultPlan.parse(params["faults"][0]) if "faults" in params else None
    extended = params.get("extended", ["1"])[0] not in ("0", "false", "no")
    return SimReader.from_file(Path(path), faults=faults, reader_extended=extended)
