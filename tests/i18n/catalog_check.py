"""What makes a catalog incomplete or broken, for tests/i18n/test_catalogs.py."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr]")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def wrapped_messages() -> set[str | tuple[str, str]]:
    """Every text the code marks with `_`, `N_` or `ngettext` (as `make catalogs` extracts)."""
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / "pocketgui"), [("**.py", "python")], keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else tuple(message))  # type: ignore[arg-type]
    return found


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as source:
        return read_po(source)


def catalog_problems(catalog: Catalog, wanted: Iterable[str | tuple[str, str]]) -> list[str]:
    """Each message the code wraps but the catalog lacks, leaves empty or fuzzy, and each
    translation whose placeholders differ from its message's."""
    problems = []
    for message_id in sorted(wanted, key=str):
        key = message_id if isinstance(message_id, str) else message_id[0]
        message = catalog.get(key)
        if message is None:
            problems.append(f"missing: {key!r}")
            continue
        forms = list(message.string) if isinstance(message.string, tuple | list) else [
            message.string]
        if message.fuzzy or not all(forms):
            problems.append(f"untranslated: {key!r}")
            continue
        ids = [message_id] if isinstance(message_id, str) else list(message_id)
        expected = set().union(*(placeholders(text) for text in ids))
        if isinstance(message_id, str) and placeholders(forms[0]) != expected:
            problems.append(f"placeholders {sorted(placeholders(forms[0]))} instead of "
                            f"{sorted(expected)}: {key!r}")
        elif not isinstance(message_id, str) and (
                any(not placeholders(form) <= expected for form in forms)
                or set().union(*(placeholders(form) for form in forms)) != expected):
            problems.append(f"plural placeholders differ: {key!r}")
    return problems
