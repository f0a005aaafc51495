"""The active language: from the system locale or the settings, falling back to English."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pocketgui.history.money import format_btc, format_fiat
from pocketgui.i18n import catalog
from pocketgui.i18n.catalog import _, active_language, format_locale, ngettext, set_language

CATALOG_LANGUAGES = ("de", "fr", "it")  # every catalog shipped (pocketgui/locale/<language>)


def test_catalogs_are_compiled_for_every_shipped_language() -> None:
    # make compiles each .po into its .mo (the install stamp); a missing one means English only
    assert set(CATALOG_LANGUAGES) <= set(catalog.available_languages())


def test_the_language_follows_the_system_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "de_CH.UTF-8")
    assert set_language("") == "de"
    assert format_locale() == "de_CH"
    assert _("Back") == "Zurück"


def test_a_chosen_language_overrides_the_system_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "de_CH.UTF-8")
    assert set_language("en") == "en"
    assert _("Back") == "Back"
    assert format_fiat(Decimal("1000.5"), "CHF") == "1,000.50 CHF"


def test_a_system_locale_in_another_language_formats_as_that_language(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "fr_CH.UTF-8")
    set_language("de")  # chosen in Settings: German, written as in Germany
    assert format_locale() == "de"
    assert format_fiat(Decimal("1000.5"), "EUR") == "1.000,50 EUR"


@pytest.mark.parametrize("wanted", ["klingon", "../../etc", "C", "zz"])
def test_an_unknown_language_falls_back_to_english(wanted: str) -> None:
    assert set_language(wanted) == "en"
    assert active_language() == "en" and _("Back") == "Back"


def test_the_c_locale_is_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.setenv("LANG", "de_DE.UTF-8")  # LC_ALL wins, as in gettext
    assert set_language("") == "en"


def test_plural_forms_follow_the_count() -> None:
    set_language("de")
    assert ngettext("{count} purchase", "{count} purchases", 1).format(count=1) == "1 Kauf"
    assert ngettext("{count} purchase", "{count} purchases", 3).format(count=3) == "3 Käufe"


def test_swiss_german_amounts_use_the_swiss_apostrophe(monkeypatch: pytest.MonkeyPatch) -> None:
    # CLDR writes the Swiss thousands mark as the plain apostrophe (U+0027), not U+2019
    monkeypatch.setenv("LANG", "de_CH.UTF-8")
    set_language("")
    assert format_fiat(Decimal("1000.5"), "CHF") == "1'000.50 CHF"
    assert format_fiat(Decimal("1234567.891"), "CHF") == "1'234'567.89 CHF"


def test_german_amounts_use_dots_and_a_comma(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    set_language("")
    assert format_fiat(Decimal("1000.5"), "EUR") == "1.000,50 EUR"


@pytest.mark.parametrize(("system", "expected"), [
    ("de_CH.UTF-8", "0.00197000 BTC"), ("de_DE.UTF-8", "0,00197000 BTC"),
    ("en_US.UTF-8", "0.00197000 BTC")])
def test_btc_always_has_eight_decimals_and_no_grouping(
        monkeypatch: pytest.MonkeyPatch, system: str, expected: str) -> None:
    monkeypatch.setenv("LANG", system)
    set_language("de" if system.startswith("de") else "en")
    assert format_btc(Decimal("0.00197")) == expected
    assert format_btc(Decimal("1234.5")).replace(",", ".") == "1234.50000000 BTC"


def test_a_language_with_its_territory_uses_the_language_catalog() -> None:
    assert set_language("de_CH") == "de"
    assert _("Next") == "Weiter"


def test_a_broken_or_missing_catalog_leaves_the_app_in_english(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "de" / "LC_MESSAGES" / "pocketgui.mo"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"not a catalog")
    monkeypatch.setattr(catalog, "LOCALE_DIR", tmp_path)
    assert set_language("de") == "en" and _("Next") == "Next"
    assert catalog.available_languages() == ("en", "de")  # installed, if unreadable
    broken.unlink()
    assert set_language("de") == "en" and catalog.available_languages() == ("en",)


@pytest.mark.parametrize(("system", "language", "back"), [
    ("fr_CH.UTF-8", "fr", "Retour"), ("it_CH.UTF-8", "it", "Indietro")])
def test_french_and_italian_follow_the_swiss_system_locale(
        monkeypatch: pytest.MonkeyPatch, system: str, language: str, back: str) -> None:
    monkeypatch.setenv("LANG", system)
    assert set_language("") == language
    assert format_locale() == system.split(".")[0]
    assert _("Back") == back


# What Babel's CLDR data gives, checked against each country's usage: Swiss French and Swiss
# Italian group with the plain apostrophe, as Swiss German does and Swiss banks write (CLDR's
# fr_CH: U+0027, not France's U+202F); France groups with U+202F, Italy with a dot.
@pytest.mark.parametrize(("system", "fiat", "btc"), [
    ("fr_CH.UTF-8", "1'234'567,89 CHF", "0,00197000 BTC"),
    ("it_CH.UTF-8", "1'234'567.89 CHF", "0.00197000 BTC"),
    ("fr_FR.UTF-8", "1\u202f234\u202f567,89 CHF", "0,00197000 BTC"),
    ("it_IT.UTF-8", "1.234.567,89 CHF", "0,00197000 BTC")])
def test_french_and_italian_amounts_as_each_country_writes_them(
        monkeypatch: pytest.MonkeyPatch, system: str, fiat: str, btc: str) -> None:
    monkeypatch.setenv("LANG", system)
    set_language("")
    assert format_fiat(Decimal("1234567.891"), "CHF") == fiat
    assert format_btc(Decimal("0.00197")) == btc
    # BTC: always eight decimals, never grouped, in every locale
    assert format_btc(Decimal("1234.5")) == f"1234{btc[1]}50000000 BTC"


@pytest.mark.parametrize(("language", "forms"), [
    ("fr", {0: "0 achat", 1: "1 achat", 2: "2 achats", 1_000_000: "1000000 d’achats"}),
    ("it", {0: "0 acquisti", 1: "1 acquisto", 2: "2 acquisti", 1_000_000: "1000000 di acquisti"})])
def test_french_and_italian_use_all_three_plural_forms(language: str,
                                                       forms: dict[int, str]) -> None:
    set_language(language)
    for count, expected in forms.items():
        assert ngettext("{count} purchase", "{count} purchases", count).format(
            count=count) == expected
