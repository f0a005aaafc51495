"""Files written whole or not at all: the one writer the drafts and settings use."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pocketgui.formats.atomic_file import write_text_atomically


def test_writes_the_text_and_creates_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "settings.json"
    write_text_atomically(target, "{}\n")
    write_text_atomically(target, '{"mode": "demo"}')
    assert target.read_text(encoding="utf-8") == '{"mode": "demo"}'
    assert os.listdir(target.parent) == ["settings.json"]  # no temporary file left


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "draft.json"
    write_text_atomically(target, "old")
    with pytest.raises(UnicodeEncodeError):
        write_text_atomically(target, "half \udc80 written")  # a lone surrogate has no UTF-8
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["draft.json"]


def test_two_writers_never_share_a_temporary_name(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixed `.tmp` name of the old writers let two saves interleave into one file."""
    seen: list[str] = []
    real_replace = os.replace

    def recording_replace(source: str, target: str) -> None:
        seen.append(os.path.basename(source))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", recording_replace)
    write_text_atomically(tmp_path / "a.json", "1")
    write_text_atomically(tmp_path / "a.json", "2")
    assert len(set(seen)) == 2 and all(name.endswith(".tmp") for name in seen)
