"""The session assembled by the Qt-free core: Demo (the embedded sandbox) and Staging against a
real sandbox standing in for Pocket; typed reads of the store's orders; everything it started
stops with it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from pocketgui.api.models import ExchangeStatus, OnchainPayoutMethod, Order
from pocketgui.chain import ElectrumSource
from pocketgui.purchases import Mode, session
from pocketgui.purchases.session import open_demo, open_remote
from pocketgui.sandbox import SandboxServer
from pocketgui.tracking.news import NewsSource
from tests.ui.dashboard.wallet import create_order

WAIT = 10.0


@pytest.fixture(autouse=True)
def quick_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session, "DEMO_OPTIONS", {"settle_delay": 0.2})


@pytest.mark.slow
def test_a_demo_session_hears_the_sandbox_by_webhook_and_reads_the_chain(
        tmp_path: Path) -> None:
    opened = open_demo(tmp_path, on_shown=lambda _: None, on_asked=lambda _: None)
    try:
        assert opened.mode is Mode.DEMO and opened.helpers is not None
        assert opened.live is not None and opened.chain is not None
        live, bank = opened.live, opened.helpers
        assert [s.name for s in live.sources] == ["webhooks", "chain"]
        assert all(isinstance(s, NewsSource) and s.status().running for s in live.sources)
        assert live.receiver is not None and live.tracker.webhooks
        assert not opened.has_orders() and opened.order_rows() == ([], [])

        order = create_order(opened.services.pocket, opened.services.store)
        exchange_id = bank.transfer(order.id, Decimal("25.00")).id  # nobody tells the tracker
        assert live.tracker.wait_until(
            lambda: live.tracker.status(exchange_id) is ExchangeStatus.SETTLED, WAIT)
        assert live.tracker.polls(exchange_id) == 0  # the sandbox's webhook said it
        assert live.tracker.wait_until(lambda: live.statuses()[0].last_news is not None, WAIT)
        webhooks = live.statuses()[0]
        assert webhooks.ok
        assert webhooks.detail == live.receiver.url

        sandbox = opened.demo.sandbox if opened.demo is not None else None
        assert sandbox is not None and sandbox.electrum_port is not None
        watcher = opened.make_watcher(
            ElectrumSource(sandbox.config.host, sandbox.electrum_port, tls=False))
        report = watcher.sync()
        assert report.ok, report.error
        opened.chain.deliver(report)
        chain = opened.chain.status()
        assert chain.ok and chain.last_news is not None and "Electrum" in chain.detail
        stored = opened.services.store.chain_status(opened.services.environment)
        assert stored is not None and stored.tip_height == report.tip_height
    finally:
        opened.close()
    assert not any(s.status().running for s in opened.live.sources)
    with pytest.raises(httpx.TransportError):  # the receiver's port is closed
        httpx.post(live.receiver.url, content=b"{}", timeout=2)


def test_a_staging_session_polls_pocket_and_lists_its_orders_typed(
        sandbox: SandboxServer, tmp_path: Path) -> None:
    opened = open_remote(Mode.STAGING, tmp_path, "staging-person", staging_url=sandbox.url,
                         staging_network="regtest")
    try:
        assert opened.live is not None and opened.demo is None and opened.helpers is None
        assert [s.name for s in opened.live.sources] == ["chain"]
        assert opened.live.receiver is None and not opened.live.tracker.webhooks
        assert (tmp_path / "pocketgui.sqlite3").exists()
        first = create_order(opened.services.pocket, opened.services.store, currency="eur")
        second = create_order(opened.services.pocket, opened.services.store)
        rows, unknown = opened.order_rows()
        assert [row[0] for row in rows] == [second.id, first.id]  # newest first
        assert rows[1][2] == "EUR" and rows[0][2] == "CHF"
        assert unknown == []
        reopened = opened.order(first.id)
        assert isinstance(reopened, Order) and reopened == first
        assert isinstance(reopened.payout_method, OnchainPayoutMethod)
        assert rows[1][4] == reopened.payout_method.bitcoin_address
        with pytest.raises(KeyError):
            opened.order("not-an-order-of-this-store")
    finally:
        opened.close()
    assert not opened.live.sources[0].status().running


def test_an_order_whose_creation_went_unanswered_is_listed_as_unknown(
        sandbox: SandboxServer, tmp_path: Path) -> None:
    opened = open_remote(Mode.STAGING, tmp_path, "staging-person", staging_url=sandbox.url,
                         staging_network="regtest")
    try:
        store, environment = opened.services.store, opened.services.environment
        store.record_intent("create_order", "{}", environment)  # the answer never came
        store.record_intent("create_order", "{}", "production")  # another environment's
        rows, unknown = opened.order_rows()
        assert rows == [] and unknown == ["Order creation outcome unknown — check with Pocket"]
    finally:
        opened.close()
