"""Every ``qtbot.waitUntil`` callback in the test sources returns a bool, on every call.

pytest-qt accepts only ``True``/``False`` (or ``None`` with the assert form) from a callback and
raises ``ValueError`` for anything else. A callback such as ``lambda: counts and counts[-1] == 0``
returns ``[]`` only while no signal has arrived yet, so it fails only on the runs where the first
poll comes early: a flake, not a failure. And a callback that returns ``None`` ends the wait at
once, so the test goes on without waiting at all.

This scan finds that shape on every run, not only on the unlucky one: it reads the test sources
with ``ast`` and checks each callback passed to ``waitUntil``/``wait_until`` is a bool expression
(a comparison, ``not``, ``bool(...)``/``any``/``all``/``isinstance``, ``and``/``or`` of those,
or a predicate: a name such as ``is_saved``/``isVisible``, or one that ``studio`` annotates as
``bool`` everywhere), or a local function that asserts or returns only such expressions.
"""

from __future__ import annotations

import ast
import re
import textwrap
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WAIT_NAMES = {"waitUntil", "wait_until"}
BOOL_BUILTINS = {"bool", "isinstance", "issubclass", "any", "all", "callable", "hasattr"}
# Names that say they answer yes or no (Qt's isVisible/hasFocus, pathlib's exists, str's
# startswith…); a name that studio annotates otherwise does not count.
PREDICATE = re.compile(r"^(is|has|can)(_|[A-Z])|^(exists|startswith|endswith)$")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    source: str
    why: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.why}: {self.source}"


@cache
def annotations() -> dict[str, frozenset[str]]:
    """Attribute, property and method names in studio/ -> the annotations they carry."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in sorted((ROOT / "studio").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns:
                found[node.name].add(ast.unparse(node.returns))
            elif isinstance(node, ast.AnnAssign):
                target = node.target
                name = target.attr if isinstance(target, ast.Attribute) else None
                if isinstance(target, ast.Name):
                    name = target.id
                if name:
                    found[name].add(ast.unparse(node.annotation))
    return {name: frozenset(anns) for name, anns in found.items()}


def is_predicate(name: str) -> bool:
    anns = annotations().get(name)
    if anns:
        return anns == {"bool"}
    return bool(PREDICATE.match(name))


def is_bool(node: ast.expr) -> bool:
    """Whether ``node`` evaluates to a bool whatever the state it reads."""
    match node:
        case ast.Compare() | ast.UnaryOp(op=ast.Not()):
            return True
        case ast.Constant(value=value):
            return isinstance(value, bool)
        case ast.BoolOp(values=values):  # `a and b` is a when a is falsy: every operand counts
            return all(is_bool(v) for v in values)
        case ast.IfExp(body=body, orelse=orelse):
            return is_bool(body) and is_bool(orelse)
        case ast.NamedExpr(value=value):
            return is_bool(value)
        case ast.Call(func=ast.Name(id=name)):
            return name in BOOL_BUILTINS or is_predicate(name)
        case ast.Call(func=ast.Attribute(attr=name)) | ast.Attribute(attr=name) | ast.Name(id=name):
            return is_predicate(name)
    return False


def _functions(tree: ast.Module) -> dict[str, list[ast.FunctionDef]]:
    found: dict[str, list[ast.FunctionDef]] = defaultdict(list)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            found[node.name].append(node)
    return found


def _own_nodes(function: ast.FunctionDef) -> Iterator[ast.AST]:
    """The nodes of ``function``'s body, not of functions or lambdas nested in it."""
    todo: list[ast.AST] = list(function.body)
    while todo:
        node = todo.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            todo.extend(ast.iter_child_nodes(node))


def _function_problem(function: ast.FunctionDef) -> str | None:
    nodes = list(_own_nodes(function))
    returns = [n for n in nodes if isinstance(n, ast.Return) and n.value is not None]
    if returns:
        bad = [r for r in returns if r.value is not None and not is_bool(r.value)]
        if bad or not isinstance(function.body[-1], ast.Return):  # no falling off the end
            return f"function {function.name} may return something other than a bool"
        return None
    if not any(isinstance(n, ast.Assert) for n in nodes):
        return f"function {function.name} neither asserts nor returns a bool (None ends the wait)"
    return None


def callback_problem(callback: ast.expr, functions: dict[str, list[ast.FunctionDef]]) -> str | None:
    """Why ``callback`` may hand waitUntil something other than a bool, or None when it can't."""
    match callback:
        case ast.Lambda(body=body):
            return None if is_bool(body) else "lambda may return something other than a bool"
        case ast.Name(id=name) if name in functions:
            problems = [_function_problem(f) for f in functions[name]]
            return next((p for p in problems if p), None)
        case ast.Attribute(attr=name):  # a bound method such as widget.isVisible
            return None if is_predicate(name) else f"{name} is not known to return a bool"
    return "callback is not a lambda, a local function or a predicate method"


def scan(source: str, path: str = "<test>") -> list[Finding]:
    tree = ast.parse(source)
    functions = _functions(tree)
    findings = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WAIT_NAMES
        ):
            continue
        given = node.args[:1] + [k.value for k in node.keywords if k.arg == "callback"]
        for callback in given:
            why = callback_problem(callback, functions)
            if why:
                findings.append(Finding(path, node.lineno, ast.unparse(callback), why))
    return findings


def test_every_wait_until_callback_in_the_tests_returns_a_bool() -> None:
    findings = [
        finding
        for path in sorted((ROOT / "tests").rglob("*.py"))
        for finding in scan(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert not findings, "\n".join(map(str, findings))


def test_the_scan_sees_callbacks_in_the_tests() -> None:
    """The scan above reads the real call sites (a typo in WAIT_NAMES would pass silently)."""
    source = (ROOT / "tests" / "publish" / "test_ui_publish.py").read_text(encoding="utf-8")
    calls = [
        n
        for n in ast.walk(ast.parse(source))
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
        if n.func.attr in WAIT_NAMES
    ]
    assert len(calls) >= 10


BAD = {
    # the flaky shape of issue 8 §4.1: [] while no signal has arrived
    "counts and counts[-1] == 0": "lambda: counts and counts[-1] == 0",
    "a list": "lambda: rig.outbox()",
    "an Optional": "lambda: dialog.loaded",
    "or with a value": "lambda: done or None",
    "a len": "lambda: len(items)",
    "a conditional with a value": "lambda: items if ready else False",
    "a studio name typed otherwise": "lambda: handle.status",
    "a method not known to be bool": "widget.text",
    "a function returning a list": "def ready():\n    return items\nqtbot.waitUntil(ready)",
    "a function that may fall through": (
        "def ready():\n    if x:\n        return True\nqtbot.waitUntil(ready)"
    ),
    "a function that only prints": "def ready():\n    print(1)\nqtbot.waitUntil(ready)",
    "an unknown callable": "make_check()",
}
GOOD = {
    "a comparison": "lambda: counts[-1] == 0",
    "guarded by bool()": "lambda: bool(counts) and counts[-1] == 0",
    "not": "lambda: not doc.is_dirty",
    "a Qt predicate": "lambda: w.isVisible() and w.hasFocus()",
    "a studio bool property": "lambda: item.waits_for_user",
    "a bound predicate method": "indicator.retry_button.isVisible",
    "any over a generator": "lambda: any(i.waits_for_user for i in queue.items)",
    "a walrus compared": "lambda: (r := load()) is not None and r.city == 'Toronto'",
    "the assert form": "def ready():\n    assert x == 1\nqtbot.waitUntil(ready)",
    "a function returning bools": (
        "def ready():\n    if x:\n        return True\n    return y > 1\nqtbot.waitUntil(ready)"
    ),
}


def _as_call(snippet: str) -> str:
    if "qtbot.waitUntil" in snippet:
        return snippet
    return f"qtbot.waitUntil({snippet}, timeout=5000)"


@pytest.mark.parametrize("snippet", BAD.values(), ids=BAD.keys())
def test_the_scan_flags_a_callback_that_may_return_a_non_bool(snippet: str) -> None:
    findings = scan(textwrap.dedent(_as_call(snippet)))
    assert len(findings) == 1, findings


@pytest.mark.parametrize("snippet", GOOD.values(), ids=GOOD.keys())
def test_the_scan_accepts_a_bool_callback(snippet: str) -> None:
    assert scan(textwrap.dedent(_as_call(snippet))) == []


def test_the_scan_finds_the_callback_keyword_and_the_pep8_alias() -> None:
    source = "qtbot.wait_until(callback=lambda: rig.outbox(), timeout=1)"
    assert [f.source for f in scan(source)] == ["lambda: rig.outbox()"]
