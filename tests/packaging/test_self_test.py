"""`--self-test` from source, and the bundle's entry script that dispatches to it."""

from __future__ import annotations

import sys

import pytest

from pocketgui.ui.self_test import CHECKS, run_self_test
from tests.packaging.conftest import load


@pytest.mark.timeout(60)
def test_every_check_passes_from_source() -> None:
    lines: list[str] = []
    assert run_self_test(out=lines.append) == 0, "\n".join(lines)
    assert len(lines) == len(CHECKS) + 1
    assert all(line.startswith("PASS") for line in lines[:-1]), "\n".join(lines)
    assert lines[-1].startswith(f"self-test: {len(CHECKS)}/{len(CHECKS)} passed")


def test_a_failing_check_fails_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> str:
        raise OSError("libusb-1.0.so.0: cannot open shared object file")

    monkeypatch.setattr("pocketgui.ui.self_test.CHECKS", (("libusb", broken),))
    lines: list[str] = []
    assert run_self_test(out=lines.append) == 1
    assert lines[0].startswith("FAIL  libusb") and "cannot open shared object" in lines[0]


def test_the_entry_script_dispatches_the_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = load("entry.py")
    calls: list[object] = []
    monkeypatch.setattr("pocketgui.ui.self_test.run_self_test", lambda: calls.append("self") or 0)
    monkeypatch.setattr("pocketgui.__main__.main", lambda argv: calls.append(argv) or 0)
    monkeypatch.setattr(sys, "argv", ["pocketgui", "--self-test"])
    assert entry.main() == 0
    monkeypatch.setattr(sys, "argv", ["pocketgui", "--mode", "demo"])
    assert entry.main() == 0
    assert calls == ["self", ["--mode", "demo"]]
