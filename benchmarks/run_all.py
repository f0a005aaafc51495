"""`make bench`: run every benchmark script in this folder, one process each, and print figures.

Each script is standalone (`python benchmarks/NAME.py`) and prints its own figures; running them
in separate processes keeps one benchmark's imports and threads out of another's numbers.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(p for p in HERE.glob("*.py") if p.name not in {"run_all.py", "__init__.py"})
    failed = []
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        print(f"({script.stem}: {time.perf_counter() - started:.1f} s)", flush=True)
        if result.returncode != 0:
            failed.append(script.stem)
    if failed:
        print(f"\nFailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
