"""How `--dist loadscope` hands out the suite's modules to the pytest-xdist workers.

xdist's own loadscope sends each module to one worker (a module-scoped sandbox or emulator
starts once), the modules with the most tests first. Two things it cannot know are decided here:

- The modules that take the emulators' turn (tests/devices/conftest.py, `emulators_turn`) are
  one unit on one worker. Handed out separately, one worker sat blocked on the lock for as long
  as the other ran the real firmware emulators, doing nothing.
- The units that run for tens of seconds go out first (the emulators' turn, then the end-to-end
  modules), so that no worker starts one while the others are already done.
"""

from __future__ import annotations

from collections import OrderedDict

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
# Modules whose tests take seconds each (the whole app against the sandbox and the simulator).
LONG_PREFIXES = ("tests/e2e/",)


class LongFirstScopes(LoadScopeScheduling):
    """Module scopes, the emulator modules as one, handed out longest first."""

    def _split_scope(self, nodeid: str) -> str:
        module = nodeid.split("::", 1)[0]
        return EMULATORS_TURN if module in EMULATOR_MODULES else module

    def _assign_work_unit(self, node: WorkerController) -> None:
        if not any(self.assigned_work.values()):
            # The first unit of the run: xdist has just filled the queue (most tests first).
            self.workqueue = OrderedDict(
                sorted(self.workqueue.items(), key=lambda unit: -_rank(unit[0])))
        super()._assign_work_unit(node)


def _rank(scope: str) -> int:
    if scope == EMULATORS_TURN:
        return 2
    return 1 if scope.startswith(LONG_PREFIXES) else 0
