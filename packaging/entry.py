"""The bundled app's entry script: `pocketgui --self-test` or the app itself.

PyInstaller freezes one script; this one chooses. `--self-test` is handled here so that the
bundle can be checked in CI before the flag reaches `pocketgui/__main__.py`; everything else
goes to the same `main` that `pocketgui` runs from source. A windowed Windows build has no
console, so there the checks are written to pocketgui-self-test.txt in the current folder.
"""

from __future__ import annotations

import sys

SELF_TEST_LOG = "pocketgui-self-test.txt"


def self_test() -> int:
    from pocketgui.ui.self_test import run_self_test

    if sys.stdout is None:  # a windowed build (Windows) has no console: write to a file
        with open(SELF_TEST_LOG, "w", encoding="utf-8") as log:
            return run_self_test(out=lambda line: print(line, file=log, flush=True))
    return run_self_test()


def main() -> int:
    if "--self-test" in sys.argv[1:]:
        return self_test()
    from pocketgui.__main__ import main as app_main

    return app_main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
