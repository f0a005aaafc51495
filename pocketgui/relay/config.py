"""Everything a relay is started with (the CLI flags map one to one, secrets aside)."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1 << 20


@dataclass(frozen=True)
class RelayConfig:
    """`webhook_secret`: the secret registered with Pocket (verifies `X-Signature-256`);
    `token`: the bearer token the desktop reads the feed with. Neither is ever logged."""

    webhook_secret: str
    token: str
    db_path: str = "relay.sqlite3"
    host: str = "127.0.0.1"
    port: int = 0  # 0: any free port (tests); the CLI's default is 8787
    retention_days: float = 90.0
    max_body: int = MIB
    max_connections: int = 32  # long-polls hold one each for up to `max_wait` seconds
    tls_cert: str | None = None
    tls_key: str | None = None
    read_timeout: float = 5.0  # seconds one read may wait
    request_deadline: float = 15.0  # seconds for a whole request: headers and body
    max_wait: float = 30.0  # the longest long-poll a client may ask for
    bad_token_limit: int = 5  # bad tokens from one address within the window ...
    bad_token_window: float = 60.0  # ... and then 429 for this many seconds
    retention_interval: float = 3600.0  # seconds between retention sweeps
    max_feed_bytes: int = 8 * MIB  # raw body bytes in one feed answer (at least one delivery)
    # peers (a reverse proxy on this host) whose X-Forwarded-For names the real client, so bad
    # tokens are counted per client and not for everyone behind the proxy at once
    trusted_proxies: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.webhook_secret:
            raise ValueError("the relay needs the webhook secret registered with Pocket")
        if not self.token:
            raise ValueError("the relay needs a feed token for the desktop")
        if (self.tls_cert is None) != (self.tls_key is None):
            raise ValueError("TLS needs both a certificate and its key")
        if self.retention_days <= 0 or self.max_body < 1 or self.max_connections < 1:
            raise ValueError("retention, body size and connections must be positive")

    def __repr__(self) -> str:  # the secrets must not reach a log through a repr
        return (f"RelayConfig(db_path={self.db_path!r}, host={self.host!r}, port={self.port}, "
                f"tls={self.tls_cert is not None})")
