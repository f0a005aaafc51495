"""The suite's own xdist scheduling (tests/xdist_scopes.py), driven through xdist's scheduler
protocol with two stand-in workers: it leans on loadscope's internals, so an xdist upgrade that
moves them fails here, by name, rather than as a slower run."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests import xdist_scopes
from tests.xdist_scopes import (
    CACHE_KEY,
    EMULATORS_TURN,
    LongFirstScopes,
    ScopeTimes,
    committed_seconds,
)


@pytest.fixture(autouse=True)
def no_committed_seconds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The committed times out of the way (a test writes its own)."""
    path = tmp_path / "scope_seconds.json"
    monkeypatch.setattr(xdist_scopes, "SCOPE_SECONDS", path)
    return path


class Worker:
    """What the scheduler uses of an xdist WorkerController."""

    def __init__(self, name: str) -> None:
        self.gateway = SimpleNamespace(id=name)
        self.shutting_down = False
        self.sent: list[list[int]] = []

    def send_runtest_some(self, indices: list[int]) -> None:
        self.sent.append(indices)

    def shutdown(self) -> None:
        self.shutting_down = True


class Cache:
    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    def get(self, key: str, default: Any) -> Any:
        return self.values.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self.values[key] = value


COLLECTION = [
    *(f"tests/api/test_many.py::test_{n}" for n in range(10)),
    "tests/devices/test_contract.py::test_a",
    "tests/devices/test_device_contract.py::test_b",
    "tests/devices/test_cli.py::test_c",
    "tests/e2e/test_demo.py::test_d",
    "tests/sandbox/test_fuzz.py::test_e",
]


def first_units(seconds: dict[str, float]) -> list[list[str]]:
    """The modules each of two workers gets first, with `seconds` as the last run's times."""
    config = SimpleNamespace(getvalue=lambda name: ["2*popen"] if name == "tx" else None,
                             option=SimpleNamespace(loadscopereorder=True),
                             cache=Cache({CACHE_KEY: seconds} if seconds else {}))
    scheduler = LongFirstScopes(config)
    workers = [Worker("gw0"), Worker("gw1")]
    for worker in workers:
        scheduler.add_node(worker)
        scheduler.add_node_collection(worker, COLLECTION)
    scheduler.schedule()
    return [sorted({COLLECTION[i].split("::")[0] for i in worker.sent[0]}) for worker in workers]


def test_the_emulator_modules_are_one_unit_and_go_first_without_timings() -> None:
    emulators, second = first_units({})
    assert emulators == ["tests/devices/test_contract.py", "tests/devices/test_device_contract.py"]
    assert second == ["tests/e2e/test_demo.py"]  # one e2e test outweighs ten quick ones


def test_with_timings_the_longest_units_go_first() -> None:
    first, second = first_units({"tests/sandbox/test_fuzz.py": 30.0, EMULATORS_TURN: 20.0,
                                 "tests/api/test_many.py": 3.0, "tests/e2e/test_demo.py": 1.0})
    assert first == ["tests/sandbox/test_fuzz.py"]
    assert second == ["tests/devices/test_contract.py", "tests/devices/test_device_contract.py"]


def record(options: dict[str, str]) -> dict[str, float]:
    """What the cache holds after a run with these -m/-k options, over earlier times."""
    cache = Cache({CACHE_KEY: {"tests/old.py": 5.0, "tests/api/test_many.py": 9.0}})
    config = SimpleNamespace(cache=cache, getoption=lambda name: options.get(name, ""))
    times = ScopeTimes(config)  # type: ignore[arg-type]
    for nodeid, duration in (("tests/api/test_many.py::test_1", 0.5),
                             ("tests/api/test_many.py::test_2", 0.25),
                             ("tests/devices/test_hwi.py::test_x", 2.0)):
        report = SimpleNamespace(nodeid=nodeid, duration=duration)
        times.pytest_runtest_logreport(report)  # type: ignore[arg-type]
    times.pytest_sessionfinish()
    return dict(cache.values[CACHE_KEY])


def test_the_seconds_of_a_run_are_kept_over_the_earlier_ones() -> None:
    assert record({}) == {"tests/old.py": 5.0, "tests/api/test_many.py": 0.75,
                          EMULATORS_TURN: 2.0}


def test_a_run_of_some_tests_by_marker_or_keyword_keeps_the_earlier_times() -> None:
    earlier = {"tests/old.py": 5.0, "tests/api/test_many.py": 9.0}
    assert record({"markexpr": "not slow"}) == earlier
    assert record({"keyword": "many"}) == earlier


def test_a_fresh_clone_starts_from_the_committed_times_and_a_run_overrides_them(
        no_committed_seconds: Path) -> None:
    no_committed_seconds.write_text(json.dumps({"tests/api/test_many.py": 90.0,
                                                EMULATORS_TURN: 20.0}))
    first, second = first_units({})
    assert first == ["tests/api/test_many.py"]  # the committed 90 s, not ten quick tests' guess
    assert second == ["tests/devices/test_contract.py", "tests/devices/test_device_contract.py"]
    first, _second = first_units({"tests/api/test_many.py": 1.0})  # this clone's own run
    assert first == ["tests/devices/test_contract.py", "tests/devices/test_device_contract.py"]


def test_a_broken_committed_file_is_no_times(no_committed_seconds: Path) -> None:
    for text in ("not json", "[1, 2]", '{"tests/a.py": "slow"}'):
        no_committed_seconds.write_text(text)
        assert committed_seconds() == {}


def test_the_committed_times_cover_the_suites_modules() -> None:
    committed = json.loads((Path(__file__).parent / "scope_seconds.json").read_text())
    modules = {str(path.relative_to(Path(__file__).parents[1]))
               for path in Path(__file__).parent.rglob("test_*.py")}
    known = {scope for scope in committed if scope.endswith(".py")}
    assert len(known & modules) >= 0.8 * len(modules)  # refresh it when this fails
