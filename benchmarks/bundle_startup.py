"""Cold start to the first painted window: the PyInstaller bundle against the app from source.

    python benchmarks/bundle_startup.py [--rounds 7] [--bundle PATH]

Needs `make package` first; without dist/pocketgui/pocketgui it says so and exits 0 (so that
`make bench` works on a checkout that never built the bundle). `--bundle` times another build,
e.g. the one-file executable (POCKETGUI_ONEFILE=1, docs/packaging.md). Both run as fresh processes,
alternately, with `--exit-after-first-paint` offscreen; medians are compared. The first paint is
timed from POCKETGUI_T0_NS, stamped by this launcher just before it spawns the process, so it
includes what differs most between the two: the bundle's bootloader unpacking nothing (one
folder) but loading its libraries, the source run's interpreter finding packages in the venv.
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

from startup import run_once  # the same measurement as benchmarks/startup.py (this folder)

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "pocketgui" / "pocketgui"


def main(argv: list[str]) -> int:
    bundle = Path(argv[argv.index("--bundle") + 1]) if "--bundle" in argv else BUNDLE
    if not bundle.is_file():
        print(f"the bundle is not built ({bundle} missing): run `make package`")
        return 0
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 7
    commands = {
        "bundle": [str(bundle.resolve()), "--exit-after-first-paint"],
        "source": [sys.executable, "-m", "pocketgui.ui.app", "--exit-after-first-paint"],
    }
    for command in commands.values():  # one unmeasured run each: warm the file cache
        run_once(command)
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            runs[name].append(run_once(command))
    median = {name: {key: statistics.median(r[key] for r in rs) for key in ("paint", "wall", "rss")}
              for name, rs in runs.items()}
    print(f"{rounds} alternating rounds, medians (QT_QPA_PLATFORM="
          f"{os.environ.get('QT_QPA_PLATFORM', 'offscreen')}):")
    for name, m in median.items():
        print(f"  {name:7} first paint {m['paint'] * 1000:7.1f} ms   whole process "
              f"{m['wall'] * 1000:7.1f} ms   peak RSS {m['rss']:5.1f} MB")
    ratio = median["bundle"]["paint"] / median["source"]["paint"]
    print(f"  bundle / source first paint: {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
