"""Entry point for `pocketgui` and `python -m pocketgui`: the desktop app's main window.

`pocketgui-sandbox` runs the sandbox alone; `pocketgui-devsim` the simulated Trezor alone.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from pocketgui.ui.app import main as app_main

    return app_main(argv if argv is not None else sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
