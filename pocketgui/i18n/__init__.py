"""The app's words in the person's language, and numbers and dates written as their locale does.

`catalog`: the one gettext catalog (`_`, `ngettext`, `N_`) for every layer, and the active
language; `formatting`: amounts, dates and times through Babel's locale data; `pseudo`: the
pseudo-locale `xx` for testing. No re-exports: `catalog` is read before the first paint and must
not load Babel (docs/i18n.md).
"""
