"""The pseudo-locale `xx`: every text accented, about 40 % longer and between markers.

Made at run time from the English message, so it always covers every wrapped string: a text on
screen without the markers was never wrapped, one whose end marker is cut off was clipped.
Placeholders (`{name}`, `%s`, `%(name)s`) and URLs are kept intact so formatting still works.
"""

from __future__ import annotations

import gettext
import re

START, END = "⟦", "⟧"
PADDING = "·"
GROWTH = 0.4
_KEPT = re.compile(r"\{[^{}]*\}|%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]|https?://\S+")
_ACCENTED = str.maketrans(
    "AaBCcDdEeGgHhIiJjKkLlNnOoRrSsTtUuWwYyZz",
    "ÅåƁÇçĐđÉéĜĝĤĥÎîĴĵĶķĻļÑñÖöŘřŠšŢţÛûŴŵÝýŽž")


def pseudo(message: str) -> str:
    """`Pay {amount}` → `⟦Ƥåý {amount}··⟧`: the placeholders as they were."""
    parts: list[str] = []
    position = 0
    for kept in _KEPT.finditer(message):
        parts.append(message[position:kept.start()].translate(_ACCENTED))
        parts.append(kept.group())
        position = kept.end()
    parts.append(message[position:].translate(_ACCENTED))
    text = "".join(parts)
    return f"{START}{text}{PADDING * max(1, round(len(message) * GROWTH) - 2)}{END}"


class PseudoTranslations(gettext.NullTranslations):
    """gettext's interface over `pseudo`, so `_()` and `ngettext` need no special case."""

    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)
