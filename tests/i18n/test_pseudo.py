"""The pseudo-locale: longer, accented, between markers, its placeholders intact."""

from __future__ import annotations

import pytest

from pocketgui.i18n.catalog import _, ngettext, set_language
from pocketgui.i18n.pseudo import END, START, pseudo


def test_every_text_gets_markers_accents_and_about_forty_percent_more() -> None:
    message = "Pay with this reference"
    text = pseudo(message)
    assert text.startswith(START) and text.endswith(END)
    assert len(text) >= 1.35 * len(message)
    assert not any(letter in text for letter in "aeiou")


@pytest.mark.parametrize("placeholder", ["{amount}", "{0}", "%s", "%(name)s", "%d",
                                         "https://pocketbitcoin.com/x"])
def test_placeholders_and_urls_are_kept(placeholder: str) -> None:
    assert placeholder in pseudo(f"Send {placeholder} to your wallet")


def test_formatting_still_works_after_translation() -> None:
    set_language("xx")
    assert "42" in _("Pay {amount}").format(amount="42")
    assert _("Back").startswith(START)
    assert ngettext("{count} purchase", "{count} purchases", 2).format(count=2).startswith(START)
