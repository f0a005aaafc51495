"""The dashboard's settings: block explorer, identification page, and the tray.

Kept in their own small JSON file (next to the app's settings) so the dashboard owns them. URLs
are templates: `{txid}` and `{identification_id}` are replaced by the (URL-quoted) id. Only
https templates are accepted: a txid or an identification id should not leak in clear text.
The block explorer is off in Demo (regtest transactions exist on no public explorer).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from pocketgui.bitcoin.networks import Network
from pocketgui.formats.atomic_file import write_text_atomically
from pocketgui.formats.json_file import read_json_object
from pocketgui.i18n.catalog import _

# Pocket documents no identification URL; this pattern is our default and a setting.
IDENTIFICATION_URL = "https://pocketbitcoin.com/identification/{identification_id}"
EXPLORERS = {
    Network.MAINNET: "https://mempool.space/tx/{txid}",
    Network.TESTNET: "https://mempool.space/testnet/tx/{txid}",
}


def check_template(template: str, placeholder: str) -> str:
    """The template, stripped; ValueError unless it is https and has the placeholder once."""
    template = template.strip()
    parts = urlsplit(template.replace("{" + placeholder + "}", "x"))
    if parts.scheme != "https" or not parts.hostname:
        raise ValueError(_("“{template}” is not an https address").format(template=template))
    if template.count("{" + placeholder + "}") != 1:
        raise ValueError(_("“{template}” must contain {placeholder} once").format(
            template=template, placeholder="{" + placeholder + "}"))
    return template


def fill(template: str, placeholder: str, value: str) -> str:
    return template.replace("{" + placeholder + "}", quote(value, safe=""))


@dataclass
class DashboardPreferences:
    explorer_url: str = ""  # "": the network's default (none on regtest)
    identification_url: str = IDENTIFICATION_URL
    keep_tracking_in_tray: bool = True

    def explorer_link(self, txid: str, network: Network) -> str | None:
        """The block explorer page of a transaction; None in Demo or when none applies."""
        template = self.explorer_url or EXPLORERS.get(network, "")
        if not template or not txid or network is Network.REGTEST:
            return None
        return fill(check_template(template, "txid"), "txid", txid)

    def identification_link(self, identification_id: str) -> str:
        template = check_template(self.identification_url, "identification_id")
        return fill(template, "identification_id", identification_id)

    @classmethod
    def load(cls, path: Path) -> DashboardPreferences:
        data = read_json_object(path)
        if data is None:
            return cls()
        defaults = cls()
        return cls(
            explorer_url=str(data.get("explorer_url", defaults.explorer_url)),
            identification_url=str(data.get("identification_url",
                                            defaults.identification_url)),
            keep_tracking_in_tray=bool(data.get("keep_tracking_in_tray",
                                                defaults.keep_tracking_in_tray)),
        )

    def save(self, path: Path) -> None:
        write_text_atomically(path, json.dumps(asdict(self), indent=1))
