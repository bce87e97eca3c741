from __future__ import annotations

import json
from pathlib import Path

import cv2
from click.testing import CliRunner

from kiosk.face.engine import FaceEngine
from kiosk.face.image import Image
from mynakiosk.cli import main
from tests.face.helpers import live_frames, two_people


def write_frames(tmp_path: Path, engine: FaceEngine, image: Image, seed: int) -> list[str]:
    paths = []
    for k, frame in enumerate(live_frames(engine, image, 2, seed)):
        path = tmp_path / f"live{seed}_{k}.jpg"
        cv2.imwrite(str(path), frame)
        paths.append(str(path))
    return paths


def test_face_match_json(tmp_path: Path, engine: FaceEngine, collins: Image, collins_chip: bytes) -> None:
    chip = tmp_path / "chip.jp2"
    chip.write_bytes(collins_chip)
    result = CliRunner().invoke(
        main, ["face", "match", str(chip), *write_frames(tmp_path, engine, collins, 7), "--json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["match"] is True
    assert payload["threshold"] > 0 and payload["score"] >= payload["threshold"]
    assert set(payload["faces"]) == {"chip", "live"} and payload["ms"] > 0


def test_face_match_no_face_is_an_error(tmp_path: Path, collins_chip: bytes) -> None:
    chip = tmp_path / "chip.jp2"
    chip.write_bytes(collins_chip)
    cat = Path(__file__).resolve().parents[2] / "assets" / "faces" / "chelsea.jpg"
    result = CliRunner().invoke(main, ["face", "match", str(chip), str(cat), "--json"])
    assert result.exit_code == 2
    assert json.loads(result.output)["error"] == "no_face"


def test_face_devset_and_evaluate(tmp_path: Path) -> None:
    runner = CliRunner()
    built = runner.invoke(main, ["face", "devset", str(tmp_path / "dev"), "--lives", "2", "--json"])
    assert built.exit_code == 0, built.output
    pairs = json.loads(built.output)["pairs_csv"]
    result = runner.invoke(main, ["face", "evaluate", pairs, "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["pairs"] == 3 * 3 * 2
    assert payload["detection_failures"] == 0
    assert payload["eer"] == 0.0
    assert payload["at_threshold"]["far"] == 0.0
    assert set(payload["tar_at_far"]) == {"0.01", "0.001"}
    assert payload["fused_by_identity"]["genuine_attempts"] == 3  # two live frames per person, decided together
    assert payload["fused_by_identity"]["impostor_attempts"] == 6 and payload["fused_by_identity"]["far"] == 0.0


def test_face_evaluate_rejects_bad_csv(tmp_path: Path) -> None:
    bad = tmp_path / "pairs.csv"
    bad.write_text("a,b\n")
    result = CliRunner().invoke(main, ["face", "evaluate", str(bad), "--json"])
    assert result.exit_code == 2
    assert json.loads(result.output)["error"] == "pairs_file"


def test_face_quality_json_reports_checks_and_hints(tmp_path: Path) -> None:
    photo = Path(__file__).resolve().parents[2] / "assets" / "faces" / "grace_hopper.jpg"
    crop = tmp_path / "crop.png"
    result = CliRunner().invoke(main, ["face", "quality", str(photo), "--crop-out", str(crop), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["ok"] is False
    assert payload["checks"]["background"] == {
        "ok": False,
        "value": payload["checks"]["background"]["value"],
        "hint_key": "plain_background",
        "hint": "The background must be plain. Please stand in front of the plain panel.",
    }
    assert cv2.imread(str(crop)).shape == (540, 420, 3)


def test_face_liveness_on_a_folder_of_frames(tmp_path: Path, engine: FaceEngine, hopper: Image) -> None:
    from kiosk.face.landmarks import MeshTracker
    from kiosk.face.synthetic import blink_frames

    tracker = MeshTracker(video=False, engine=engine)
    for k, frame in enumerate(blink_frames(hopper, tracker, fps=10.0, seconds=2.5)):
        cv2.imwrite(str(tmp_path / f"{k:04d}.png"), frame)
    tracker.close()
    result = CliRunner().invoke(
        main, ["face", "liveness", str(tmp_path), "--challenge", "blink", "--fps", "10", "--json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["live"] is True and payload["state"] == "passed" and payload["completed"] == ["blink"]


def test_face_match_two_faces_is_an_error(tmp_path: Path, collins: Image, hopper: Image, collins_chip: bytes) -> None:
    chip = tmp_path / "chip.jp2"
    chip.write_bytes(collins_chip)
    pair = two_people(collins, hopper)  # faces of comparable size (a smaller one would be a bystander)
    live = tmp_path / "pair.png"
    cv2.imwrite(str(live), pair)
    result = CliRunner().invoke(main, ["face", "match", str(chip), str(live), "--json"])
    assert result.exit_code == 2
    assert json.loads(result.output)["error"] == "multiple_faces"


def test_face_match_human_output_and_threshold(
    tmp_path: Path, engine: FaceEngine, collins: Image, collins_chip: bytes
) -> None:
    chip = tmp_path / "chip.jp2"
    chip.write_bytes(collins_chip)
    frames = write_frames(tmp_path, engine, collins, 8)
    result = CliRunner().invoke(main, ["face", "match", str(chip), *frames, "--threshold", "0.99"])
    assert result.exit_code == 0
    assert result.output.startswith("NO MATCH") and "custom-0.99" in result.output


def test_face_synth_live_writes_a_replayable_sequence(tmp_path: Path) -> None:
    photo = Path(__file__).resolve().parents[2] / "assets" / "faces" / "grace_hopper.jpg"
    result = CliRunner().invoke(
        main, ["face", "synth-live", str(photo), str(tmp_path / "seq"), "--seconds", "1", "--fps", "10", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["frames"] == 10
    assert len(list((tmp_path / "seq").glob("*.jpg"))) == 10
    cat = Path(__file__).resolve().parents[2] / "assets" / "faces" / "chelsea.jpg"
    refused = CliRunner().invoke(main, ["face", "synth-live", str(cat), str(tmp_path / "x"), "--json"])
    assert refused.exit_code == 2 and json.loads(refused.output)["error"] == "no_face"
