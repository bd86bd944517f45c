"""Cheap checks of the packaging, without building: the PyInstaller spec runs (as on Linux,
Windows and macOS) and names the entry point, the icons and the lazily imported parts, and
takes the app icon for each platform from resources/; every icon the shell asks for exists.

The real build and the bundled ``--smoke-test`` run in the packaging stage of ``.ci/run``.
"""

from __future__ import annotations

import ast
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtGui import QIcon
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from studio import __version__
from studio.app import Studio, parse_args
from studio.paths import AppPaths
from studio.ui.icons import IconSet, icons_dir

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "studio.spec"
NEEDED = ("studio", "flask", "waitress", "PIL", "keyring", "requests", "urllib3", "platformdirs")
NEEDED_QT = ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtSvg")


class Recorder:
    """Stands in for PyInstaller's spec globals and keeps what the spec passed to them."""

    def __init__(self) -> None:
        self.calls: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {}

    def __getattr__(self, name: str) -> Any:
        def record(*args: Any, **kwargs: Any) -> types.SimpleNamespace:
            self.calls[name] = (args, kwargs)
            return types.SimpleNamespace(pure=[], scripts=[], binaries=[], datas=[], name=name)

        return record


@pytest.fixture
def spec(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    """Run ``studio.spec`` with recording stand-ins (PyInstaller need not be installed)."""
    return run_spec(monkeypatch)


def run_spec(monkeypatch: pytest.MonkeyPatch, platform: str | None = None) -> Recorder:
    """``studio.spec`` as PyInstaller runs it on ``platform`` (a ``sys.platform`` value)."""
    if platform:
        monkeypatch.setattr(sys, "platform", platform)
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda package: [f"<every submodule of {package}>"]  # type: ignore[attr-defined]
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    recorder = Recorder()
    names = ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")
    spec_globals = {name: getattr(recorder, name) for name in names}
    spec_globals["SPECPATH"] = str(ROOT)
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), spec_globals)
    return recorder


def test_spec_builds_one_folder_named_for_the_command(spec: Recorder) -> None:
    assert set(spec.calls) == {"Analysis", "PYZ", "EXE", "COLLECT"}
    _, exe = spec.calls["EXE"]
    _, collect = spec.calls["COLLECT"]
    assert exe["name"] == collect["name"] == "beatpass-studio"
    assert exe["exclude_binaries"] is True  # one-folder: binaries go to COLLECT
    assert exe["console"] is True  # --help, --version and --smoke-test print


def test_spec_entry_point_runs_the_app(spec: Recorder) -> None:
    (scripts, *_), _ = spec.calls["Analysis"]
    assert [Path(s) for s in scripts] == [ROOT / "studio" / "__main__.py"]
    tree = ast.parse((ROOT / "studio" / "__main__.py").read_text(encoding="utf-8"))
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert any(n.module == "studio.app" and n.names[0].name == "main" for n in imports)


def test_spec_bundles_every_icon_where_the_app_looks(spec: Recorder) -> None:
    _, analysis = spec.calls["Analysis"]
    (source, dest), *others = analysis["datas"]
    assert not others
    assert Path(source).parent == icons_dir()
    # In the bundle studio/ui/icons.py sits at <bundle>/studio/ui, so icons_dir() is here:
    assert dest == icons_dir().relative_to(ROOT).as_posix() == "studio/resources/icons"
    assert sorted(Path(source).parent.glob(Path(source).name)) == sorted(icons_dir().glob("*.svg"))


@pytest.mark.parametrize(
    ("platform", "icon"),
    [
        ("win32", "resources/icons/beatpass-studio.ico"),
        ("darwin", "resources/icons/beatpass-studio.icns"),
        ("linux", None),  # PyInstaller ignores an executable's icon there, with a warning
    ],
)
def test_spec_takes_the_app_icon_from_resources(
    monkeypatch: pytest.MonkeyPatch, platform: str, icon: str | None
) -> None:
    recorded = run_spec(monkeypatch, platform)
    _, exe = recorded.calls["EXE"]
    if icon is None:
        assert exe["icon"] is None
        return
    assert Path(exe["icon"]) == ROOT / icon
    with Image.open(exe["icon"]) as image:  # the format the platform wants
        assert image.format == Path(icon).suffix.lstrip(".").upper()


def test_spec_makes_a_mac_app_bundle_with_the_icns_and_the_appstream_id(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorded = run_spec(monkeypatch, "darwin")
    (coll, *_), bundle = recorded.calls["BUNDLE"]
    assert coll.name == "COLLECT"
    assert bundle["name"] == "BeatPass Studio.app"
    assert Path(bundle["icon"]) == ROOT / "resources" / "icons" / "beatpass-studio.icns"
    metainfo = ROOT / "resources" / "linux" / f"{bundle['bundle_identifier']}.metainfo.xml"
    assert metainfo.is_file()  # one reverse-DNS id for the app everywhere
    assert bundle["version"] == __version__
    assert "BUNDLE" not in run_spec(monkeypatch, "win32").calls


def test_every_file_the_spec_names_exists(monkeypatch: pytest.MonkeyPatch) -> None:
    for platform in ("linux", "win32", "darwin"):
        recorded = run_spec(monkeypatch, platform)
        paths = [
            Path(value)
            for args, kwargs in recorded.calls.values()
            for value in _strings([*args, *kwargs.values()])
            if value.startswith(str(ROOT))
        ]
        assert paths, platform
        for path in paths:
            assert sorted(path.parent.glob(path.name)), f"{platform}: {path} is missing"


def _strings(values: Any) -> list[str]:
    if isinstance(values, str):
        return [values]
    if isinstance(values, (list, tuple)):
        return [s for v in values for s in _strings(v)]
    return []


def test_spec_keeps_the_lazily_imported_parts(spec: Recorder) -> None:
    _, analysis = spec.calls["Analysis"]
    hidden = analysis["hiddenimports"]
    assert "<every submodule of studio>" in hidden  # the sandbox and pages are imported lazily
    assert "<every submodule of waitress>" in hidden
    for excluded in analysis["excludes"]:
        for needed in NEEDED + NEEDED_QT:
            assert not (needed == excluded or needed.startswith(excluded + ".")), excluded
    assert {"pytest", "tkinter"} <= set(analysis["excludes"])


def test_every_icon_the_shell_asks_for_exists(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: set[str] = set()
    real_icon = IconSet.icon

    def recording(self: IconSet, name: str) -> QIcon:
        asked.add(name)
        return real_icon(self, name)

    monkeypatch.setattr(IconSet, "icon", recording)
    studio = Studio(parse_args([]), AppPaths.from_env().ensure(), qapp)
    try:
        _ask_every_icon(studio)
    finally:
        studio.shutdown()
        studio.window.deleteLater()
    assert {"app", "account", "undo", "redo", "publish", "offline", "online", "outbox"} <= asked
    missing = sorted(n for n in asked if not (icons_dir() / f"{n}.svg").is_file())
    assert missing == []
    for name in asked:
        assert QSvgRenderer(str(icons_dir() / f"{name}.svg")).isValid(), name


def _ask_every_icon(studio: Studio) -> None:
    studio.start()  # window, status bar, and the sign-in dialog (no saved account)
    for online in (True, False, None):
        studio.window.status.set_online(online)
    studio.window.status.set_save_state("Saved")
    studio.window.refresh_icons()
    for name in ("app", "profile", "undo"):  # drawn, at the size asked for, not blank
        image = studio.icons.icon(name).pixmap(24, 24).toImage()
        assert image.width() == 24, name
        assert any(image.pixelColor(x, y).alpha() for x in range(24) for y in range(24)), name
