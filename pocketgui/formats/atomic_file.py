"""A file written whole or not at all: a crash or a full disk never leaves half of it.

Hand-written because the library made for it (`atomicwrites`) is archived; the recipe is short.
Each writer gets its own temporary file beside the target (two writers never share one), the
bytes reach the disk (fsync) before the rename, and a failed write removes its temporary file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_text_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` (UTF-8) in one rename; creates the folder. Raises OSError,
    and then the old file is as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
