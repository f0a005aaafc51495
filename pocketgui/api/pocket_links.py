"""Links Pocket sends that the app may open in the person's browser.

Pocket's published webhook examples carry `"action": {"code": "identify", "url":
"https://portal.pocketbitcoin.com/…"}`: a page where the person proves who they are. The URL
comes from the network, so before the browser opens it the app checks that it is https on
Pocket's own domain (pocketbitcoin.com or one of its subdomains). Look-alikes are refused:
`pocketbitcoin.com.evil.net`, `evilpocketbitcoin.com`, `http://…`, a user part
(`https://pocketbitcoin.com@evil.net`), a port, a trailing dot, and any character a browser may
read differently from Python's parser (backslash, space, control, non-ASCII). Hand-written with
`urllib.parse` and a strict character set: the check must also hold for the browser's parser,
so anything where two parsers could disagree is refused rather than normalised.
"""

from __future__ import annotations

import string
from urllib.parse import urlsplit

POCKET_DOMAIN = "pocketbitcoin.com"
# RFC 3986's unreserved, reserved and "%": nothing else is ever needed in Pocket's links
_ALLOWED = frozenset(string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%")
_HOST_CHARACTERS = frozenset(string.ascii_lowercase + string.digits + "-.")
MAX_LENGTH = 2048


def pocket_page_url(url: object) -> str | None:
    """`url` when it may be opened (https on Pocket's own domain), else None."""
    if not isinstance(url, str) or not 0 < len(url) <= MAX_LENGTH:
        return None
    if not set(url) <= _ALLOWED:
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme != "https" or port is not None or "@" in parts.netloc:
        return None
    host = parts.netloc  # no user part and no port: the whole netloc is the host, as typed
    if not host or not set(host) <= _HOST_CHARACTERS or host != parts.hostname:
        return None
    if host != POCKET_DOMAIN and not host.endswith("." + POCKET_DOMAIN):
        return None
    if any(not label for label in host.split(".")):  # "a..pocketbitcoin.com"
        return None
    return url
