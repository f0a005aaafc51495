"""The main window and the `python -m pocketgui.ui.app` entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pocketgui.ui.app import parse_args
from pocketgui.ui.main_window import MainWindow
from pocketgui.ui.modes import Mode
from pocketgui.ui.signals import AppSignals
from pocketgui.ui.widgets.banner import DemoBanner

ROOT = Path(__file__).resolve().parents[2]


def test_main_window_shows_demo_banner_in_demo(qtbot: QtBot) -> None:
    window = MainWindow(AppSignals(), Mode.DEMO)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.banner.isVisible() and "DEMO" in window.banner.label.text()
    assert "DEMO" in window.windowTitle()
    assert window.welcome.chooser.mode() is Mode.DEMO
    assert window.pages.currentWidget() is window.welcome


def test_choosing_production_hides_the_banner_and_tells_everyone(qtbot: QtBot) -> None:
    signals = AppSignals()
    window = MainWindow(signals, Mode.DEMO)
    other_window_banner = DemoBanner(Mode.DEMO, signals)  # e.g. a dialog's banner
    qtbot.addWidget(window)
    qtbot.addWidget(other_window_banner)
    window.show()
    other_window_banner.show()
    with qtbot.waitSignal(signals.environment_changed) as blocker:
        window.welcome.chooser.set_mode(Mode.PRODUCTION)
    assert blocker.args == [Mode.PRODUCTION]
    assert not window.banner.isVisible() and not other_window_banner.isVisible()
    assert "DEMO" not in window.windowTitle()
    assert window.environment.text() == "Environment: Production"
    signals.environment_changed.emit(Mode.DEMO)
    assert window.banner.isVisible() and window.welcome.chooser.mode() is Mode.DEMO


def test_closing_disconnects_the_window(qtbot: QtBot) -> None:
    signals = AppSignals()
    window = MainWindow(signals, Mode.DEMO)
    qtbot.addWidget(window)
    window.show()
    window.close()
    signals.environment_changed.emit(Mode.STAGING)
    assert window.mode is Mode.DEMO


def test_arguments() -> None:
    assert parse_args([]) == ("", False)  # the settings decide: Demo when nothing is set
    assert parse_args(["--mode", "staging", "--exit-after-first-paint"]) == ("staging", True)
    assert parse_args(["--mode=production"]) == ("production", False)


def run_app(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "pocketgui.ui.app", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_exit_after_first_paint_reports_and_imports_nothing_heavy() -> None:
    probe = ("import sys, runpy; sys.argv[1:] = ['--exit-after-first-paint'];"
             "code = 0\ntry: runpy.run_module('pocketgui.ui.app', run_name='__main__')\n"
             "except SystemExit as e: code = e.code\n"
             "heavy = [m for m in ('httpx', 'fastapi', 'hwilib', 'embit', 'qrcode', 'schwifty',"
             " 'pocketgui.payments', 'pocketgui.api') if m in sys.modules]\n"
             "print('heavy=' + ','.join(heavy)); sys.exit(code)")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "heavy=\n" in done.stdout
    figures = dict(item.split("=") for item in done.stdout.split("\n")[0].split())
    assert 0 < float(figures["first_paint_s"]) < 30 and float(figures["peak_rss_mb"]) > 0


def test_entry_point_exits_zero_after_first_paint() -> None:
    done = run_app("--exit-after-first-paint", "--mode", "production")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("first_paint_s=")


def test_unknown_mode_is_refused() -> None:
    done = run_app("--mode", "mainnet", "--exit-after-first-paint")
    assert done.returncode != 0 and "unknown mode" in done.stderr


def test_the_app_icon_has_every_packaged_size(qapp: object) -> None:
    from pocketgui.ui.app_icon import app_icon

    icon = app_icon()
    sizes = {size.width() for size in icon.availableSizes()}
    assert not icon.isNull() and {16, 48, 256, 512} <= sizes



def _python(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_the_app_keeps_httpx_command_line_out_but_the_library_layers_do_not_touch_it() -> None:
    app = "import sys, pocketgui.ui.app, httpx; print(sys.modules['httpx._main'] is None)"
    library = "import sys, pocketgui.api; print(sys.modules.get('httpx._main', 0) is not None)"
    assert _python(app) == "True"
    assert _python(library) == "True"


def test_pyside_learns_which_modules_use_it_without_keeping_their_sources() -> None:
    code = ("import sys, linecache, PySide6.QtCore\n"
            "from pocketgui.ui.app import keep_module_sources_out_of_memory\n"
            "keep_module_sources_out_of_memory()\n"
            "keep_module_sources_out_of_memory()  # once is enough; twice changes nothing\n"
            "from colorsys import rgb_to_hsv\n"
            "from pocketgui.ui.widgets.labels import PlainLabel\n"
            "uses = sys.modules['shibokensupport.feature'].pyside_feature_dict\n"
            "kept = [name for name in linecache.cache if name.endswith(('colorsys.py', "
            "'labels.py'))]\n"
            "print(uses['colorsys'], uses['pocketgui.ui.widgets.labels'], kept)")
    assert _python(code) == "-1 0 []"


def test_help_lists_every_option_and_exits_zero() -> None:
    done = run_app("--help")
    assert done.returncode == 0, done.stderr
    for option in ("--mode", "--self-test", "--exit-after-first-paint", "--help"):
        assert option in done.stdout
    assert "demo" in done.stdout and "staging" in done.stdout and "production" in done.stdout


def test_an_unknown_option_points_to_help() -> None:
    done = run_app("--bogus")
    assert done.returncode != 0 and "pocketgui --help" in done.stderr


@pytest.mark.slow
def test_self_test_runs_from_source_too() -> None:
    """`pocketgui --self-test` is not only the bundle's: a clone's .venv checks itself."""
    done = run_app("--self-test")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "passed" in done.stdout.splitlines()[-1]
