"""The import floors are one-way: no module of ``studio`` reaches back, through any chain of
imports — type-only ones (``TYPE_CHECKING``) and ones inside functions included — to a
module that imports it. A package's ``__init__`` re-exporting its modules is not an arrow
back: ``from studio.x import y`` counts as an import of ``studio.x.y`` when ``y`` is a module.
"""

from __future__ import annotations

from import_graph import cycles, graph, without_package_inits


def test_the_scan_sees_imports_of_every_kind() -> None:
    edges = graph()
    assert "studio.workspace" in edges["studio.context"]  # inside a function
    assert "studio.store" in edges["studio.context"]  # a TYPE_CHECKING import
    assert "studio.publish.local_files" in edges["studio.publish.kinds"]  # by name


def test_no_import_circles() -> None:
    assert cycles(without_package_inits(graph())) == []


def test_the_cycle_finder_finds_one() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
