"""Entry point for `pocketgui` and `python -m pocketgui`.

Until the desktop app lands this starts the embedded sandbox so a new user can try the API.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from pocketgui.sandbox.cli import main as sandbox_main

    return sandbox_main(argv if argv is not None else sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
