"""Where a kiosk process's memory goes: resident memory after each part is loaded, in one process.

The parts of ``bench/ui.py``'s kiosk mode, one at a time (Qt and the libraries, the UI and flows, mediapipe, the
face models and their first inference, the face mesh, the QML engine, face inference flat out on a second thread,
then the preview on top), each line the resident memory then and what that step added. packaging/README.md
("Memory") records a run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/kiosk_memory.py [--seconds 4]
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MYNAKIOSK_AUDIO", "off")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return -1.0


class Steps:
    def __init__(self) -> None:
        self.last = rss_mb()
        self.step("python")

    def step(self, name: str) -> None:
        now = rss_mb()
        print(f"rss_after_{name} {now:.0f} MB (+{now - self.last:.0f})", flush=True)
        self.last = now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=4.0, help="Length of the inference and preview steps.")
    args = parser.parse_args()
    steps = Steps()
    import cv2  # noqa: F401
    import numpy  # noqa: F401
    from PySide6.QtCore import QTimer

    steps.step("numpy_cv2_pyside6")
    from ui.app import build_ui
    from ui.driver import SampleDriver

    steps.step("import_ui")
    import kiosk.flows.kiosk  # noqa: F401

    steps.step("import_flows")
    import mediapipe  # noqa: F401

    matplotlib = len([m for m in sys.modules if m.startswith("matplotlib")])
    steps.step(f"import_mediapipe_with_{matplotlib}_matplotlib_modules")
    from kiosk.face.landmarks import MeshTracker
    from kiosk.face.liveness import Challenge
    from kiosk.flows.face_service import FaceService
    from ui.camera import FACES_DIR, ReplayCamera, load_frame
    from ui.samples import sample
    from ui.session import attach_camera

    face = FaceService(allowed=(Challenge.BLINK,), challenges=1)
    steps.step("face_service_models_loaded")
    still = load_frame(FACES_DIR / "grace_hopper.jpg", (640, 480))
    face.engine.embed(still, face.engine.single_face(still))
    steps.step("first_detection_and_embedding")
    MeshTracker(video=False, engine=face.engine)
    steps.step("face_mesh_graph")
    ui = build_ui(SampleDriver())
    steps.step("qml_engine_attract_screen")

    stop = threading.Event()

    def inference() -> None:
        while not stop.is_set():
            face.engine.embed(still, face.engine.single_face(still))

    worker = threading.Thread(target=inference, daemon=True)
    worker.start()
    time.sleep(args.seconds)
    steps.step("inference_on_a_second_thread")
    ui.vm.show(sample("face_capture-blink").view)
    camera = ReplayCamera.from_picture(FACES_DIR / "grace_hopper.jpg", fps=30)
    attach_camera(ui, camera, lambda frame: None)
    camera.start()
    QTimer.singleShot(int(args.seconds * 1000), ui.app.quit)
    ui.app.exec()
    steps.step("preview_and_inference")
    stop.set()
    worker.join(5)
    camera.stop()
    ui.close()


if __name__ == "__main__":
    main()
