"""Settings in the user config directory, and the credentials in the OS keyring.

`settings.json` (platformdirs' user config dir) keeps the environment last used, the staging
URL, the blockchain source and the relay URL of each environment: nothing secret. A client id,
a relay's feed token and the webhook secret are credentials, so they go to the OS keyring
(service "pocketgui", user = environment name for the client id, `<environment>/relay-token`
and `<environment>/webhook-secret` for the relay's). Where no keyring backend exists
(keyring's fail or null backend) the app says so and keeps them for this session only, in memory.

What the person will not see without news sources (`missing_news`): Pocket cannot reach a
desktop, so outside the Demo only a relay (`pocketgui-relay`, docs/relay.md) brings Pocket's
executed / identification needed / refunded, and payouts and their confirmations come from the
blockchain source or the relay.

Read at start-up before the first paint, so only `json` and `platformdirs` are imported here;
`keyring` loads on first use of the vault.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from pocketgui.formats.atomic_file import write_text_atomically
from pocketgui.formats.json_file import read_json_object
from pocketgui.i18n.catalog import _
from pocketgui.purchases.relay_choice import RelayChoice

if TYPE_CHECKING:
    from pocketgui.chain.sources import ChainSource

SERVICE = "pocketgui"


def config_dir() -> Path:
    return platformdirs.user_config_path("pocketgui", appauthor=False)


def data_dir() -> Path:
    return platformdirs.user_data_path("pocketgui", appauthor=False)


ELECTRUM, ESPLORA = "electrum", "esplora"
ELECTRUM_PORTS = {False: 50001, True: 50002}  # the usual plain TCP / TLS ports


def missing_news(*, relay: bool, chain: bool) -> str:
    """What the person will not see outside the Demo, and how to set it up ("" with both), in
    the app's language: each case one whole sentence of the catalog."""
    if relay:
        return ""  # the relay brings every event; the tracker polls each to its final state
    if chain:
        return _("No relay is set, so Pocket cannot reach this computer: a purchase shows only "
                 "once its payout is on the blockchain, and you will not see one that needs "
                 "your identification, nor a refund (these need the relay). Set up a relay "
                 "(docs/relay.md) and enter it in Settings → Relay.")
    return _("Neither a relay nor a blockchain source is set, so Pocket cannot reach this "
             "computer: you will not see a purchase executed, one that needs your "
             "identification, nor a refund (these need the relay), nor payouts and their "
             "confirmations (these need the blockchain source or the relay). Set up a relay "
             "(docs/relay.md) and enter it in Settings → Relay, or choose your own Electrum "
             "server in Settings → Blockchain.")


# Built at import, before the language is set: the English sentence (tests compare with it).
NOT_SEEN = missing_news(relay=False, chain=False)


@dataclass(frozen=True)
class ChainChoice:
    """Where the app reads the blockchain of one environment: the person's own Electrum server
    (the suggestion) or an Esplora URL; `kind` "" when none was chosen (never picked for them)."""

    kind: str = ""
    host: str = ""
    port: int = 0
    tls: bool = True
    url: str = ""

    @property
    def chosen(self) -> bool:
        return self.kind in (ELECTRUM, ESPLORA)

    @property
    def address(self) -> str:
        """The server in one short phrase: `host:port` (TLS or plain TCP), or the URL."""
        if self.kind == ELECTRUM:
            return (_("{host}:{port} (TLS)") if self.tls else _("{host}:{port} (plain TCP)")
                    ).format(host=self.host, port=self.port)
        return self.url if self.kind == ESPLORA else ""

    def describe(self) -> str:
        if self.kind == ELECTRUM:
            return _("your Electrum server {address}").format(address=self.address)
        if self.kind == ESPLORA:
            return _("Esplora at {url}").format(url=self.url)
        return _("no blockchain source")

    def problem(self) -> str:
        """What is wrong with it, as a sentence; "" when it can be used."""
        if self.kind == ELECTRUM:
            if not self.host.strip() or any(c.isspace() or c in "/@" for c in self.host.strip()):
                return _("Enter the Electrum server's host name or IP address (no scheme, no "
                         "path).")
            if not 0 < self.port < 65536:
                return _("The Electrum server's port is a number from 1 to 65535.")
        elif self.kind == ESPLORA:
            if not self.url.startswith(("https://", "http://")) or " " in self.url:
                return _("The Esplora URL starts with https:// (for example "
                         "https://blockstream.info/api).")
        elif self.kind:
            return _("Unknown blockchain source {kind}.").format(kind=repr(self.kind))
        return ""

    def source(self) -> ChainSource | None:
        """The chain layer's source for it (imports BDK's wrappers: not before the first paint)."""
        from pocketgui.chain.sources import ElectrumSource, EsploraSource

        if self.kind == ELECTRUM:
            return ElectrumSource(self.host, self.port, self.tls)
        return EsploraSource(self.url) if self.kind == ESPLORA else None

    @classmethod
    def from_json(cls, data: object) -> ChainChoice:
        if not isinstance(data, dict):
            return cls()
        try:
            port = int(data.get("port", 0))
        except (TypeError, ValueError):
            port = 0
        choice = cls(kind=str(data.get("kind", "")), host=str(data.get("host", "")),
                     port=port, tls=bool(data.get("tls", True)), url=str(data.get("url", "")))
        return choice if not choice.problem() else cls()  # a hand-edited file: no guess


@dataclass
class Settings:
    mode: str = ""  # "": never chosen → Demo unless a client id was saved
    staging_url: str = ""
    # Pocket's staging runs on testnet; a local pocketgui-sandbox standing in for it on regtest
    staging_network: str = "testnet"
    saved_client_ids: tuple[str, ...] = ()  # environments whose id is in the keyring
    chain: dict[str, ChainChoice] = field(default_factory=dict)  # environment → its source
    relay_urls: dict[str, str] = field(default_factory=dict)  # environment → its relay's URL
    language: str = ""  # "": the system's (i18n.catalog.set_language); takes effect at start-up

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or config_dir() / "settings.json"
        data = read_json_object(path)
        if data is None:
            return cls()
        ids = data.get("saved_client_ids", ())
        chain = data.get("chain", {})
        relays = data.get("relay_urls", {})
        network = str(data.get("staging_network", "testnet"))
        return cls(mode=str(data.get("mode", "")), staging_url=str(data.get("staging_url", "")),
                   language=str(data.get("language", "")),
                   staging_network=network if network in ("testnet", "regtest") else "testnet",
                   saved_client_ids=tuple(str(i) for i in ids) if isinstance(ids, list) else (),
                   chain={str(k): ChainChoice.from_json(v) for k, v in chain.items()}
                   if isinstance(chain, dict) else {},
                   relay_urls={str(k): str(v) for k, v in relays.items()
                               if not RelayChoice(str(v), "t", "s").problem()}
                   if isinstance(relays, dict) else {})

    def save(self, path: Path | None = None) -> None:
        path = path or config_dir() / "settings.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = asdict(self)
        data["saved_client_ids"] = list(self.saved_client_ids)
        data["chain"] = {k: asdict(v) for k, v in self.chain.items() if v.chosen}
        write_text_atomically(path, json.dumps(data, indent=1))

    def chain_of(self, environment: str) -> ChainChoice:
        return self.chain.get(environment, ChainChoice())

    def relay_of(self, environment: str, vault: ClientIdVault) -> RelayChoice:
        """The relay of `environment`, its secrets from the vault (blocks on the keyring)."""
        url = self.relay_urls.get(environment, "")
        if not url:
            return RelayChoice()
        return RelayChoice(url, vault.get(relay_token_key(environment)),
                           vault.get(webhook_secret_key(environment)))

    def keep_relay(self, environment: str, choice: RelayChoice, vault: ClientIdVault) -> bool:
        """Keep `choice` (all empty: forget the relay); answers whether the secrets went to the
        keyring (False: kept for this session only). Call `save()` after."""
        urls = {k: v for k, v in self.relay_urls.items() if k != environment}
        if choice.url:
            urls[environment] = choice.url
        self.relay_urls = urls
        kept = vault.set(relay_token_key(environment), choice.token)
        return vault.set(webhook_secret_key(environment), choice.webhook_secret) and kept

    def default_mode(self) -> str:
        """Demo when nothing is configured; else what was used last."""
        if self.mode:
            return self.mode
        return self.saved_client_ids[0] if self.saved_client_ids else "demo"


def relay_token_key(environment: str) -> str:
    return f"{environment}/relay-token"


def webhook_secret_key(environment: str) -> str:
    return f"{environment}/webhook-secret"


class ClientIdVault:
    """The client ids and the relay's secrets, each under its own keyring user name: in the
    keyring when there is one, else in memory for this session. Setting "" forgets one."""

    def __init__(self) -> None:
        self._session: dict[str, str] = {}

    @staticmethod
    def has_keyring() -> bool:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        name = type(backend).__module__
        return not isinstance(backend, fail.Keyring) and not name.endswith("null")

    def get(self, environment: str) -> str:
        if environment in self._session:
            return self._session[environment]
        if not self.has_keyring():
            return ""
        import keyring

        return keyring.get_password(SERVICE, environment) or ""

    def set(self, environment: str, client_id: str) -> bool:
        """True when it was kept in the keyring, False when only for this session."""
        self._session[environment] = client_id
        if not self.has_keyring():
            return False
        import keyring

        if client_id:
            keyring.set_password(SERVICE, environment, client_id)
        elif keyring.get_password(SERVICE, environment) is not None:
            keyring.delete_password(SERVICE, environment)
        return True
