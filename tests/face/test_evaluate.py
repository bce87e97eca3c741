"""``face evaluate``: no-decision reasons that add up, fused multi-image attempts, groups, cross impostors."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import cv2
import pytest

from kiosk.face.engine import FaceEngine
from kiosk.face.evaluate import (
    NO_DECISION_REASONS,
    PairsFileError,
    evaluate,
    evaluation_lines,
    evaluation_payload,
    read_pairs,
)
from kiosk.face.image import Image
from kiosk.face.match import DEFAULT_OPERATING_POINT
from tests.face.helpers import live_frames, two_people

# The shared different-photo dev set, read in place beside the checkout (MYNAKIOSK_FACE_DEVSET points elsewhere).
DEVSET = Path(os.environ.get("MYNAKIOSK_FACE_DEVSET") or Path(__file__).resolve().parents[3] / "shared" / "face-devset")


@pytest.fixture(scope="module")
def pairs_dir(
    tmp_path_factory: pytest.TempPathFactory,
    engine: FaceEngine,
    collins: Image,
    hopper: Image,
    cat: Image,
    collins_chip: bytes,
    hopper_chip: bytes,
) -> Path:
    folder = tmp_path_factory.mktemp("pairs")
    (folder / "collins.jp2").write_bytes(collins_chip)
    (folder / "hopper.jp2").write_bytes(hopper_chip)
    images = {
        "cat.jpg": cat,
        "crowd.jpg": two_people(collins, hopper),
        "tiny.jpg": cv2.resize(collins, (96, 96), interpolation=cv2.INTER_AREA),
    }
    for k, frame in enumerate(live_frames(engine, collins, 2, seed=21)):
        images[f"collins{k}.jpg"] = frame
    images["hopper0.jpg"] = live_frames(engine, hopper, 1, seed=22)[0]
    for name, image in images.items():
        cv2.imwrite(str(folder / name), image)
    rows = [
        ("collins.jp2", "collins0.jpg", 1, "a"),
        ("collins.jp2", "collins0.jpg;collins1.jpg;crowd.jpg", 1, "a"),  # fused, one frame skipped
        ("collins.jp2", "hopper0.jpg", 0, "a"),
        ("hopper.jp2", "hopper0.jpg", 1, "b"),
        ("hopper.jp2", "collins1.jpg", 0, "b"),
        ("collins.jp2", "cat.jpg", 1, "b"),  # no face
        ("collins.jp2", "crowd.jpg", 1, "b"),  # second face of comparable size
        ("hopper.jp2", "crowd.jpg;cat.jpg", 0, "b"),  # no usable image: the second face is the reason
        ("collins.jp2", "tiny.jpg", 1, "a"),  # a face too small to embed
        ("cat.jpg", "collins0.jpg", 0, "a"),  # a "chip" without a face
    ]
    with (folder / "pairs.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["chip", "live", "same", "group"])
        writer.writerows(rows)
    return folder / "pairs.csv"


def test_no_decision_reasons_add_up(engine: FaceEngine, pairs_dir: Path) -> None:
    result = evaluate(engine, read_pairs(pairs_dir), DEFAULT_OPERATING_POINT)
    assert result.no_decision == {"chip_no_face": 1, "no_face": 1, "second_face": 2, "quality": 1}
    assert set(result.no_decision) == set(NO_DECISION_REASONS)
    assert sum(result.no_decision.values()) == result.detection_failures == 5
    assert result.genuine_pairs + result.impostor_pairs + result.detection_failures == result.pairs == 10
    assert result.fused_pairs == 2
    assert result.at_threshold.tar == 1.0 and result.at_threshold.far == 0.0
    payload = evaluation_payload(result)
    assert payload["no_decision_rate"] == 0.5
    assert payload["groups"]["a"]["genuine_pairs"] == 2 and payload["groups"]["a"]["no_decision"] == 2
    assert payload["groups"]["b"] == {"genuine_pairs": 1, "impostor_pairs": 1, "no_decision": 3, "tar": 1.0, "far": 0.0}
    assert any(line.startswith("no decision: 5 (") for line in evaluation_lines(result))


def test_rows_of_one_identity_are_also_decided_together(engine: FaceEngine, pairs_dir: Path) -> None:
    """Collins' chip against all images linked to Collins (fused), against Hopper's; Hopper's chip against hers.
    Rows whose live images are in no genuine row have no known identity and are left out; the faceless chip has
    no decision."""
    fused = evaluate(engine, read_pairs(pairs_dir), DEFAULT_OPERATING_POINT).fused_by_identity
    assert fused is not None
    assert (fused.genuine_attempts, fused.impostor_attempts, fused.no_decision) == (2, 1, 1)
    assert fused.at_threshold.tar == 1.0 and fused.at_threshold.far == 0.0


def test_cross_impostors_pair_every_chip_with_other_identities(engine: FaceEngine, pairs_dir: Path) -> None:
    result = evaluate(engine, read_pairs(pairs_dir), DEFAULT_OPERATING_POINT, cross_impostors=True)
    # Identities by genuine rows: collins (chip, collins0, the fused cell, cat, crowd, tiny) and hopper (chip,
    # hopper0). With a decision: collins' chip against hopper0; hopper's chip against collins0 and the fused cell.
    # collins1.jpg alone and the crowd;cat cell appear in no genuine row: their identity is unknown, left out.
    assert result.impostor_source == "cross" and result.file_impostor_pairs == 2
    assert result.impostor_pairs == 1 + 2
    assert result.at_threshold.far == 0.0


def test_a_row_with_the_wrong_number_of_cells_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "pairs.csv"
    bad.write_text("chip,live,same,group\na.jp2,b.jpg,1\n")
    with pytest.raises(PairsFileError, match=":2:"):
        read_pairs(bad)


@pytest.mark.skipif(not (DEVSET / "pairs.csv").is_file(), reason="../shared/face-devset is not beside the checkout")
def test_devset_chips_are_never_refused(engine: FaceEngine, tmp_path: Path) -> None:
    """Five people of the shared different-photo set (20 pairs): every chip gives its dominant face."""
    rows = (DEVSET / "pairs.csv").read_text(encoding="utf-8").splitlines()
    small = tmp_path / "pairs.csv"
    small.write_text(
        "\n".join([rows[0], *(f"{DEVSET}/{r.split(',')[0]},{DEVSET}/{r.split(',', 2)[1]},{r[-1]}" for r in rows[1:21])])
    )
    result = evaluate(engine, read_pairs(small), DEFAULT_OPERATING_POINT)
    assert result.no_decision["chip_no_face"] == 0
    assert result.genuine_pairs + result.impostor_pairs + result.detection_failures == 20
