"""The one gettext catalog of the app: `_`, `ngettext`, `N_`, the active language.

Qt-free on purpose: the cores (history texts, device advice, refund reasons) speak to people
too, and Qt's `tr()` needs a QObject context they lack; one gettext catalog serves them and the
UI alike (docs/i18n.md). The stdlib's `gettext` reads the compiled `.mo`, so the first paint
does not wait for Babel; in English (the source language) not even `gettext` is imported. Until
`set_language` is called (`ui.app` does it from the settings, before it builds a window) every
text stays English.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gettext

DOMAIN = "pocketgui"
LOCALE_DIR = Path(os.path.dirname(os.path.dirname(__file__)), "locale")
SOURCE_LANGUAGE = "en"
PSEUDO_LANGUAGE = "xx"  # accents, ~40 % longer, markers: shows what is not wrapped or clipped
# Each language in its own name, as the language choice lists it.
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "fr": "Français", "it": "Italiano"}

_translations: gettext.NullTranslations | None = None  # None: English, nothing to look up
_language = SOURCE_LANGUAGE
_format_locale = SOURCE_LANGUAGE


def _(message: str) -> str:
    """`message` in the active language (itself when the catalog lacks it; "" stays "", not
    the catalog's header)."""
    return _translations.gettext(message) if message and _translations else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for `count` in the active language (its own plural rules)."""
    if _translations is None:
        return singular if count == 1 else plural
    return _translations.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a text for the catalog where it is defined; `_()` translates it where shown (a
    module constant is built at import, before the language may be set)."""
    return message


def active_language() -> str:
    return _language


def format_locale() -> str:
    """The Babel locale for numbers and dates: the system's own (de_CH) when it speaks the
    active language, else the language alone (de: Babel's German, as in Germany)."""
    return _format_locale


def system_locale() -> str:
    """The person's locale as gettext reads it (`de_CH`), "" when none or the C locale."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            name = value.split(".")[0].split("@")[0].split(":")[0]
            return "" if name in ("C", "POSIX") else name
    return ""


def system_language() -> str:
    """The system locale's language when the app speaks it, else English."""
    language = system_locale().split("_")[0].lower()
    return language if language in available_languages() else SOURCE_LANGUAGE


def available_languages() -> tuple[str, ...]:
    """English and every language whose catalog is installed (its `.mo` compiled)."""
    return (SOURCE_LANGUAGE, *(name for name in LANGUAGE_NAMES if name != SOURCE_LANGUAGE
                               and (LOCALE_DIR / name / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()))


def set_language(language: str) -> str:
    """Make `language` ("" = the system's) the active one; answers the one in force.

    Unknown or uninstalled languages fall back to English, never raise: a hand-edited
    settings file must not stop the app."""
    global _translations, _language, _format_locale
    wanted = (language or system_language()).strip().split("_")[0].lower()
    if wanted == PSEUDO_LANGUAGE:
        from pocketgui.i18n.pseudo import PseudoTranslations

        _translations, _language, _format_locale = PseudoTranslations(), wanted, SOURCE_LANGUAGE
        return wanted
    translations = _catalog(wanted)
    if translations is None:
        wanted = SOURCE_LANGUAGE
    system = system_locale()
    _translations, _language = translations, wanted
    _format_locale = system if system.split("_")[0].lower() == wanted else wanted
    return wanted


def _catalog(language: str) -> gettext.NullTranslations | None:
    """The compiled catalog of `language`; None for English, an unknown language (which also
    keeps a hand-edited "../x" out of the path) or a catalog missing or unreadable. Opened
    directly rather than through `gettext.translation`, whose search imports `locale`."""
    if language == SOURCE_LANGUAGE or language not in LANGUAGE_NAMES:
        return None
    import gettext

    try:
        with open(LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo", "rb") as compiled:
            return gettext.GNUTranslations(compiled)
    except (OSError, ValueError, UnicodeDecodeError):
        return None
