"""OpenSC, written by others, against our virtual card through the real pcscd + vpcd.

If one of these fails, the card is what is wrong, not OpenSC: the real My Number Card works with OpenSC's
``jpki`` driver, so the virtual one must too.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509

from sim.image import CardImage
from sim.personalise import DEFAULT_AUTH_PIN, DEFAULT_SIGN_PIN, new_card
from sim.personas import get_persona
from tests import pcsc_harness

pytestmark = pytest.mark.pcsc

TOOL_TIMEOUT = 60
AUTH_CERT_FID = 0x000A
SIGN_CERT_FID = 0x0001
# Commands the card implements (docs/card-profile.md); everything else must be refused.
IMPLEMENTED = {(0x00, 0xA4), (0x00, 0xB0), (0x00, 0xB2), (0x00, 0x20), (0x00, 0x24), (0x00, 0x88), (0x80, 0x2A)}
OUR_AIDS = {
    "D392F000260100000001",
    "D3921000310001010402",
    "D3921000310001010408",
    "D3921000310001010100",
}


@dataclass(frozen=True)
class OpenscSetup:
    reader: str
    image: CardImage
    workdir: Path
    env: dict[str, str]
    pkcs11_module: str
    session: pcsc_harness.PcscSession


def _pkcs11_module() -> str | None:
    for candidate in [*sorted(Path("/usr/lib").glob("*/opensc-pkcs11.so")), Path("/usr/lib/opensc-pkcs11.so")]:
        if candidate.exists():
            return str(candidate)
    return None


@pytest.fixture(scope="module")
def opensc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenscSetup]:
    if reason := pcsc_harness.unavailable_reason():
        pytest.fail(f"the OpenSC interoperability tests cannot run here: {reason}")
    missing = [t for t in ("opensc-tool", "pkcs15-tool", "pkcs11-tool", "openssl") if shutil.which(t) is None]
    module = _pkcs11_module()
    if missing or module is None:
        pytest.fail(f"OpenSC is not fully installed ({missing or 'opensc-pkcs11.so'}); run scripts/bootstrap")
    workdir = tmp_path_factory.mktemp("opensc")
    path = workdir / "card.json"
    new_card(get_persona("tanaka"), seed=21).save(path)
    # PINs reach the tools through the environment ("env:NAME"), never on a command line.
    env = dict(os.environ, AUTH_PIN=DEFAULT_AUTH_PIN, SIGN_PIN=DEFAULT_SIGN_PIN, OPENSC_DEBUG="0")
    with pcsc_harness.pcsc_card_session(path) as session:
        yield OpenscSetup(session.reader_name, CardImage.load(path), workdir, env, module, session)


def run(setup: OpenscSetup, *args: str, debug: bool = False) -> subprocess.CompletedProcess[str]:
    env = dict(setup.env, OPENSC_DEBUG="9") if debug else setup.env
    result = subprocess.run(args, capture_output=True, text=True, timeout=TOOL_TIMEOUT, env=env, check=False)
    assert result.returncode == 0, f"{args[0]} failed ({result.returncode}): {result.stderr[-2000:]}"
    return result


def test_opensc_tool_lists_the_reader_with_the_card(opensc: OpenscSetup) -> None:
    out = run(opensc, "opensc-tool", "--list-readers").stdout
    assert re.search(rf"Yes\s+{re.escape(opensc.reader)}", out)


def test_opensc_tool_names_the_card_jpki(opensc: OpenscSetup) -> None:
    assert run(opensc, "opensc-tool", "--reader", opensc.reader, "--name").stdout.strip() == "jpki"


def test_pkcs15_tool_lists_the_authentication_and_signature_certificates(opensc: OpenscSetup) -> None:
    out = run(opensc, "pkcs15-tool", "--reader", opensc.reader, "--list-certificates").stdout
    assert "User Authentication Certificate" in out
    assert "Digital Signature Certificate" in out


def test_pkcs15_tool_reports_the_tries_left_of_both_pins(opensc: OpenscSetup) -> None:
    out = run(opensc, "pkcs15-tool", "--reader", opensc.reader, "--list-pins").stdout
    assert re.findall(r"Tries left\s*:\s*(\d+)", out) == ["3", "5"]


def _card_cert(image: CardImage, fid: int) -> x509.Certificate:
    raw = image.file("jpki", fid)
    assert raw is not None
    return x509.load_der_x509_certificate(raw)


def test_pkcs15_tool_reads_the_authentication_certificate(opensc: OpenscSetup) -> None:
    out = opensc.workdir / "auth.pem"
    run(opensc, "pkcs15-tool", "--reader", opensc.reader, "--read-certificate", "01", "--output", str(out))
    assert x509.load_pem_x509_certificate(out.read_bytes()) == _card_cert(opensc.image, AUTH_CERT_FID)


def test_pkcs15_tool_reads_the_signature_certificate_after_the_signature_pin(opensc: OpenscSetup) -> None:
    out = opensc.workdir / "sign.pem"
    run(
        opensc,
        *("pkcs15-tool", "--reader", opensc.reader, "--read-certificate", "02"),
        *("--verify-pin", "--auth-id", "02", "--pin", "env:SIGN_PIN", "--output", str(out)),
    )
    assert x509.load_pem_x509_certificate(out.read_bytes()) == _card_cert(opensc.image, SIGN_CERT_FID)


def test_pkcs11_tool_signs_with_the_auth_key_and_openssl_verifies_it(opensc: OpenscSetup) -> None:
    cert = opensc.workdir / "auth-for-verify.pem"
    run(opensc, "pkcs15-tool", "--reader", opensc.reader, "--read-certificate", "01", "--output", str(cert))
    data = opensc.workdir / "challenge.bin"
    data.write_bytes(b"nonce from the backend: 4f1c9a")
    signature = opensc.workdir / "challenge.sig"
    run(
        opensc,
        *("pkcs11-tool", "--module", opensc.pkcs11_module, "--slot-index", "0"),
        *("--login", "--pin", "env:AUTH_PIN", "--sign", "--mechanism", "SHA256-RSA-PKCS", "--id", "01"),
        *("--input-file", str(data), "--output-file", str(signature)),
    )
    pubkey = opensc.workdir / "auth-pub.pem"
    pubkey.write_text(run(opensc, "openssl", "x509", "-in", str(cert), "-pubkey", "-noout").stdout)
    verified = run(
        opensc, "openssl", "dgst", "-sha256", "-verify", str(pubkey), "-signature", str(signature), str(data)
    )
    assert verified.stdout.strip() == "Verified OK"


def _apdu_pairs(log: str) -> list[tuple[bytes, bytes]]:
    """(command, response) pairs from an ``OPENSC_DEBUG=9`` log."""
    pairs: list[tuple[bytes, bytes]] = []
    command: bytes | None = None
    lines = log.splitlines()
    for i, line in enumerate(lines):
        match = re.match(r"(Outgoing|Incoming) APDU \((\d+) bytes\):", line)
        if not match:
            continue
        size = int(match.group(2))
        hex_digits = ""
        for follow in lines[i + 1 :]:
            chunk = re.match(r"^((?:[0-9A-F]{2} )+)", follow)
            if not chunk:
                break
            hex_digits += chunk.group(1)
        data = bytes.fromhex(hex_digits)[:size]
        if match.group(1) == "Outgoing":
            command = data
        elif command is not None:
            pairs.append((command, data))
            command = None
    return pairs


def test_every_probe_opensc_sends_is_refused_unless_implemented(opensc: OpenscSetup) -> None:
    log = run(opensc, "pkcs15-tool", "--reader", opensc.reader, "--list-certificates", debug=True).stderr
    pairs = _apdu_pairs(log)
    assert pairs, "no APDUs found in the OpenSC debug log (has its format changed?)"
    foreign_selects = 0
    for command, response in pairs:
        cla, ins = command[0], command[1]
        if (cla & 0xFC, ins) not in IMPLEMENTED:
            assert response[-2:] != b"\x90\x00", f"unimplemented {command[:4].hex()} answered 90 00"
        elif ins == 0xA4 and command[2] == 0x04 and command[5 : 5 + command[4]].hex().upper() not in OUR_AIDS:
            foreign_selects += 1
            assert response[-2:] == b"\x6a\x82", f"SELECT of a foreign AID answered {response[-2:].hex()}"
    assert foreign_selects > 0  # OpenSC does probe other vendors' applications first


def test_opensc_sees_a_wrong_pin_cost_exactly_one_try(
    opensc: OpenscSetup, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # A second card in vpcd's other slot, so the first card's counters stay as the other tests expect.
    path = tmp_path_factory.mktemp("opensc-wrong-pin") / "card.json"
    new_card(get_persona("suzuki"), seed=22).save(path)
    with opensc.session.second_card(path) as second:
        env = dict(opensc.env, WRONG_PIN="0000" if DEFAULT_AUTH_PIN != "0000" else "1111")
        refused = subprocess.run(
            [
                "pkcs15-tool",
                "--reader",
                second.reader_name,
                "--verify-pin",
                "--auth-id",
                "01",
                "--pin",
                "env:WRONG_PIN",
            ],
            capture_output=True,
            text=True,
            timeout=TOOL_TIMEOUT,
            env=env,
            check=False,
        )
        assert refused.returncode != 0
        assert "incorrect" in (refused.stdout + refused.stderr).lower()
        out = run(opensc, "pkcs15-tool", "--reader", second.reader_name, "--list-pins").stdout
        assert re.findall(r"Tries left\s*:\s*(\d+)", out) == ["2", "5"]


@pytest.mark.xfail(
    strict=True,
    reason="open profile question: on a child's card (no signature certificate) the virtual card has no sign PIN EF "
    "001B, and OpenSC 0.23's jpki binding needs `00 A4 02 0C 02 00 1B` -> 90 00 and `00 20 00 80` -> 63 Cx for it; "
    "whether the real card keeps an unissued 001B is not public (docs/readers.md)",
)
def test_opensc_binds_a_childs_card(opensc: OpenscSetup, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("opensc-child") / "card.json"
    new_card(get_persona("sato"), seed=23).save(path)
    with opensc.session.second_card(path) as second:
        out = run(opensc, "pkcs15-tool", "--reader", second.reader_name, "--list-certificates").stdout
        assert "User Authentication Certificate" in out
