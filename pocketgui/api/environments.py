"""Where the client talks to: Production, Staging or a local Sandbox, and on which network.

A client id is a bearer credential, so it only travels over TLS. The one exception is a loopback
address (the embedded sandbox, a test proxy): the traffic never leaves the machine.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from pocketgui.bitcoin.networks import Network
from pocketgui.i18n.catalog import _

PRODUCTION_URL = "https://api.pocketbitcoin.com"


class EnvironmentKind(StrEnum):
    PRODUCTION = "production"
    STAGING = "staging"
    SANDBOX = "sandbox"


class InsecureURL(ValueError):
    """A base URL that would send the client id in clear text, or is not a base URL at all."""


@dataclass(frozen=True)
class Environment:
    kind: EnvironmentKind
    base_url: str
    network: Network
    # Pocket's creditor IBANs, when known for this environment: an order answer naming another
    # account is refused as tampered. Empty: checksum and QR-bill consistency only.
    creditor_ibans: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_url", check_base_url(self.base_url))
        if self.kind is EnvironmentKind.SANDBOX and not is_loopback_url(self.base_url):
            raise InsecureURL(_("A sandbox runs on this computer, not at {url}.").format(
                url=self.base_url))

    @property
    def name(self) -> str:
        return self.kind.value

    @classmethod
    def production(cls) -> Environment:
        """Unpinned (`creditor_ibans` empty): only one of Pocket's accounts is publicly known,
        and pinning it would refuse every order paid to another. Production answers get the
        checksum and QR-bill consistency checks; the Demo pins its sandbox's three accounts."""
        return cls(EnvironmentKind.PRODUCTION, PRODUCTION_URL, Network.MAINNET)

    @classmethod
    def staging(
        cls,
        base_url: str,
        network: Network = Network.TESTNET,
        creditor_ibans: frozenset[str] = frozenset(),
    ) -> Environment:
        return cls(EnvironmentKind.STAGING, base_url, network, creditor_ibans)

    @classmethod
    def sandbox(
        cls,
        base_url: str,
        network: Network = Network.REGTEST,
        creditor_ibans: frozenset[str] = frozenset(),
    ) -> Environment:
        return cls(EnvironmentKind.SANDBOX, base_url, network, creditor_ibans)


def is_loopback_host(host: str) -> bool:
    """127.0.0.0/8, ::1 and localhost: addresses that never leave this computer."""
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_loopback_url(url: str) -> bool:
    return is_loopback_host(urlsplit(url).hostname or "")


def check_base_url(url: str) -> str:
    """The URL without a trailing slash; raises InsecureURL for plain http off loopback."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise InsecureURL(_("“{url}” is not an http(s) address.").format(url=url))
    if parts.query or parts.fragment or parts.username or parts.password:
        raise InsecureURL(_("“{url}” is not an address to use: a base URL has no user name, "
                            "password, query or fragment.").format(url=url))
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise InsecureURL(_(
            "Plain http to {host} is refused: the client id would travel unencrypted. Use https "
            "(plain http is allowed only to this computer itself).").format(host=parts.hostname))
    return url.rstrip("/")
