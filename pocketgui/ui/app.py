"""`python -m pocketgui.ui.app`: the desktop app's entry point, built to paint fast.

Only Qt Widgets and a few small modules of ours are imported before the first paint. What the
later pages need (httpx, embit, hwilib, qrcode, …) is imported after it, off the UI thread
(`warmup`). `--exit-after-first-paint` prints `first_paint_s=… peak_rss_mb=… clock=…` and
exits: that is what benchmarks/startup.py measures.
"""

from __future__ import annotations

import time

ENTRY_T0 = time.perf_counter()  # first statement: the module clock starts here

import os  # noqa: E402
import sys  # noqa: E402

# httpx imports its command line (`httpx._main`: click, rich, pygments; ~10 MB, 50 ms) whenever
# those happen to be installed (a dev environment: schemathesis brings rich), and skips it
# otherwise. The app never runs it, so the app marks it "not installed" before its warm-up
# imports httpx; the library layers, used from scripts, are left alone.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

USAGE = "usage: pocketgui [--mode demo|staging|production] [--self-test]"
HELP = f"""{USAGE}

Buy bitcoin by bank transfer with Pocket, paid out to your own hardware wallet or lightning node.

options:
  -h, --help             show this help and exit
  --mode MODE            where to buy: demo (a local Pocket sandbox and a simulated Trezor,
                         no real money), staging or production; by default the last one chosen
  --self-test            check, without a window, that this installation has everything the app
                         needs (device libraries, Qt plugins, the sandbox), then exit
  --exit-after-first-paint
                         print how long the first window took to paint, then exit
"""


def parse_args(argv: list[str]) -> tuple[str, bool]:
    """Hand-rolled on purpose: argparse costs milliseconds before the first paint. The mode is
    "" when not given: the settings decide (Demo when nothing is configured). `--self-test` is
    taken by `main` before this."""
    mode, exit_after_paint = "", False
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--exit-after-first-paint":
            exit_after_paint = True
        elif arg == "--mode" and args:
            mode = args.pop(0)
        elif arg.startswith("--mode="):
            mode = arg.split("=", 1)[1]
        elif arg in ("-h", "--help"):
            raise SystemExit(print(HELP, end="") or 0)
        else:
            raise SystemExit(f"unknown argument {arg!r}\n{USAGE}\n(pocketgui --help: the options)")
    return mode, exit_after_paint


def keep_module_sources_out_of_memory() -> None:
    """Call once PySide6 is imported: answer its per-import question without `linecache`.

    PySide6 hooks `import` and asks of every module imported after it whether its source
    contains "PySide6" (for `from __feature__ import …`), with `inspect.getsource`, which keeps
    every line of every module in `linecache` for good. After the warm-up that is ~700 modules,
    20 MB in 200 000 strings nobody reads. Whether it happens depends on a race: when two
    threads import at once, PySide's hook is sometimes replaced for good and stops asking —
    hence a demo's peak memory of either 140 or 162 MB. The same question is answered here from
    the file's bytes, which are dropped at once; sources PySide cannot read as files are left
    to its own check."""
    feature = sys.modules.get("shibokensupport.feature")
    asks = getattr(feature, "_mod_uses_pyside", None)
    if asks is None or getattr(asks, "reads_bytes", False):
        return

    def uses_pyside(module: object) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return bool(asks(module))

    uses_pyside.reads_bytes = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--self-test" in args:
        from pocketgui.ui.self_test import run_self_test

        return run_self_test()
    mode_name, exit_after_paint = parse_args(args)
    from PySide6.QtWidgets import QApplication

    keep_module_sources_out_of_memory()

    from pocketgui.i18n.catalog import set_language
    from pocketgui.ui.settings import Settings

    settings = Settings.load()
    # Before the windows' modules are imported: their texts are translated as they are built.
    language = set_language(os.environ.get("POCKETGUI_LANGUAGE", "") or settings.language)

    from pocketgui.ui.main_window import MainWindow
    from pocketgui.ui.modes import Mode
    from pocketgui.ui.process_tuning import settle_imports, tune_for_worker_threads
    from pocketgui.ui.qt_translations import install_qt_translations
    from pocketgui.ui.signals import AppSignals
    from pocketgui.ui.startup_clock import FirstPaintProbe, peak_rss_mb, seconds_since_process_start
    from pocketgui.ui.ui_thread_gc import collect_on_ui_thread

    try:
        mode = Mode(mode_name or settings.default_mode())
    except ValueError:
        raise SystemExit(f"unknown mode {mode_name!r}\n{USAGE}") from None
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    install_qt_translations(app, language)  # Qt's own words (file dialogs) in it too
    collect_on_ui_thread(app)
    app.setApplicationName("pocketgui")
    app.setDesktopFileName("pocketgui")  # resources/pocketgui.desktop: the shell's icon and name
    signals = AppSignals()
    window = MainWindow(signals, mode, settings=settings, settle=settle_imports)

    def first_paint() -> None:
        if exit_after_paint:
            since_start, clock = seconds_since_process_start(ENTRY_T0)
            print(f"first_paint_s={since_start:.4f} in_app_s={time.perf_counter() - ENTRY_T0:.4f}"
                  f" peak_rss_mb={peak_rss_mb():.1f} clock={clock}", flush=True)
            app.quit()
            return
        from pocketgui.ui.app_icon import app_icon

        app.setWindowIcon(app_icon())  # after the paint: eight PNG reads it does not need
        tune_for_worker_threads()
        window.start_background()  # the warm-up, then the demo, on a worker

    FirstPaintProbe(app, window, first_paint)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
