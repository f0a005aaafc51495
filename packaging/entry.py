"""The bundled app's entry script: `pocketgui --self-test` or the app itself.

PyInstaller freezes one script; this one chooses. `--self-test` is handled here so that the
bundle can be checked in CI before the flag reaches `pocketgui/__main__.py`; everything else
goes to the same `main` that `pocketgui` runs from source.
"""

from __future__ import annotations

import sys


def main() -> int:
    if "--self-test" in sys.argv[1:]:
        from pocketgui.ui.self_test import run_self_test

        return run_self_test()
    from pocketgui.__main__ import main as app_main

    return app_main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
