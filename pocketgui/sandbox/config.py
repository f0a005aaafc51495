"""Everything a sandbox can be started with (the CLI flags map one to one)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pocketgui.bitcoin.networks import Network


@dataclass(frozen=True)
class WebhookTarget:
    """A webhook endpoint given at start: it receives the events of every client."""

    url: str
    secret: str


WebhookShape = Literal["reference", "published"]
WEBHOOK_SHAPES: tuple[WebhookShape, ...] = ("reference", "published")


@dataclass(frozen=True)
class SandboxConfig:
    network: Network = Network.REGTEST
    db_path: str = ":memory:"
    host: str = "127.0.0.1"
    port: int = 0
    electrum_port: int | None = None  # None: no Electrum server; 0: a free port
    client_ids: tuple[str, ...] = ()  # empty: any non-empty client id is accepted
    webhooks: tuple[WebhookTarget, ...] = ()
    retry_base: float = 300.0  # seconds before the first webhook retry; doubles after
    identification_threshold: Decimal = Decimal("1000.00")
    max_transfer: Decimal = Decimal("5000.00")
    settle_delay: float = 0.0  # seconds between execution and on-chain settlement
    challenge_ttl: float = 600.0  # seconds a challenge stays usable
    max_body_bytes: int = 64 * 1024
    webhook_timeout: float = 5.0
    webhook_max_attempts: int = 20
    # "reference": action {code: identification_required, identification_id}, as the API
    # reference; "published": as Pocket's published examples (action {code: identify, url},
    # an extra welcomeReward field); see the README's Webhooks section
    webhook_shape: WebhookShape = "reference"
    max_connections: int = 200  # open at once; beyond: an idle one is closed, else the new one
    request_timeout: float = 10.0  # seconds to complete a request once its connection is ready

    def __post_init__(self) -> None:
        # Accept (url, secret) pairs as well as WebhookTarget, and a network given by name.
        targets = tuple(
            t if isinstance(t, WebhookTarget) else WebhookTarget(*t) for t in self.webhooks
        )
        object.__setattr__(self, "webhooks", targets)
        object.__setattr__(self, "network", Network(self.network))
        object.__setattr__(self, "client_ids", tuple(self.client_ids))
        object.__setattr__(self, "identification_threshold", Decimal(self.identification_threshold))
        object.__setattr__(self, "max_transfer", Decimal(self.max_transfer))
        if self.webhook_shape not in WEBHOOK_SHAPES:
            raise ValueError(f"webhook_shape must be one of {', '.join(WEBHOOK_SHAPES)}")
