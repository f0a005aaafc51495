"""How `--dist loadscope` hands out the suite's modules to the pytest-xdist workers.

xdist's own loadscope sends each module to one worker (a module-scoped sandbox or emulator
starts once), the modules with the most tests first. Two things it cannot know are decided here:

- The modules that take the emulators' turn (tests/devices/conftest.py, `emulators_turn`) are
  one unit on one worker. Handed out separately, one worker sat blocked on the lock for as long
  as the other ran the real firmware emulators, doing nothing.
- The longest units go out first, so that no worker starts one while the others are already
  done. How long each unit took is kept in pytest's cache after every run (`ScopeTimes`); a
  fresh clone starts from the committed tests/scope_seconds.json, and a unit without any time
  (a new module) is guessed from its number of tests, the emulators' turn and the end-to-end
  modules as long.
"""

from __future__ import annotations

import json
from collections import OrderedDict, defaultdict
from pathlib import Path

import pytest
from xdist.scheduler import LoadScopeScheduling
from xdist.workermanage import WorkerController

# The modules whose tests hold the emulators' turn (the `devices` and `default_port` fixtures,
# the real emulators of test_device_contract.py): one unit, run one after the other.
EMULATORS_TURN = "tests/devices: the emulators' turn"
EMULATOR_MODULES = frozenset({
    "tests/devices/test_contract.py",
    "tests/devices/test_device_contract.py",
    "tests/devices/test_families.py",
    "tests/devices/test_hwi.py",
})
# Modules whose tests take seconds each (the whole app, sandbox and simulator).
LONG_PREFIXES = ("tests/e2e/",)
CACHE_KEY = "pocketgui/xdist-scope-seconds"
SCOPE_SECONDS = Path(__file__).with_name("scope_seconds.json")


def scope_of(nodeid: str) -> str:
    module = nodeid.split("::", 1)[0]
    return EMULATORS_TURN if module in EMULATOR_MODULES else module


class LongFirstScopes(LoadScopeScheduling):
    """Module scopes, the emulator modules as one, handed out longest first."""

    def _split_scope(self, nodeid: str) -> str:
        return scope_of(nodeid)

    def _assign_work_unit(self, node: WorkerController) -> None:
        if not any(self.assigned_work.values()):
            # The first unit of the run: xdist has just filled the queue (most tests first).
            cache = getattr(self.config, "cache", None)
            seconds = {**committed_seconds(),
                       **(cache.get(CACHE_KEY, {}) if cache is not None else {})}
            self.workqueue = OrderedDict(sorted(
                self.workqueue.items(),
                key=lambda unit: -seconds.get(unit[0], _guess(unit[0], len(unit[1])))))
        super()._assign_work_unit(node)


def committed_seconds() -> dict[str, float]:
    """The units' seconds as one quiet `make test` measured them (tests/scope_seconds.json,
    refreshed by hand from .pytest_cache/v/pocketgui/xdist-scope-seconds): a fresh clone, as
    CI runs, has no cache, and guessing from test counts left one worker busy long after the
    others. A run's own cache overrides them."""
    try:
        data = json.loads(SCOPE_SECONDS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): float(v) for k, v in data.items() if isinstance(v, int | float)}


def _guess(scope: str, tests: int) -> float:
    """Seconds a unit not timed yet may take (new, or never run with the cache)."""
    if scope == EMULATORS_TURN:
        return 60.0
    return (3.0 if scope.startswith(LONG_PREFIXES) else 0.2) * tests


class ScopeTimes:
    """On the xdist controller: each unit's seconds (setup, call and teardown of its tests),
    written to pytest's cache when the run ends, over those of earlier runs; not after a run
    chosen by marker or keyword."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.seconds: defaultdict[str, float] = defaultdict(float)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.seconds[scope_of(report.nodeid)] += report.duration

    def pytest_sessionfinish(self) -> None:
        cache = self.config.cache
        if self.config.getoption("markexpr") or self.config.getoption("keyword"):
            return  # part of each module ran (`make check`): its times would mislead
        if cache is not None and self.seconds:
            known: dict[str, float] = cache.get(CACHE_KEY, {})
            known.update({scope: round(total, 2) for scope, total in self.seconds.items()})
            cache.set(CACHE_KEY, known)
