"""Cold start to the first painted window, against a bare PySide6 one-page QWizard.

    python benchmarks/startup.py [--rounds 7] [--language de] [--strict]

Both programs run as fresh processes (`python -m pocketgui --exit-after-first-paint` and the
bare wizard), alternately, the same number of rounds; medians are compared. Each prints, at its
first paint, the time since the launcher stamped POCKETGUI_T0_NS (time.time_ns() just before
spawning), the time since its own first statement ("in the app": the interpreter's start-up
left out) and its peak RSS; the launcher also times the whole process (spawn to exit, exit right
after the first paint). Each is given as a ratio to the bare wizard. Goals: ratios ≤ 1.5×, peak
RSS < 80 MB. `--strict` exits 1 when a goal is missed. `--language` starts the app in that
language (POCKETGUI_LANGUAGE: its catalog loaded, its locale's formats), so the goal is held with
a translation too; without it the app runs in the language the environment gives it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_RATIO, GOAL_RSS_MB = 1.5, 80.0

BASELINE = '''
import time
T0 = time.perf_counter()
import os, resource, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWizard, QWizardPage

app = QApplication(sys.argv[:1])
wizard = QWizard()
page = QWizardPage()
page.setTitle("Welcome")
QVBoxLayout(page).addWidget(QLabel("A bare one-page wizard."))
wizard.addPage(page)

def done():
    since = (time.time_ns() - int(os.environ["POCKETGUI_T0_NS"])) / 1e9
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"first_paint_s={since:.4f} in_app_s={time.perf_counter() - T0:.4f} "
          f"peak_rss_mb={rss:.1f} clock=launcher", flush=True)
    app.quit()

class Probe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and watched.isWidgetType() \\
                and watched.window() is wizard:
            app.removeEventFilter(self)
            QTimer.singleShot(0, done)
        return False

probe = Probe()
app.installEventFilter(probe)
wizard.show()
sys.exit(app.exec())
'''


def as_on_a_persons_machine(env: dict[str, str]) -> dict[str, str]:
    """`env` for a measured process. A person's second start reads compiled bytecode (pip, the
    bundle and `make run` all allow it); a machine that forbids writing it (this one sets
    PYTHONDONTWRITEBYTECODE) would time Python compiling pocketgui instead."""
    env = dict(env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_once(command: list[str], language: str = "") -> dict[str, float]:
    env = as_on_a_persons_machine(dict(os.environ))
    if language:
        env["POCKETGUI_LANGUAGE"] = language
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    env["POCKETGUI_T0_NS"] = str(time.time_ns())
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    wall = time.perf_counter() - started
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("first_paint_s=")), "")
    if done.returncode != 0 or not line:
        raise RuntimeError(f"{command} failed ({done.returncode}): {done.stderr[-2000:]}")
    figures = {k: v for k, v in (item.split("=", 1) for item in line.split())}
    return {"paint": float(figures["first_paint_s"]), "in_app": float(figures["in_app_s"]),
            "wall": wall, "rss": float(figures["peak_rss_mb"])}


def main(argv: list[str]) -> int:
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 7
    language = argv[argv.index("--language") + 1] if "--language" in argv else ""
    with tempfile.TemporaryDirectory() as tmp:
        baseline_script = Path(tmp) / "bare_wizard.py"
        baseline_script.write_text(BASELINE)
        commands = {"bare QWizard": [sys.executable, str(baseline_script)],
                    "pocketgui": [sys.executable, "-m", "pocketgui", "--exit-after-first-paint"]}
        for command in commands.values():  # one unmeasured run each: warm the file cache
            run_once(command, language)
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, command in commands.items():
                runs[name].append(run_once(command, language))
    keys = ("paint", "in_app", "wall", "rss")
    median = {name: {key: statistics.median(r[key] for r in rs) for key in keys}
              for name, rs in runs.items()}
    print(f"{rounds} alternating rounds, medians (QT_QPA_PLATFORM="
          f"{os.environ.get('QT_QPA_PLATFORM', 'offscreen')}, POCKETGUI_LANGUAGE="
          f"{language or os.environ.get('POCKETGUI_LANGUAGE', '') or '(unset)'}):")
    for name, m in median.items():
        print(f"  {name:13} first paint {m['paint'] * 1000:7.1f} ms   in the app "
              f"{m['in_app'] * 1000:6.1f} ms   whole process {m['wall'] * 1000:7.1f} ms   "
              f"peak RSS {m['rss']:5.1f} MB")
    base, app = median["bare QWizard"], median["pocketgui"]
    paint_ratio, wall_ratio = app["paint"] / base["paint"], app["wall"] / base["wall"]
    in_app_ratio = app["in_app"] / base["in_app"]
    ok = paint_ratio <= GOAL_RATIO and app["rss"] < GOAL_RSS_MB
    print(f"  ratio first paint {paint_ratio:.2f}x, in the app {in_app_ratio:.2f}x, whole "
          f"process {wall_ratio:.2f}x "
          f"(goal <= {GOAL_RATIO}x); peak RSS {app['rss']:.1f} MB (goal < {GOAL_RSS_MB:.0f} MB): "
          f"{'met' if ok else 'MISSED'}")
    return 1 if ("--strict" in argv and not ok) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
