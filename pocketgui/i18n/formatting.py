"""Amounts, dates and times written as the person's locale writes them, through Babel's data.

One function per kind, so every screen agrees: 1'000.50 in de_CH, 1.000,50 in de_DE, 1,000.50 in
English. Values arrive already rounded (`history.money`); only the writing changes here. English
dates keep the app's unambiguous ISO form (2026-12-06 19:05); other languages get their locale's
short form. Machine formats (CSV, JSON, QR payloads) never come here. Babel is imported on first
use in another language, never in English.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, localcontext

from pocketgui.i18n.catalog import SOURCE_LANGUAGE, active_language, format_locale


def format_number(value: Decimal, places: int, *, grouping: bool = True,
                  locale: str | None = None) -> str:
    """`value` with exactly `places` decimals in the locale's separators (1'000.50 for de_CH)."""
    if _english(locale):  # the app's own language needs no locale data: Babel stays unloaded
        return f"{value:{',' if grouping else ''}.{places}f}"
    from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

    pattern = ("#,##0" if grouping else "0") + ("." + "0" * places if places else "")
    with localcontext() as context:  # Babel quantizes again: room for every digit of `value`
        digits = len(value.as_tuple().digits) + abs(value.adjusted()) + places + 2
        context.prec = max(context.prec, digits)
        context.Emax = max(context.Emax, digits)
        text = format_decimal(value, format=pattern, locale=SOURCE_LANGUAGE,
                              decimal_quantization=True)
    # Written in English, then each mark swapped for the locale's: Babel 2.19 drops every group
    # mark from a million on where the mark is an apostrophe (de_CH, fr_CH, it_CH: 1234567.89).
    # Every language the app speaks groups by three, as English does.
    name = _babel_locale(locale)
    marks = {",": get_group_symbol(name), ".": get_decimal_symbol(name)}
    return "".join(marks.get(character, character) for character in text)


def format_date(moment: datetime, *, locale: str | None = None) -> str:
    """A calendar day: 2026-12-06 in English, 06.12.26 in de_CH."""
    if _english(locale):
        return moment.strftime("%Y-%m-%d")
    from babel.dates import format_date as babel_date

    return babel_date(moment, format="short", locale=_babel_locale(locale))


def format_datetime(moment: datetime, *, locale: str | None = None) -> str:
    """A day and time to the minute: 2026-12-06 19:05 in English, 06.12.26, 19:05 in de_CH."""
    if _english(locale):
        return moment.strftime("%Y-%m-%d %H:%M")
    from babel.dates import format_datetime as babel_datetime

    return babel_datetime(moment, format="short", tzinfo=moment.tzinfo,
                          locale=_babel_locale(locale))


def warm() -> None:
    """Babel and the format locale's data loaded ahead: the warm-up calls it on its worker after
    the first paint, so the window's first amount or date (the dashboard, the orders list) does
    not stall on them. Nothing to do in English, which never loads Babel."""
    if not _english(None):
        format_number(Decimal("1000.5"), 2)
        format_datetime(datetime.now(UTC))


def _english(locale: str | None) -> bool:
    if locale is not None:
        return locale.split("_")[0] == SOURCE_LANGUAGE
    return active_language() == SOURCE_LANGUAGE or format_locale() == SOURCE_LANGUAGE


def _babel_locale(locale: str | None) -> str:
    """A locale Babel knows: the one asked for or in force, else English (never raises on a
    system locale Babel lacks)."""
    from babel import Locale, UnknownLocaleError

    name = locale or format_locale()
    try:
        Locale.parse(name)
    except (UnknownLocaleError, ValueError, TypeError):
        return SOURCE_LANGUAGE
    return name
