"""The package-direction rules of ARCHITECTURE.md, checked on the source (no import side effects)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FORBIDDEN = {
    "kiosk": {"PySide6", "smartcard", "nfc", "sim", "drivers", "ui", "backend"},
    "sim": {"kiosk", "drivers", "ui", "backend", "PySide6"},
    "drivers": {"ui", "backend", "PySide6"},
    "backend": {"ui", "drivers", "PySide6", "kiosk.flows", "kiosk.backend_client", "kiosk.outbox"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _violations(package: str) -> list[str]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        if path.name == "cli.py" or "migrations" in path.parts or path.parent == ROOT / "kiosk" / "demo":
            continue  # composition roots (cli modules, simulator mode) wire the packages together
        for name in _imports(path):
            for banned in FORBIDDEN[package]:
                if name == banned or name.startswith(banned + "."):
                    found.append(f"{path.relative_to(ROOT)} imports {name}")
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_direction(package: str) -> None:
    if not (ROOT / package).is_dir():
        pytest.skip(f"{package}/ does not exist yet")
    assert _violations(package) == []
