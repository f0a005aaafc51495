"""The news sources behind one protocol (`tracking.news.NewsSource`): the local webhook receiver
over real loopback HTTP, the chain's rounds, and the session's `LiveTracking` that starts them
after the tracker is built and stops them before it."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from pocketgui.api import Environment, PocketClient, jsonio
from pocketgui.bitcoin import Network
from pocketgui.chain import SourceUnreachable, SyncReport
from pocketgui.purchases.live_tracking import LiveTracking, start_live_tracking
from pocketgui.store import Store
from pocketgui.tracking import ExchangeTracker, sign
from pocketgui.tracking.news import ChainNews, NewsSource, NewsStatus, ReceiverNews

SECRET = "whsec-news"


@dataclass
class Parts:
    store: Store
    client: PocketClient
    tracker: ExchangeTracker


@pytest.fixture
def parts(tmp_path: Path) -> Iterator[Parts]:
    """No Pocket is called here: the client only names the environment."""
    store = Store(tmp_path / "store.sqlite3")
    client = PocketClient(Environment.sandbox("http://127.0.0.1:9"), "news")
    try:
        yield Parts(store, client, ExchangeTracker(client, store, webhooks=True))
    finally:
        client.close()
        store.close()


def deliver(url: str, event: str, secret: str = SECRET) -> httpx.Response:
    body = jsonio.dumps({"event": event, "payload": {}}).encode()
    return httpx.post(url, content=body, timeout=5, headers={
        "Content-Type": "application/json", "X-Signature-256": sign(secret.encode(), body)})


def heard(tracker: ExchangeTracker, source: NewsSource) -> bool:
    return tracker.wait_until(lambda: source.status().last_news is not None, 5.0)


def test_the_receiver_is_a_source_that_says_where_it_listens_and_when_it_heard(
        parts: Parts) -> None:
    registered: list[tuple[str, str]] = []
    news = ReceiverNews(parts.store, parts.tracker, SECRET,
                        register=lambda url, secret: registered.append((url, secret)))
    assert isinstance(news, NewsSource) and news.name == "webhooks"
    assert not news.status().running and registered == []
    news.start()
    try:
        status = news.status()
        assert status.ok and status.last_news is None
        assert registered == [(news.receiver.url, SECRET)] and status.detail == news.receiver.url
        assert deliver(news.receiver.url, "ping", secret="forged").status_code == 401
        assert news.status().last_news is None  # refused: nothing reached the tracker
        assert deliver(news.receiver.url, "ping").status_code == 200
        assert heard(parts.tracker, news)  # handed on right after the answer went out
        assert [d.event for d in parts.store.webhook_deliveries()] == ["ping"]
    finally:
        news.stop()
    news.stop()  # idempotent
    assert not news.status().running
    with pytest.raises(httpx.TransportError):
        deliver(news.receiver.url, "ping")


def test_a_receiver_whose_registration_is_refused_does_not_keep_listening(
        parts: Parts) -> None:
    def refuse(url: str, secret: str) -> None:
        raise ConnectionError("the sandbox is gone")

    news = ReceiverNews(parts.store, parts.tracker, SECRET, register=refuse)
    with pytest.raises(ConnectionError):
        news.start()
    assert not news.status().running
    with pytest.raises(httpx.TransportError):
        deliver(news.receiver.url, "ping")


def failed_round(environment: str, why: str = "did not answer.") -> SyncReport:
    return SyncReport(environment, "Electrum server 127.0.0.1:9", "2026-01-01T00:00:00+00:00",
                      failure=SourceUnreachable(f"Electrum server 127.0.0.1:9 {why}"))


def test_the_chain_source_delivers_rounds_only_while_running_and_names_a_failure(
        parts: Parts, tmp_path: Path) -> None:
    environment = parts.tracker.environment
    news = ChainNews(parts.store, parts.tracker, environment, Network.REGTEST, tmp_path / "w")
    assert isinstance(news, NewsSource) and news.name == "chain"
    news.deliver(failed_round(environment))
    assert news.status() == NewsStatus("chain", running=False)  # before start: dropped
    assert parts.store.chain_status(environment) is None
    news.start()
    news.deliver(failed_round(environment))
    status = news.status()
    assert status.running and not status.ok and "did not answer" in status.problem
    kept = parts.store.chain_status(environment)  # the tracker kept why, for the next start
    assert kept is not None and "did not answer" in kept.error
    news.stop()
    assert not news.status().running
    news.deliver(failed_round(environment, "refused the connection."))  # late: dropped
    assert parts.store.chain_status(environment) == kept


@dataclass
class Recording:
    """A source of our own that records what the session does with it."""

    name: str
    log: list[str]
    running: bool = False

    def start(self) -> None:
        self.running = True
        self.log.append(f"start {self.name}")

    def stop(self) -> None:
        self.running = False
        self.log.append(f"stop {self.name}")

    def status(self) -> NewsStatus:
        return NewsStatus(self.name, self.running)


def test_live_tracking_stops_its_sources_newest_first_and_before_the_tracker(
        parts: Parts) -> None:
    log: list[str] = []
    tracker = parts.tracker
    original_stop = tracker.stop

    def stop_tracker() -> None:
        log.append("stop tracker")
        original_stop()

    tracker.stop = stop_tracker  # type: ignore[method-assign]
    live = LiveTracking(tracker)
    relay, chain = Recording("relay", log), Recording("chain", log)
    live.add(relay)
    live.add(chain)
    assert [s.running for s in live.statuses()] == [True, True] and live.receiver is None
    live.stop()
    assert log == ["start relay", "start chain", "stop chain", "stop relay", "stop tracker"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_elsewhere_a_configured_webhook_port_listens_with_the_persons_secret(
        parts: Parts) -> None:
    port = free_port()
    live = start_live_tracking(parts.client, parts.store, webhook_secret=SECRET,
                               webhook_port=port)
    try:
        assert live.tracker.webhooks and live.receiver is not None
        assert live.receiver.url.endswith(f":{port}/webhooks/pocket")
        assert deliver(live.receiver.url, "ping", secret="not-the-persons").status_code == 401
        assert deliver(live.receiver.url, "ping").status_code == 200
        assert heard(live.tracker, live.sources[0])
    finally:
        live.stop()
    assert not live.statuses()[0].running
