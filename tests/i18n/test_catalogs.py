"""Every catalog translates every wrapped text, with the same placeholders."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from tests.i18n.catalog_check import ROOT, catalog_problems, read_catalog, wrapped_messages

CATALOGS = sorted((ROOT / "pocketgui" / "locale").glob("*/LC_MESSAGES/pocketgui.po"))
# Catalogs held to the full check: every shipped language.
TRANSLATED = [path for path in CATALOGS if path.parent.parent.name in ("de", "fr", "it")]


@pytest.fixture(scope="module")
def wrapped() -> set[str | tuple[str, str]]:
    return wrapped_messages()


def test_the_code_wraps_texts_and_a_catalog_exists(wrapped: set[str | tuple[str, str]]) -> None:
    assert "Pay by bank transfer" in wrapped
    assert [path.parent.parent.name for path in CATALOGS] == ["de", "fr", "it"]


@pytest.mark.parametrize("path", TRANSLATED, ids=lambda path: path.parent.parent.name)
def test_every_wrapped_text_is_translated_with_its_placeholders(
        path: Path, wrapped: set[str | tuple[str, str]]) -> None:
    assert catalog_problems(read_catalog(path), wrapped) == []


def test_the_check_finds_a_missing_an_empty_and_a_broken_translation() -> None:
    catalog = Catalog(locale="de")
    catalog.add("Pay {amount}", "Zahle {betrag}")
    catalog.add("Cancel", "")
    catalog.add("Sent %s", "Gesendet %s")
    catalog.add(("{count} purchase", "{count} purchases"), ("1 Kauf", "{count} Käufe"))
    catalog.add(("{n} day", "{n} days"), ("{n} Tag", "{x} Tage"))
    problems = catalog_problems(catalog, ["Pay {amount}", "Cancel", "Sent %s", "Back",
                                          ("{count} purchase", "{count} purchases"),
                                          ("{n} day", "{n} days")])
    assert sorted(problems) == sorted([
        "untranslated: 'Cancel'",
        "placeholders ['{betrag}'] instead of ['{amount}']: 'Pay {amount}'",
        "missing: 'Back'",
        "plural placeholders differ: '{n} day'",
    ])
