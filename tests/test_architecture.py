"""The package map of ARCHITECTURE.md, checked on the source (parsed, never imported: no import side effects).

Every import statement counts, at module level or inside a function, under ``if TYPE_CHECKING`` or not: a lazy
import is still a dependency. ``mynakiosk/`` is the composition root and the only package that may import all
the others; nothing below it imports it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("mynakiosk", "kiosk", "drivers", "sim", "ui", "backend")

FORBIDDEN = {
    "kiosk": {"PySide6", "smartcard", "nfc", "sim", "drivers", "ui", "backend", "mynakiosk"},
    "sim": {"kiosk", "drivers", "ui", "backend", "PySide6", "mynakiosk"},
    "drivers": {"ui", "backend", "PySide6", "mynakiosk"},
    "ui": {"backend", "sim", "mynakiosk"},
    "backend": {"ui", "drivers", "PySide6", "kiosk.flows", "kiosk.backend_client", "kiosk.outbox", "mynakiosk"},
}

# Cycles being removed on another branch; each stays listed here only until that branch lands.
KNOWN_CYCLES: set[frozenset[str]] = {frozenset({"kiosk.flows.renewal", "kiosk.flows.staff"})}


def _sources() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the project's packages (a package is its ``__init__``)."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


MODULES = _sources()


def _imported(module: str, path: Path) -> Iterator[str]:
    """Every name ``module`` imports, absolute; ``from a import b`` yields ``a.b`` (``b`` may be a submodule)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            yield source
            yield from (f"{source}.{alias.name}" for alias in node.names if alias.name != "*")


def _project_module(name: str) -> str | None:
    """The project module ``name`` refers to: itself, or the nearest enclosing module (``a.b.C`` -> ``a.b``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _violations(package: str) -> list[str]:
    found = []
    for module, path in MODULES.items():
        if module.split(".")[0] != package or "migrations" in path.parts:
            continue
        for name in sorted(set(_imported(module, path))):
            for banned in FORBIDDEN[package]:
                if name == banned or name.startswith(banned + "."):
                    found.append(f"{path.relative_to(ROOT)} imports {name}")
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_direction(package: str) -> None:
    assert _violations(package) == []


def test_a_lazy_import_inside_a_function_counts(tmp_path: Path) -> None:
    path = tmp_path / "lazy.py"
    path.write_text("def f():\n    if True:\n        from sim.pki import TestPki\n        import backend.embedded\n")
    assert {"sim.pki", "sim.pki.TestPki", "backend.embedded"} <= set(_imported("kiosk.lazy", path))


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        targets = {_project_module(name) for name in _imported(module, path)}
        graph[module] = {t for t in targets if t is not None and t != module}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(frozenset(component))
    return found


def test_no_import_cycle_between_modules() -> None:
    cycles = [sorted(c) for c in _cycles(_graph()) if c not in KNOWN_CYCLES]
    assert cycles == []


@pytest.mark.xfail(strict=True, reason="kiosk.flows.renewal <-> kiosk.flows.staff: removed on the flows branch")
def test_the_known_cycles_are_gone() -> None:
    assert [c for c in _cycles(_graph()) if c in KNOWN_CYCLES] == []


def test_the_cycle_check_finds_a_cycle_of_three_and_nothing_beside_it() -> None:
    graph = {"p": set(), "p.a": {"p.b"}, "p.b": {"p.c"}, "p.c": {"p.a"}, "p.d": {"p.a"}}
    assert _cycles(graph) == [frozenset({"p.a", "p.b", "p.c"})]


def test_relative_imports_resolve_to_the_module_they_name(tmp_path: Path) -> None:
    path = tmp_path / "steps.py"
    path.write_text("from . import view\nfrom ..card import pin\nfrom .events import Tick\n")
    names = set(_imported("kiosk.flows.steps", path))
    assert {"kiosk.flows.view", "kiosk.card.pin", "kiosk.flows.events"} <= names
    assert {_project_module(n) for n in names} == {"kiosk.flows", "kiosk.flows.view", "kiosk.card", "kiosk.card.pin",
                                                   "kiosk.flows.events"}  # fmt: skip


def test_from_package_import_submodule_is_an_edge_to_the_submodule() -> None:
    graph = _graph()
    assert "drivers.doctor.checks" in graph["drivers.doctor.site"]
    assert "mynakiosk.demo.simulator" in graph["mynakiosk.commands.demo"]
