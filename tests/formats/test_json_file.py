"""The person's small JSON files read back leniently: anything but an object means defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from pocketgui.formats.json_file import read_json_object


def test_an_object_is_read_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"language": "de", "chain": {}}', encoding="utf-8")
    assert read_json_object(path) == {"language": "de", "chain": {}}


@pytest.mark.parametrize("content", [b'["a list"]', b"not json {", b'"text"', b"\xff\xfe",
                                     b"NaN", b""])
def test_anything_but_an_object_reads_as_none(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    assert read_json_object(path) is None


def test_a_missing_or_unreadable_file_reads_as_none(tmp_path: Path) -> None:
    assert read_json_object(tmp_path / "missing.json") is None
    assert read_json_object(tmp_path) is None  # a folder where the file should be
