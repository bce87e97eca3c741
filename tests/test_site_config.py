"""The site configuration of a real kiosk: a valid file loads; every wrong setting is named in the error."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.site_config import NATIONAL_HELPLINE, OUTBOX_KEY_BYTES, SiteConfigError, load, parse
from mynakiosk.cli import main

from .site_files import write_site


def test_a_complete_configuration_loads(tmp_path: Path) -> None:
    config = load(write_site(tmp_path))
    assert config.identity.kiosk_id == "kiosk-0001" and config.municipality == "452017"
    assert (config.staffed, config.language, config.contact_reader) == (False, "ja", False)
    assert config.backend_url == "https://kiosk-api.example.jp" and config.verify_tls is True
    assert config.client_cert is None and config.receipts is None
    assert config.anchors.jpki_roots and config.anchors.card_ap_roots
    assert (config.camera.device, config.camera.width, config.camera.fps) == (0, 640, 15.0)
    assert config.outbox_path == tmp_path / "state" / "outbox.sqlite3"
    assert "kiosk-0001" in config.summary() and "BEGIN" not in config.summary()


def test_the_outbox_key_is_made_once_private_and_kept(tmp_path: Path) -> None:
    path = write_site(tmp_path)
    key_file = tmp_path / "state" / "outbox.key"
    first = load(path).outbox_key
    assert len(first) == OUTBOX_KEY_BYTES and key_file.read_bytes() == first
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert load(path).outbox_key == first, "the next start reads the same key"


def test_a_lost_outbox_key_beside_an_outbox_is_refused(tmp_path: Path) -> None:
    path = write_site(tmp_path)
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / "outbox.sqlite3").write_bytes(b"")
    with pytest.raises(SiteConfigError, match="restore the key"):
        load(path)


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ('id = "kiosk-0001"', 'id = "kiosk 0001"', "kiosk.id"),
        ('municipality = "452017"', 'municipality = "45201"', "kiosk.municipality"),
        ('municipality = "452017"', "municipality = 452017", "kiosk.municipality"),
        ('signing_key = "kiosk-key.pem"', 'signing_key = "nowhere.pem"', "kiosk.signing_key"),
        ('signing_key = "kiosk-key.pem"', 'signing_key = "jpki-roots.pem"', "kiosk.signing_key"),
        ('url = "https://kiosk-api.example.jp"', 'url = "http://kiosk-api.example.jp"', "backend.url"),
        ('url = "https://kiosk-api.example.jp"', 'url = "ftp://x"', "backend.url"),
        ('jpki_roots = "jpki-roots.pem"', 'jpki_roots = "card-ap-roots.pem"', "trust.jpki_roots"),
        ('uri = "pcsc"', 'uri = "usb"', "reader.uri"),
        ("device = 0", "device = -1", "camera.device"),
        ("width = 640", "width = 64000", "camera.width"),
        ("fps = 15", "fps = true", "camera.fps"),
        ('outbox = "state/outbox.sqlite3"', "outbox = 3", "storage.outbox"),
        ("[kiosk]", '[kiosk]\nlanguage = "fr"', "kiosk.language"),
        ("[kiosk]", "[kiosk]\nstaffed = 1", "kiosk.staffed"),
        ("[backend]", '[backend]\nclient_key = "kiosk-key.pem"', "backend.client_certificate"),
        ("[reader]", "[reader]\ncontact = 'yes'", "reader.contact"),
        ('uri = "pcsc"', 'uri = "pcsc"\n[[camera]]', "not valid TOML"),
        ("[kiosk]", "[kiosk]\nstafed = true", "kiosk.stafed is not a setting"),
        ("[kiosk]", "[scanner]\nname = 'x'\n[kiosk]", r"\[scanner\] is not a setting"),
    ],
)
def test_a_wrong_setting_is_named(tmp_path: Path, old: str, new: str, named: str) -> None:
    path = write_site(tmp_path)
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(SiteConfigError, match=named if "\\" in named else named.replace(".", r"\.")):
        load(path)


def test_mutual_tls_and_a_private_ca_are_read(tmp_path: Path) -> None:
    path = write_site(tmp_path, backend_url="https://api.example.jp/")
    path.write_text(
        path.read_text().replace(
            "[backend]",
            '[backend]\nca_bundle = "jpki-roots.pem"\nclient_certificate = "jpki-roots.pem"\n'
            'client_key = "kiosk-key.pem"',
        )
    )
    config = load(path)
    assert config.backend_url == "https://api.example.jp"
    assert config.verify_tls == str(tmp_path / "jpki-roots.pem")
    assert config.client_cert == (str(tmp_path / "jpki-roots.pem"), str(tmp_path / "kiosk-key.pem"))


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SiteConfigError, match="cannot read the configuration"):
        load(tmp_path / "absent.toml")


def test_run_check_prints_the_summary_or_the_error(tmp_path: Path) -> None:
    path = write_site(tmp_path)
    result = CliRunner().invoke(main, ["run", "--config", str(path), "--check"])
    assert result.exit_code == 0, result.output
    assert "configuration OK: kiosk kiosk-0001" in result.output
    path.write_text(path.read_text().replace('uri = "pcsc"', 'uri = "usb"'))
    result = CliRunner().invoke(main, ["run", "--config", str(path), "--check"])
    assert result.exit_code == 1 and "reader.uri" in result.output and "Traceback" not in result.output


_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10_000), st.floats(allow_nan=False), st.text(max_size=12)
)
_SECTIONS = ["kiosk", "backend", "trust", "reader", "camera", "storage", "printer", "other"]
_NAMES = ["id", "signing_key", "municipality", "staffed", "language", "url", "ca_bundle", "client_certificate",
          "client_key", "jpki_roots", "card_ap_roots", "uri", "contact", "device", "width", "height", "fps", "outbox",
          "outbox_key", "receipts", "keypad_shuffle", "queue", "usb_ids", "x"]  # fmt: skip


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    changes=st.dictionaries(
        st.tuples(st.sampled_from(_SECTIONS), st.sampled_from(_NAMES)),
        st.one_of(_SCALARS, st.lists(_SCALARS, max_size=2), st.dictionaries(st.text(max_size=3), _SCALARS, max_size=2)),
        max_size=4,
    )
)
def test_any_values_give_a_config_or_a_named_error(tmp_path: Path, changes: dict[tuple[str, str], object]) -> None:
    """Whatever types and values a hand-edited file holds, loading it never fails any other way."""
    base = tomllib.loads(write_site(tmp_path).read_text())
    for (section, name), value in changes.items():
        table = base.setdefault(section, {})
        if value is None:
            table.pop(name, None)
        else:
            table[name] = value
    try:
        parse(base, base=tmp_path)
    except SiteConfigError as exc:
        assert str(exc)


def test_the_keypad_layout_and_the_receipt_printer_are_site_settings(tmp_path: Path) -> None:
    path = write_site(tmp_path)
    assert (load(path).keypad_shuffle, load(path).printer_queue) == (False, None)
    text = path.read_text().replace("[kiosk]\n", "[kiosk]\nkeypad_shuffle = true\n")
    path.write_text(text + '\n[printer]\nqueue = "receipts"\n')
    config = load(path)
    assert (config.keypad_shuffle, config.printer_queue) == (True, "receipts")
    path.write_text(text + '\n[printer]\nqueue = "bad queue/name"\n')
    with pytest.raises(SiteConfigError, match=r"printer\.queue"):
        load(path)


def test_the_voice_guide_output_and_start_volume_are_site_settings(tmp_path: Path) -> None:
    path = write_site(tmp_path)
    assert (load(path).audio_device, load(path).volume) == (None, 5)
    text = path.read_text()
    path.write_text(text + '\n[audio]\ndevice = "plughw:CARD=Headset,DEV=0"\nvolume = 3\n')
    assert (load(path).audio_device, load(path).volume) == ("plughw:CARD=Headset,DEV=0", 3)
    for bad, named in (('device = "hw:0; rm -rf /"', r"audio\.device"), ("volume = 9", r"audio\.volume")):
        path.write_text(text + f"\n[audio]\n{bad}\n")
        with pytest.raises(SiteConfigError, match=named):
            load(path)


def test_the_camera_models_a_site_accepts(tmp_path: Path) -> None:
    path = write_site(tmp_path)
    assert load(path).camera.usb_ids == ()
    text = path.read_text().replace("[camera]\n", '[camera]\nusb_ids = ["046D:0843", "0c45:6366"]\n')
    path.write_text(text)
    assert load(path).camera.usb_ids == ("046d:0843", "0c45:6366")
    path.write_text(text.replace('"0c45:6366"', '"webcam"'))
    with pytest.raises(SiteConfigError, match=r"camera\.usb_ids"):
        load(path)


def test_the_helpline_is_the_sites_own_or_the_national_toll_free_line(tmp_path: Path) -> None:
    path = write_site(tmp_path)
    default = load(path).helpline
    assert (default.number, default.national, default.text) == (NATIONAL_HELPLINE, True, "")
    assert NATIONAL_HELPLINE == "0120-95-0178"
    text = path.read_text()
    path.write_text(text + '\n[help]\nhelpline = "045-671-2121"\nhelp_text = "平日 8:45-17:15 戸籍課"\n')
    own = load(path).helpline
    assert (own.number, own.national, own.text) == ("045-671-2121", False, "平日 8:45-17:15 戸籍課")
    path.write_text(text + '\n[help]\nhelpline = "call us"\n')
    with pytest.raises(SiteConfigError, match=r"help\.helpline"):
        load(path)
    path.write_text(text + '\n[help]\nhelp_text = "two\\nlines"\n')
    with pytest.raises(SiteConfigError, match=r"help\.help_text"):
        load(path)
    path.write_text(text + '\n[help]\nhelpnumber = "0120"\n')
    with pytest.raises(SiteConfigError, match=r"help\.helpnumber"):
        load(path)
