"""Mutation testing: make one small change to a module, run the tests that cover it, and see if they notice.

Run through ``scripts/mutation MODULE`` (a path such as ``kiosk/card/session.py`` or a dotted name). The changes:

* comparisons flipped (``==``/``!=``, ``in``/``not in``, ``is``/``is not``) and moved across their boundary
  (``<`` to ``<=`` and to ``>=``, ...);
* integer constants plus and minus one, ``True``/``False`` swapped;
* a ``raise`` deleted, a ``return``'s value replaced by ``None``;
* ``and``/``or`` swapped, a ``not`` dropped, ``+``/``-`` swapped.

Docstrings, annotations and decorators are left alone (changing them changes nothing at run time). The source file
is never written: each mutant is compiled in memory and put in place by an import hook that this same file installs
as a pytest plugin in the test process (``-p mutate``), so an interrupted run leaves the tree as it was.

A first run without a change records which lines the tests execute; a mutant on a line they never reach is
"not covered" and is not run. The score is killed / covered. Survivors are listed with their location: each is either
an equivalent change (explain why in docs/pin-safety.md) or a missing test.
"""

from __future__ import annotations

import argparse
import ast
import importlib.abc
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# The tests that cover each safety-critical module (more can be given with --tests).
TESTS: dict[str, list[str]] = {
    "kiosk/card/session.py": [
        "tests/card/test_session_unit.py",
        "tests/card/test_pin_safety_card.py",
        "tests/card/test_card.py",
        "-k",
        "not pcsc",
    ],
    "kiosk/card/pin.py": ["tests/card/test_pin_rules_unit.py", "tests/card/test_card.py", "-k", "not pcsc"],
    "kiosk/flows/pin_rules.py": ["tests/card/test_pin_rules_unit.py"],
    "kiosk/card/tlv.py": ["tests/card/test_tlv_edges.py", "tests/card/test_tlv.py"],
    "kiosk/card/apdu.py": ["tests/card/test_apdu.py", "tests/test_privacy_reprs.py", "tests/card/test_session_unit.py"],
    "kiosk/outbox.py": [
        "tests/outbox",
        "tests/test_outbox.py",
        "tests/test_delivery.py",
        "tests/drivers/test_doctor_outbox.py",
        "tests/test_privacy_reprs.py::test_no_dataclass_shows_secret_or_personal_fields",
    ],
}

_FLIPS: dict[type[ast.cmpop], tuple[type[ast.cmpop], ...]] = {
    ast.Eq: (ast.NotEq,),
    ast.NotEq: (ast.Eq,),
    ast.Lt: (ast.LtE, ast.GtE),
    ast.LtE: (ast.Lt, ast.Gt),
    ast.Gt: (ast.GtE, ast.LtE),
    ast.GtE: (ast.Gt, ast.Lt),
    ast.In: (ast.NotIn,),
    ast.NotIn: (ast.In,),
    ast.Is: (ast.IsNot,),
    ast.IsNot: (ast.Is,),
}
_SYMBOLS = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not",
}  # fmt: skip


@dataclass(frozen=True)
class Site:
    """One mutant: the node (by its position in ``ast.walk`` order), what to do to it, and where it is."""

    node: int
    kind: str  # "compare:<op index>:<new op>", "int:+1", "int:-1", "bool", "raise", "return", "boolop", "not", "binop"
    line: int
    end_line: int
    col: int
    description: str


def _skipped_nodes(tree: ast.Module) -> set[int]:
    """ids of nodes whose change cannot matter at run time: docstrings, annotations, decorators."""
    skipped: set[int] = set()

    def skip(node: ast.AST | None) -> None:
        if node is not None:
            skipped.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skip(body[0])
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for decorator in node.decorator_list:
                skip(decorator)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            skip(node.returns)
        if isinstance(node, ast.arg):
            skip(node.annotation)
        if isinstance(node, ast.AnnAssign):
            skip(node.annotation)
    return skipped


def sites(source: str) -> list[Site]:
    tree = ast.parse(source)
    skipped = _skipped_nodes(tree)
    out: list[Site] = []
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in skipped:
            continue
        where = (getattr(node, "lineno", 0), getattr(node, "end_lineno", 0) or 0, getattr(node, "col_offset", 0))

        def add(kind: str, description: str, where: tuple[int, int, int] = where, index: int = index) -> None:
            out.append(Site(index, kind, *where, description))

        if isinstance(node, ast.Compare):
            for j, op in enumerate(node.ops):
                for new in _FLIPS.get(type(op), ()):
                    add(f"compare:{j}:{new.__name__}", f"{_SYMBOLS[type(op)]} → {_SYMBOLS[new]}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
            add("bool", f"{node.value} → {not node.value}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, int):
            add("int:+1", f"{node.value} → {node.value + 1}")
            add("int:-1", f"{node.value} → {node.value - 1}")
        elif isinstance(node, ast.Raise):
            add("raise", "raise deleted")
        elif isinstance(node, ast.Return) and node.value is not None:
            if not (isinstance(node.value, ast.Constant) and node.value.value is None):
                add("return", "return value → None")
        elif isinstance(node, ast.BoolOp):
            add("boolop", "and → or" if isinstance(node.op, ast.And) else "or → and")
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            add("not", "not dropped")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            add("binop", "+ → -" if isinstance(node.op, ast.Add) else "- → +")
    return out


def _parent_list(tree: ast.AST, target: ast.AST) -> tuple[list[Any], int]:
    for parent in ast.walk(tree):
        for _, value in ast.iter_fields(parent):
            if isinstance(value, list) and any(v is target for v in value):
                return value, next(i for i, v in enumerate(value) if v is target)
    raise LookupError("statement has no parent list")


def mutated(source: str, site: Site) -> ast.Module:
    """The module's tree with ``site`` applied."""
    tree = ast.parse(source)
    node = list(ast.walk(tree))[site.node]
    kind = site.kind
    if kind.startswith("compare:"):
        _, j, new = kind.split(":")
        assert isinstance(node, ast.Compare)
        node.ops[int(j)] = getattr(ast, new)()
    elif kind == "bool":
        assert isinstance(node, ast.Constant)
        node.value = not node.value
    elif kind.startswith("int:"):
        assert isinstance(node, ast.Constant)
        node.value = node.value + (1 if kind == "int:+1" else -1)
    elif kind == "raise":
        body, i = _parent_list(tree, node)
        body[i] = ast.copy_location(ast.Pass(), node)
    elif kind == "return":
        assert isinstance(node, ast.Return)
        node.value = ast.copy_location(ast.Constant(None), node)
    elif kind == "boolop":
        assert isinstance(node, ast.BoolOp)
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif kind == "not":
        assert isinstance(node, ast.UnaryOp)
        body_expr = node.operand
        for parent in ast.walk(tree):
            for name, value in ast.iter_fields(parent):
                if value is node:
                    setattr(parent, name, body_expr)
                elif isinstance(value, list):
                    value[:] = [body_expr if v is node else v for v in value]
    elif kind == "binop":
        assert isinstance(node, ast.BinOp)
        node.op = ast.Sub() if isinstance(node.op, ast.Add) else ast.Add()
    return ast.fix_missing_locations(tree)


# --- the pytest plugin side (runs inside the test process) -----------------------------------------------------


class _MutantFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def __init__(self, module: str, path: Path, site: Site) -> None:
        self.module, self.path, self.site = module, path, site

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> Any:
        if fullname != self.module:
            return None
        return importlib.util.spec_from_file_location(fullname, self.path, loader=self)

    def create_module(self, spec: Any) -> None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        tree = mutated(self.path.read_text(encoding="utf-8"), self.site)
        exec(compile(tree, str(self.path), "exec"), module.__dict__)  # noqa: S102 -- the mutant under test


_executed: set[int] = set()


def _line_tracer(path: str) -> Any:
    def local(frame: FrameType, event: str, arg: object) -> Any:
        if event == "line":
            _executed.add(frame.f_lineno)
        return local

    def tracer(frame: FrameType, event: str, arg: object) -> Any:
        if frame.f_code.co_filename == path:
            _executed.add(frame.f_lineno)
            return local
        return None

    return tracer


def _install() -> None:
    module, path = os.environ.get("MUTATION_MODULE"), os.environ.get("MUTATION_FILE")
    if not module or not path:
        return
    if module in sys.modules:
        raise RuntimeError(f"{module} was imported before the mutation plugin")
    if trace_out := os.environ.get("MUTATION_TRACE"):
        tracer = _line_tracer(path)
        sys.settrace(tracer)
        threading.settrace(tracer)
        os.environ["MUTATION_TRACE_ACTIVE"] = trace_out
        return
    site = Site(**json.loads(os.environ["MUTATION_SITE"]))
    sys.meta_path.insert(0, _MutantFinder(module, Path(path), site))


def pytest_sessionfinish(session: object, exitstatus: int) -> None:
    if out := os.environ.get("MUTATION_TRACE_ACTIVE"):
        sys.settrace(None)
        Path(out).write_text(json.dumps(sorted(_executed)), encoding="utf-8")


if __name__ != "__main__":
    _install()


# --- the driver ------------------------------------------------------------------------------------------------------


def _module_of(arg: str) -> tuple[str, Path]:
    path = Path(arg) if arg.endswith(".py") else Path(*arg.split(".")).with_suffix(".py")
    path = (ROOT / path).resolve() if not path.is_absolute() else path
    if not path.is_file():
        raise SystemExit(f"no such module file: {path}")
    dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return dotted, path


def _pytest(module: str, path: Path, tests: list[str], extra_env: dict[str, str], timeout: float) -> tuple[int, float]:
    env = os.environ | extra_env | {
        "MUTATION_MODULE": module,
        "MUTATION_FILE": str(path),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "scripts"), str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "QT_QPA_PLATFORM": "offscreen",
        "HYPOTHESIS_PROFILE": os.environ.get("HYPOTHESIS_PROFILE", "default"),
    }  # fmt: skip
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "mutate", *tests]
    started = time.monotonic()
    try:
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return -1, time.monotonic() - started
    return done.returncode, time.monotonic() - started


@dataclass
class Result:
    number: int
    site: Site
    outcome: str  # killed | survived | timeout | not covered


def run(module: str, path: Path, tests: list[str], only: Sequence[int] | None = None) -> Iterator[Result]:
    source = path.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        trace = Path(tmp) / "lines.json"
        code, baseline = _pytest(module, path, tests, {"MUTATION_TRACE": str(trace)}, timeout=1800)
        if code != 0:
            raise SystemExit(f"the tests fail (exit {code}) without any change: fix them first")
        executed = set(json.loads(trace.read_text(encoding="utf-8")))
    print(f"baseline: {baseline:.1f} s, {len(executed)} lines of {path.name} executed", flush=True)
    timeout = max(60.0, 5 * baseline)
    for number, site in enumerate(sites(source)):
        if only is not None and number not in only:
            continue
        if not executed & set(range(site.line, site.end_line + 1)):
            yield Result(number, site, "not covered")
            continue
        code, _ = _pytest(module, path, tests, {"MUTATION_SITE": json.dumps(site.__dict__)}, timeout)
        yield Result(number, site, "timeout" if code == -1 else "survived" if code == 0 else "killed")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/mutation", description=__doc__.split("\n\n")[0])
    parser.add_argument("module", help="a path such as kiosk/card/session.py, or a dotted module name")
    parser.add_argument("--tests", nargs="+", help="pytest arguments selecting the tests (default: the known map)")
    parser.add_argument("--list", action="store_true", help="list the mutants without running anything")
    parser.add_argument("--only", type=int, nargs="+", help="run only these mutant numbers")
    parser.add_argument("--json", type=Path, help="also write every result to this file")
    args = parser.parse_args(argv)
    module, path = _module_of(args.module)
    relative = str(path.relative_to(ROOT))
    source_lines = path.read_text(encoding="utf-8").splitlines()
    if args.list:
        for number, site in enumerate(sites(path.read_text(encoding="utf-8"))):
            print(f"{number:4d} {relative}:{site.line}:{site.col + 1} {site.description}")
        return 0
    tests = args.tests or TESTS.get(relative)
    if not tests:
        raise SystemExit(f"no tests are known for {relative}: give them with --tests")
    results = []
    for result in run(module, path, tests, args.only):
        results.append(result)
        site = result.site
        print(f"{result.outcome:11s} #{result.number:<4d} {relative}:{site.line}:{site.col + 1} {site.description}")
    covered = [r for r in results if r.outcome != "not covered"]
    killed = [r for r in covered if r.outcome in ("killed", "timeout")]
    survivors = [r for r in covered if r.outcome == "survived"]
    score = 100 * len(killed) / len(covered) if covered else 100.0
    not_covered = len(results) - len(covered)
    print(f"\n{relative}: {len(results)} mutants, {len(covered)} covered, {len(killed)} killed, "
          f"{len(survivors)} survived, {not_covered} not covered: {score:.0f} % of covered killed")  # fmt: skip
    for r in survivors:
        print(f"  survived #{r.number} {relative}:{r.site.line}:{r.site.col + 1} {r.site.description}: "
              f"{source_lines[r.site.line - 1].strip()}")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps([r.site.__dict__ | {"outcome": r.outcome} for r in results], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
