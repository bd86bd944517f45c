"""The sandbox package's import graph: one-way floors, no circles (issue 9), and no import
tucked into a function to hide one. Read from the source with ``ast``; every import counts,
including those under ``if TYPE_CHECKING:`` and inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

from import_graph import cycles

SANDBOX = Path(__file__).resolve().parents[2] / "studio" / "sandbox"
PACKAGE = "studio.sandbox"


def _modules() -> dict[str, ast.Module]:
    return {
        f"{PACKAGE}.{path.stem}" if path.stem != "__init__" else PACKAGE: ast.parse(
            path.read_text(encoding="utf-8"), filename=str(path)
        )
        for path in sorted(SANDBOX.glob("*.py"))
    }


MODULES = _modules()


def _targets(node: ast.Import | ast.ImportFrom) -> list[str]:
    """The sandbox modules an import statement names (``from studio.sandbox import x``
    names the submodule ``x`` when there is one)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            base = ".".join([PACKAGE, *([base] if base else [])])
        names = [base] + [f"{base}.{alias.name}" for alias in node.names]
    return [name for name in names if name in MODULES and name != PACKAGE]


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, tree in MODULES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                graph[name].update(t for t in _targets(node) if t != name)
    return graph


def test_the_scan_sees_the_sandbox_imports() -> None:
    graph = _graph()
    assert "studio.sandbox.context" in graph["studio.sandbox.serialize"]
    assert "studio.sandbox.routes_users" in graph["studio.sandbox.app"]


def test_the_sandbox_has_no_import_circles() -> None:
    assert cycles(_graph()) == []


def test_sandbox_modules_import_each_other_at_the_top_only() -> None:
    hidden = []
    for name, tree in MODULES.items():
        top_level = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Import | ast.ImportFrom)
                and id(node) not in top_level
                and _targets(node)
                and not _under_type_checking(tree, node)
            ):
                hidden.append(f"{name}:{node.lineno}")
    assert hidden == []


def _under_type_checking(tree: ast.Module, target: ast.stmt) -> bool:
    return any(
        isinstance(node, ast.If)
        and "TYPE_CHECKING" in ast.unparse(node.test)
        and any(child is target for child in ast.walk(node))
        for node in tree.body
    )
