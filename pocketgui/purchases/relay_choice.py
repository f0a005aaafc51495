"""`RelayChoice`: the person's `pocketgui-relay` for one environment, as the session needs it.

Plain data, so the Qt-free session can start a relay feed; the UI's settings keep its URL in
settings.json and its two secrets in the keyring (`ui.settings`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pocketgui.i18n.catalog import _


@dataclass(frozen=True)
class RelayChoice:
    """The person's `pocketgui-relay` for one environment: its URL (settings.json), the feed
    token and the webhook secret registered with Pocket (the keyring). All empty: none."""

    url: str = ""
    token: str = field(default="", repr=False)
    webhook_secret: str = field(default="", repr=False)

    @property
    def configured(self) -> bool:
        return bool(self.url and self.token and self.webhook_secret)

    def problem(self) -> str:
        """What is wrong with it, as a sentence; "" when it can be used (or is all empty)."""
        from pocketgui.api.environments import InsecureURL, check_base_url

        if not (self.url or self.token or self.webhook_secret):
            return ""
        try:
            check_base_url(self.url)
        except InsecureURL:
            return _("The relay's URL starts with https:// (plain http only on this computer's "
                     "loopback), with no user, query or fragment.")
        if not self.token.strip() or any(c.isspace() for c in self.token):
            return _("Enter the relay's feed token (from its configuration, without spaces).")
        if not self.webhook_secret:
            return _("Enter the webhook secret you registered with Pocket for the relay.")
        return ""
