"""Runtime hook of the kiosk bundle: runs inside the frozen program before ``mynakiosk``'s own code.

- Translations: the bundle carries the ``.qm`` files compiled at build time (``assets/i18n-qm``); a kiosk has no
  ``pyside6-lrelease`` to compile them at start-up.
- Qt Quick Controls: only the Basic style is in the bundle.
- matplotlib: mediapipe's ``drawing_utils`` imports ``matplotlib.pyplot`` at import time for a plotting helper
  the kiosk never calls; the bundle leaves matplotlib out and puts a module here that says so if anything uses it.
- ``mynakiosk -m mynakiosk …``: the technician screen starts ``sys.executable -m mynakiosk doctor``; frozen,
  ``sys.executable`` is the ``mynakiosk`` program itself, so the ``-m …`` is dropped.
"""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path


def _setup() -> None:
    base = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    os.environ.setdefault("MYNAKIOSK_I18N_CACHE", str(base / "assets" / "i18n-qm"))
    os.environ.setdefault("QT_QUICK_CONTROLS_STYLE", "Basic")

    def missing(name: str) -> types.ModuleType:
        module = types.ModuleType(name)

        def __getattr__(attr: str) -> object:
            if attr.startswith("__"):
                raise AttributeError(attr)
            raise ImportError(f"{name}.{attr}: matplotlib is not in the kiosk bundle (mediapipe plotting only)")

        module.__getattr__ = __getattr__  # type: ignore[method-assign]
        module.__path__ = []  # a package, so `import matplotlib.pyplot` finds the submodule below
        return module

    if "matplotlib" not in sys.modules:
        package, pyplot = missing("matplotlib"), missing("matplotlib.pyplot")
        package.pyplot = pyplot  # type: ignore[attr-defined]  # `import matplotlib.pyplot as plt` reads it
        sys.modules.update({"matplotlib": package, "matplotlib.pyplot": pyplot})
    if sys.argv[1:3] in (["-m", "kiosk"], ["-m", "mynakiosk"]):
        del sys.argv[1:3]


_setup()
