"""`RelayServer`: Pocket's webhooks in, the desktop's feed out, on one guarded stdlib server.

`POST /webhook` runs the app's own intake check (`tracking.webhook_intake`) and stores the
delivery before it answers 2xx; `GET /v1/deliveries` is the bearer-token feed with long-polling
(`relay.feed`); `GET /v1/health` says only that it runs. Built on `GuardedHTTPServer` (a read
timeout, a deadline per request, at most `max_connections` at once), optionally behind its own
TLS. Usable like `SandboxServer`: `RelayServer(config).start()`, `.url`, `.webhook_url`,
`.stop()`, or as a context manager.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import ssl
import threading
import time
from typing import Any
from urllib.parse import urlsplit

from pocketgui import __version__
from pocketgui.relay import feed
from pocketgui.relay.bad_tokens import BadTokenLimiter
from pocketgui.relay.config import RelayConfig
from pocketgui.relay.store import RelayStore
from pocketgui.tracking.guarded_http_server import GuardedHTTPServer, GuardedRequestHandler
from pocketgui.tracking.webhook_intake import IntakeRequestHandler, Refusal, check_delivery

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhook"
FEED_PATH = "/v1/deliveries"
HEALTH_PATH = "/v1/health"
DAY = 86400.0


class RelayHTTPServer(GuardedHTTPServer):
    """`GuardedHTTPServer`, with the TLS handshake (when configured) done in the connection's
    own thread under the read timeout, so a slow handshake never holds up the accept loop."""

    ssl_context: ssl.SSLContext | None = None

    def finish_request(self, request: Any, client_address: Any) -> None:
        if self.ssl_context is None:
            super().finish_request(request, client_address)
            return
        request.settimeout(self.read_timeout)
        try:
            tls = self.ssl_context.wrap_socket(request, server_side=True)
        except (OSError, ssl.SSLError) as exc:
            log.debug("TLS handshake with %s failed: %s", client_address, exc)
            return
        try:
            super().finish_request(tls, client_address)
        finally:
            tls.close()


class RelayServer:
    def __init__(self, config: RelayConfig) -> None:
        self.config = config
        self._secret = config.webhook_secret.encode()
        self._token = config.token.encode()
        self.store = RelayStore(config.db_path)
        self.limiter = BadTokenLimiter(config.bad_token_limit, config.bad_token_window)
        try:
            self._server = RelayHTTPServer(
                (config.host, config.port),
                _handler_for(self),
                max_connections=config.max_connections,
                read_timeout=config.read_timeout,
                request_deadline=config.request_deadline,
            )
            if config.tls_cert is not None:
                context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
                context.minimum_version = ssl.TLSVersion.TLSv1_2
                context.load_cert_chain(config.tls_cert, config.tls_key)
                self._server.ssl_context = context
        except BaseException:
            self.store.close()
            if hasattr(self, "_server"):
                self._server.server_close()
            raise
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        address, port = self._server.server_address[:2]
        host = address.decode() if isinstance(address, bytes) else str(address)
        scheme = "https" if self._server.ssl_context is not None else "http"
        return f"{scheme}://{f'[{host}]' if ':' in host else host}:{port}"

    @property
    def webhook_url(self) -> str:
        return self.url + WEBHOOK_PATH

    def start(self) -> RelayServer:
        """Serves on its threads; a second call (`with` on a started relay) changes nothing."""
        if self._threads:
            return self
        self.sweep()  # on start: a relay that was off for weeks drops what is due first
        for target, name in ((self._serve, "relay-http"), (self._retain, "relay-retention")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def _serve(self) -> None:
        self._server.serve_forever(poll_interval=0.05)

    def _retain(self) -> None:
        while not self._stopping.wait(self.config.retention_interval):
            self.sweep()

    def sweep(self) -> int:
        """Delete deliveries older than `retention_days`; answers how many went."""
        try:
            gone = self.store.delete_older_than(time.time() - self.config.retention_days * DAY)
        except Exception:
            log.exception("retention sweep failed; tried again at the next one")
            return 0
        if gone:
            log.info("retention: %d deliveries older than %g days deleted", gone,
                     self.config.retention_days)
        return gone

    def stop(self) -> None:
        self._stopping.set()
        if self._threads:
            self._server.shutdown()
        self._server.server_close()
        self.store.close()  # wakes every long-poll
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = []

    def __enter__(self) -> RelayServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def client_of(self, peer: str, forwarded_for: list[str]) -> str:
        """The address bad tokens are counted for: the peer, or, when the peer is a trusted
        proxy, the last X-Forwarded-For entry (the one that proxy added; earlier ones are
        whatever the client claimed)."""
        if peer not in self.config.trusted_proxies or not forwarded_for:
            return peer
        last = ",".join(forwarded_for).rsplit(",", 1)[-1].strip()
        try:
            return str(ipaddress.ip_address(last))
        except ValueError:
            return peer

    def token_matches(self, authorization: str | None) -> bool:
        scheme, _, token = (authorization or "").strip().partition(" ")
        if scheme.lower() != "bearer":
            return False
        return hmac.compare_digest(token.strip().encode(), self._token)


def _handler_for(relay: RelayServer) -> type[GuardedRequestHandler]:
    config = relay.config

    class Handler(IntakeRequestHandler):
        server_version = "pocketgui-relay"

        def do_POST(self) -> None:
            if self._route() != WEBHOOK_PATH:
                self._not_here("POST")
                return
            body = self.read_intake_body(config.max_body)
            if body is None:
                return
            checked = check_delivery(relay._secret, self.lower_headers(), body)
            if isinstance(checked, Refusal):
                self.answer_json(checked.status, checked.answer)
                return
            try:
                seq, is_new = relay.store.add(checked.key, list(self.headers.items()), body)
            except Exception:
                log.exception("delivery %r could not be stored", checked.correlation_id)
                self.answer_json(503, {"error": "not_stored"})  # Pocket retries later
                return
            log.info("delivery %s: %s seq %d (correlation %r, retry %d)", checked.event,
                     "stored as" if is_new else "repeated, kept as", seq,
                     checked.correlation_id, checked.retry_count)
            self.answer_json(200, {"received": True, "duplicate": not is_new})

        def do_GET(self) -> None:
            route = self._route()
            if route == HEALTH_PATH:
                self.answer_json(200, {"status": "ok", "version": __version__})
            elif route == FEED_PATH:
                self._feed()
            else:
                self._not_here("GET")

        def do_PUT(self) -> None:
            self._not_here("PUT")

        def do_PATCH(self) -> None:
            self._not_here("PATCH")

        def do_DELETE(self) -> None:
            self._not_here("DELETE")

        def _route(self) -> str:
            return urlsplit(self.path).path

        def _not_here(self, method: str) -> None:
            allowed = {WEBHOOK_PATH: "POST", FEED_PATH: "GET", HEALTH_PATH: "GET"}
            allow = allowed.get(self._route())
            if allow is None:
                self.answer_json(404, {"error": "not_found"})
            else:
                self.answer_json(405, {"error": "method_not_allowed"}, headers={"Allow": allow})

        def _feed(self) -> None:
            address = relay.client_of(str(self.client_address[0]),
                                      self.headers.get_all("X-Forwarded-For") or [])
            retry_after = relay.limiter.retry_after(address)
            if retry_after:
                self.answer_json(429, {"error": "too_many_bad_tokens"},
                                 headers={"Retry-After": str(retry_after)})
                return
            if not relay.token_matches(self.headers.get("Authorization")):
                relay.limiter.failed(address)
                log.warning("feed: missing or wrong token from %s", address)
                self.answer_json(401, {"error": "unauthorized"},
                                 headers={"WWW-Authenticate": 'Bearer realm="pocketgui-relay"'})
                return
            try:
                query = feed.parse_query(urlsplit(self.path).query, config.max_wait)
            except feed.BadQuery as exc:
                self.answer_json(400, {"error": "bad_parameter", "message": str(exc)})
                return
            try:
                if query.wait > 0:
                    relay.store.wait_for_news(query.after, query.wait)
                if relay.store.closed:  # the relay is stopping: the reader comes back later
                    self.answer_json(503, {"error": "stopping"})
                    return
                deliveries = relay.store.after(query.after, query.limit, config.max_feed_bytes)
                answer = feed.render(deliveries, relay.store.last_seq)
            except Exception:
                log.warning("feed could not be read", exc_info=True)
                self.answer_json(503, {"error": "unavailable"})
                return
            try:
                self.answer_json(200, answer)
            except (ConnectionError, TimeoutError):
                log.debug("feed reader %s left before the answer", address)

    return Handler
