"""Dates, times and numbers in the locale's own writing; the CSV in one machine format."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from pocketgui.history import parse_csv, purchases_csv
from pocketgui.i18n.catalog import set_language
from pocketgui.i18n.formatting import format_date, format_datetime, format_number
from tests.history.wire import purchase

MOMENT = datetime(2026, 12, 6, 19, 5, tzinfo=UTC)


def test_english_keeps_the_unambiguous_iso_dates() -> None:
    assert format_date(MOMENT) == "2026-12-06"
    assert format_datetime(MOMENT) == "2026-12-06 19:05"


@pytest.mark.parametrize(("locale", "day", "moment"), [
    ("fr_CH", "06.12.26", "06.12.26 19:05"), ("it_CH", "06.12.26", "06.12.26, 19:05"),
    ("fr_FR", "06/12/2026", "06/12/2026 19:05"), ("it_IT", "06/12/26", "06/12/26, 19:05")])
def test_french_and_italian_dates_in_each_country(locale: str, day: str, moment: str) -> None:
    assert format_date(MOMENT, locale=locale) == day
    assert format_datetime(MOMENT, locale=locale) == moment


def test_swiss_german_dates_are_day_month_year(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "de_CH.UTF-8")
    set_language("")
    assert format_date(MOMENT) == "06.12.26"
    assert format_datetime(MOMENT).startswith("06.12.26") and "19:05" in format_datetime(MOMENT)


@pytest.mark.parametrize(("locale", "expected"), [
    ("de_CH", "1'000.50"), ("de_DE", "1.000,50"), ("fr_CH", "1'000,50"), ("it_CH", "1'000.50"),
    ("fr_FR", "1 000,50"), ("en", "1,000.50"), ("fr_CH", "1'000,50")])
def test_numbers_in_each_locale(locale: str, expected: str) -> None:
    text = format_number(Decimal("1000.50"), 2, locale=locale)
    assert text.replace("\u202f", " ").replace("\xa0", " ") == expected


def test_a_locale_babel_lacks_writes_english_instead_of_failing() -> None:
    assert format_number(Decimal("1000.5"), 2, locale="qq_QQ") == "1,000.50"


def test_huge_values_keep_every_digit() -> None:
    assert format_number(Decimal("1E+30"), 2, grouping=False, locale="de_CH") == "1" + "0" * 30 \
        + ".00"


def test_the_csv_export_is_the_same_in_every_language(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [purchase("confirmed", cost="1000.50", fee="1.50", rate="50000.00",
                     amount="0.00197000", executed_on="2021-09-15T14:35:10.122Z")]
    english = purchases_csv(rows)
    for system, language in (("de_CH.UTF-8", "de"), ("de_DE.UTF-8", "de"), ("fr_CH.UTF-8", "fr"),
                             ("it_IT.UTF-8", "it"), ("", "xx")):
        monkeypatch.setenv("LANG", system)
        set_language(language)
        assert purchases_csv(rows) == english
    assert "2021-09-15T14:35:10.122Z,btc/chf,1000.50,1.50,50000.00,0.00197000" in english
    assert parse_csv(english)[0].cost == Decimal("1000.50")


@pytest.mark.parametrize(("locale", "expected"), [
    ("de_CH", "1'234'567.89"), ("fr_CH", "1'234'567,89"), ("de_DE", "1.234.567,89"),
    ("it_CH", "1'234'567.89"), ("fr_FR", "1\u202f234\u202f567,89"), ("it_IT", "1.234.567,89")])
def test_millions_keep_every_group_mark(locale: str, expected: str) -> None:
    assert format_number(Decimal("1234567.89"), 2, locale=locale) == expected


def test_the_warm_up_loads_babel_ahead_in_a_translation_and_never_in_english() -> None:
    # a fresh interpreter: this one has long imported Babel
    import subprocess
    import sys

    from tests.i18n.catalog_check import ROOT

    script = (
        "import sys\n"
        "from pocketgui.i18n.catalog import set_language\n"
        "from pocketgui.i18n.formatting import warm\n"
        "set_language('en'); warm(); print('babel.dates' in sys.modules)\n"
        "set_language('fr'); warm(); print('babel.dates' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=True)
    assert done.stdout.split() == ["False", "True"]


def test_the_slips_amount_is_shown_in_the_locale_and_copied_as_banks_take_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from pocketgui.payments.bank_details import bank_details
    from pocketgui.payments.instructions import PaymentInstructions
    from tests.payments.examples import EXAMPLE_PAYMENT_METHOD

    monkeypatch.setenv("LANG", "de_CH.UTF-8")
    set_language("")
    instructions = PaymentInstructions.from_payment_method(EXAMPLE_PAYMENT_METHOD,
                                                           Decimal("1000.50"))
    rows = {row.label: row for row in bank_details(instructions)}
    assert rows["Betrag"].display == "CHF 1'000.50"
    assert rows["Betrag"].copy == "1000.50"
