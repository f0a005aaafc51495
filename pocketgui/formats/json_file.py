"""A small JSON file of the person's own (settings, preferences, a draft) read back leniently.

Such a file is a convenience: one that is missing, unreadable, not JSON or not an object means
"use the defaults", never an error that stops the app. Only `json` is imported: the settings
are read before the first paint.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def read_json_object(path: Path) -> dict[str, Any] | None:
    """The file's JSON object, or None when there is no readable object in it."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
