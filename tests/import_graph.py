"""The import graph of ``studio`` read from the source with ``ast`` (every import counts:
type-only ones under ``TYPE_CHECKING`` and ones inside functions too), and a cycle finder.
Shared by the tests of the import floors (``tests/test_import_cycles.py``,
``tests/sandbox/test_sandbox_structure.py``)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

STUDIO = Path(__file__).resolve().parents[1] / "studio"


def module_name(path: Path) -> str:
    parts = path.relative_to(STUDIO.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in STUDIO.rglob("*.py")}


def _targets(path: Path, name: str) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            for alias in node.names:  # a submodule imported by name is the real target
                sub = f"{module}.{alias.name}"
                found.add(sub if sub in MODULES else module)
    return {t for t in found if t in MODULES and t != name}


def graph(prefix: str = "studio") -> dict[str, set[str]]:
    """Module → the modules of ``studio`` it imports (for the modules under ``prefix``)."""
    edges: dict[str, set[str]] = defaultdict(set)
    for name, path in MODULES.items():
        if name == prefix or name.startswith(prefix + "."):
            edges[name] |= {t for t in _targets(path, name) if t.startswith(prefix)}
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def without_package_inits(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    """A module importing a name its own package's __init__ re-exports (``from studio.api
    import ApiError`` inside ``studio.api.client``) depends on the module that defines it,
    not on the package: drop arrows from a package's modules to the package itself."""
    return {
        name: {t for t in targets if not name.startswith(t + ".")}
        for name, targets in edges.items()
    }
