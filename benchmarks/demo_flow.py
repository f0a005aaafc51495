"""The whole demo in the real app (offscreen): the longest UI-thread stall and the peak memory.

    python benchmarks/demo_flow.py [--rounds 3] [--strict] [--why] [--lightning]

A person's script (tests/e2e/driver.py) clicks through the demo — device, PIN, show on device,
sign, payment, create, instructions, simulated transfer, a mined block — while a 5 ms
PreciseTimer heartbeat on the UI thread records the longest gap between two beats beyond its
interval: that is the longest time the window could not react, named by the two moments of
the script it fell between (`stall_in=12-instructions..13-tracking`), with the UI thread's own
CPU time over that gap (`stall_cpu_ms`: close to the stall, the window was working; far below
it, the thread was waiting for the GIL or, on a loaded machine, for a core). Also printed:
which heavy modules were already imported at the first paint (goal: none of the demo's), the
peak RSS at the first paint and over the whole demo. Goals: stall < 50 ms, RSS at first paint
< 80 MB, over the demo < 150 MB. Each round is a fresh process. `--lightning` runs the
lightning script instead (node key, node signature, order, transfer, an invoice paid with its
preimage checked, a second purchase paid by a channel); `benchmarks/lightning_flow.py` is that,
for `make bench`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

from startup import as_on_a_persons_machine  # benchmarks/ is the script's folder

ROOT = Path(__file__).resolve().parent.parent
GOAL_STALL_MS, GOAL_PAINT_MB, GOAL_DEMO_MB = 50.0, 80.0, 150.0
HEAVY = ("httpx", "hwilib", "uvicorn", "fastapi", "embit", "qrcode", "pocketgui.sandbox")
BEAT_MS = 5


def one_round() -> None:
    """In a fresh process: run the demo and print one line of figures."""
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from pocketgui.purchases import session
    from pocketgui.ui.app import keep_module_sources_out_of_memory
    from pocketgui.ui.main_window import MainWindow
    from pocketgui.ui.modes import Mode
    from pocketgui.ui.process_tuning import settle_imports, tune_for_worker_threads
    from pocketgui.ui.settings import Settings  # noqa: F401  (app.main imports it before the paint)
    from pocketgui.ui.signals import AppSignals
    from pocketgui.ui.startup_clock import FirstPaintProbe, peak_rss_mb
    from pocketgui.ui.ui_thread_gc import collect_on_ui_thread

    # as in the app: importing pocketgui.ui.app keeps httpx's command line out (≈3.5 MB), and
    # PySide6's per-import check keeps no sources (≈20 MB in one round out of three or so)
    keep_module_sources_out_of_memory()
    app = QApplication([sys.argv[0]])
    collect_on_ui_thread(app)  # as app.main does
    session.DEMO_OPTIONS = {"settle_delay": 1.0}
    signals = AppSignals()
    window = MainWindow(signals, Mode.DEMO, data_dir=Path(os.environ["DEMO_DATA"]),
                        settle=settle_imports)
    at_paint: dict[str, object] = {}

    def painted() -> None:  # what app.main does at its first paint
        at_paint["heavy"] = [m for m in HEAVY if m in sys.modules]
        at_paint["rss"] = peak_rss_mb()
        tune_for_worker_threads()
        window.start_background()

    FirstPaintProbe(app, window, painted)
    beat = {"last": time.perf_counter(), "cpu": time.thread_time(), "worst": 0.0,
            "worst_cpu": 0.0, "where": "", "page": "start"}
    gaps: list[tuple[float, str, float]] = []

    def tick() -> None:
        """Also the UI thread's own CPU time over the gap: a long gap with little CPU is the
        thread waiting (the GIL, other processes on a loaded machine), not work of its own."""
        now, cpu = time.perf_counter(), time.thread_time()
        gap = (now - beat["last"]) * 1000 - BEAT_MS  # type: ignore[operator]
        used = (cpu - beat["cpu"]) * 1000  # type: ignore[operator]
        if gap > 15:
            gaps.append((gap, str(beat["page"]), used))
        if gap > beat["worst"]:  # type: ignore[operator]
            beat["worst"], beat["where"], beat["worst_cpu"] = gap, beat["page"], used
        beat["last"], beat["cpu"] = now, cpu

    ui_thread = threading.get_ident()
    stacks: list[tuple[float, str]] = []

    def watchdog() -> None:  # where the UI thread is when a beat is late (for --why)
        me = threading.get_ident()
        while not stop.is_set():
            threading_names = {t.ident: t.name for t in threading.enumerate()}
            late = time.perf_counter() - beat["last"]  # type: ignore[operator]
            if late > 0.03:
                frames = sys._current_frames()
                others = [f"  {threading_names.get(i, i)}: {traceback.format_stack(f)[-1].strip()}"
                          for i, f in frames.items() if i not in (ui_thread, me)]
                frame = frames.get(ui_thread)
                if frame is not None:
                    stacks.append((late, "".join(traceback.format_stack(frame)[-6:])
                                   + "other threads:\n" + "\n".join(others)))
                del frame, frames  # a frame kept alive keeps its locals (a QPainter…) alive
            stop.wait(0.01)

    stop = threading.Event()
    if "--why" in sys.argv:  # formatting stacks reads source files: only when asked
        threading.Thread(target=watchdog, daemon=True).start()
    heart = QTimer()
    heart.setTimerType(Qt.TimerType.PreciseTimer)
    heart.setInterval(BEAT_MS)
    heart.timeout.connect(tick)
    heart.start()

    window.show()
    while window.warmup is None or not window.warmup.done or window.session is None:
        # the person reads the welcome page meanwhile
        app.processEvents()
        time.sleep(0.002)
    from tests.e2e.driver import DemoDriver  # everything it imports is loaded by now

    seen = ["start"]  # the driver's moments in order: a stall lies between two of them

    def page(name: str) -> None:
        beat["page"] = name
        seen.append(name)

    def between(name: str) -> str:
        """"after X, before Y": X alone misled us once (the stall after the instructions
        page was the dashboard built for the transfer that followed it)."""
        later = seen[seen.index(name) + 1:] if name in seen else []
        return f"{name}..{later[0] if later else 'end'}"

    import gc

    collections: list[float] = []
    gc_started = [0.0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_started[0] = time.perf_counter()
        else:
            collections.append((time.perf_counter() - gc_started[0]) * 1000)

    gc.callbacks.append(on_gc)
    started = time.perf_counter()
    drive = DemoDriver(window, on_page=page)
    drive.whole_lightning_demo() if "--lightning" in sys.argv else drive.whole_demo()
    took = time.perf_counter() - started
    heart.stop()
    stop.set()
    if "--why" in sys.argv and stacks:
        late, stack = max(stacks)
        print(f"UI thread {late * 1000:.0f} ms late, in:\n{stack}", file=sys.stderr)
    gaps.sort(reverse=True)
    print(f"gc: {len(collections)} collections, longest {max(collections, default=0):.1f} ms",
          file=sys.stderr)
    print("top stalls:", ", ".join(f"{g:.0f} ms ({c:.0f} ms UI-thread CPU) in {between(p)}"
                                   for g, p, c in gaps[:5]), file=sys.stderr)
    print(f"stall_ms={beat['worst']:.1f} stall_cpu_ms={beat['worst_cpu']:.1f} "
          f"stall_in={between(str(beat['where']))} demo_s={took:.2f} "
          f"paint_rss_mb={at_paint.get('rss', 0):.1f} demo_rss_mb={peak_rss_mb():.1f} "
          f"heavy_at_paint={','.join(at_paint.get('heavy', [])) or 'none'}",  # type: ignore[arg-type]
          flush=True)
    window.close()


def main(argv: list[str]) -> int:
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 3
    results = []
    base = as_on_a_persons_machine(dict(os.environ))
    # the bytecode a person's install has (pip compiles it; the bundle ships it), written once
    subprocess.run([sys.executable, "-m", "compileall", "-q", "pocketgui", "tests/e2e"],
                   cwd=ROOT, env=base, capture_output=True, check=False)
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            env = {**base, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM",
                                                                    "offscreen"),
                   "DEMO_DATA": tmp, "XDG_CONFIG_HOME": f"{tmp}/config",
                   "XDG_DATA_HOME": f"{tmp}/data"}
            why = ["--why"] if "--why" in argv else []
            script = ["--lightning"] if "--lightning" in argv else []
            done = subprocess.run([sys.executable, __file__, "--one", *why, *script], cwd=ROOT,
                                  env=env,
                                  capture_output=True, text=True, timeout=180)
        line = next((ln for ln in done.stdout.splitlines() if ln.startswith("stall_ms=")), "")
        if done.returncode != 0 or not line:
            print(done.stdout[-2000:], done.stderr[-3000:], file=sys.stderr)
            return 1
        results.append(dict(item.split("=", 1) for item in line.split()))
        print("  " + line, flush=True)
        if why:
            print(done.stderr[-4000:], flush=True)
    stall = statistics.median(float(r["stall_ms"]) for r in results)
    worst = max(float(r["stall_ms"]) for r in results)
    paint_rss = statistics.median(float(r["paint_rss_mb"]) for r in results)
    demo_rss = max(float(r["demo_rss_mb"]) for r in results)
    ok = worst < GOAL_STALL_MS and paint_rss < GOAL_PAINT_MB and demo_rss < GOAL_DEMO_MB
    which = "lightning demo" if "--lightning" in argv else "demo"
    print(f"{which}, {rounds} rounds: longest UI-thread stall median {stall:.1f} ms, "
          f"worst {worst:.1f} ms "
          f"(goal < {GOAL_STALL_MS:.0f} ms); peak RSS at first paint {paint_rss:.1f} MB "
          f"(goal < {GOAL_PAINT_MB:.0f} MB), over the demo {demo_rss:.1f} MB "
          f"(goal < {GOAL_DEMO_MB:.0f} MB): {'met' if ok else 'MISSED'}")
    return 1 if ("--strict" in argv and not ok) else 0


if __name__ == "__main__":
    if "--one" in sys.argv:
        one_round()
    else:
        raise SystemExit(main(sys.argv[1:]))
