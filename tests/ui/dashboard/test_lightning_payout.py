"""The lightning payout panel in the purchase detail, over a real sandbox, tracker and webhooks.

Also renders docs/screenshots/lightning-payout-{invoice,paid,channel}.png (replaced only with
POCKETGUI_SCREENSHOTS=update, or when missing — as test_screenshots.py does).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pocketgui.api import Environment, PocketClient
from pocketgui.api.models import ChannelPayout
from pocketgui.api.models import ExchangeStatus as S
from pocketgui.bitcoin import Network, decode_invoice, encode_invoice
from pocketgui.flow.lightning import reason_for
from pocketgui.flow.lightning_payout import NO_EVENT, Kind
from pocketgui.sandbox import SandboxServer, lightning_node
from pocketgui.ui import palette
from pocketgui.ui.dashboard.lightning_payout import LightningPayoutPanel
from tests.flow.test_lightning_payout import LoseAnswers
from tests.ui.dashboard.kit import (
    CLIENT_ID,
    LEFT,
    WAIT_MS,
    Board,
    add_lightning_order,
    add_order,
    board,
)
from tests.ui.dashboard.test_screenshots import save


@contextmanager
def executed(qtbot: QtBot, sandbox_factory: Callable[..., SandboxServer], tmp_path: Path,
             cost: str = "20.00") -> Iterator[tuple[Board, str, LightningPayoutPanel]]:
    """A dashboard showing one executed exchange of a lightning order, its fees known."""
    server = sandbox_factory(retry_base=0.2, settle_delay=0.3)
    with board(qtbot, server, tmp_path / "store.sqlite3") as b:
        b.bank.set_direct_channel(lightning_node.NODE_PUBKEY, False)
        order_id = add_lightning_order(qtbot, b)
        exchange_id = b.transfer(order_id, cost)
        b.wait_state(qtbot, exchange_id, S.EXECUTED)
        panel = b.dashboard.view.detail.lightning
        qtbot.waitUntil(panel.isVisible, timeout=WAIT_MS)
        qtbot.waitUntil(panel.options_table.isVisible, timeout=WAIT_MS)
        yield b, exchange_id, panel


def amount_of(b: Board, exchange_id: str) -> Decimal:
    amount = b.client.get_exchange(exchange_id).amount
    assert amount is not None
    return amount


def paste(panel: LightningPayoutPanel, text: str) -> None:
    panel.invoice.setPlainText(text)


def test_panel_shows_what_each_payout_option_costs(
        qtbot: QtBot, sandbox_factory: Callable[..., SandboxServer], tmp_path: Path) -> None:
    with executed(qtbot, sandbox_factory, tmp_path) as (b, exchange_id, panel):
        amount = amount_of(b, exchange_id)
        rows = {kind: [cell.text() for cell in cells] for kind, cells in panel.option_rows.items()}
        assert rows == {
            "invoice": ["Invoice", "0.00000000 BTC", f"{amount:.8f} BTC"],
            "channel": ["Channel", "0.00010000 BTC", f"{amount - Decimal('0.0001'):.8f} BTC"]}
        assert not panel.options_text.isVisible()
        assert panel.channel_fee.text() == (
            f"0.00010000 BTC — your node receives {amount - Decimal('0.0001'):.8f} BTC")
        assert panel.verdict_text.text().startswith(f"Choose how Pocket pays {amount:.8f} BTC")


def test_a_pasted_invoice_is_decoded_and_checked_as_typed(
        qtbot: QtBot, sandbox_factory: Callable[..., SandboxServer], tmp_path: Path) -> None:
    with executed(qtbot, sandbox_factory, tmp_path) as (b, exchange_id, panel):
        amount = amount_of(b, exchange_id)
        assert not panel.pay.isEnabled() and not panel.decoded.isVisible()
        paste(panel, b.bank.create_invoice(amount, "coffee")[0])
        rows = {name: label.text() for name, label in panel.invoice_rows.items()}
        assert rows["Amount"].startswith(f"{amount:.8f} BTC (")
        assert rows["Payee node"] == lightning_node.NODE_PUBKEY
        assert rows["Network"] == "regtest" and rows["Description"] == "coffee"
        assert rows["Expires"].startswith("in 59 min") or rows["Expires"] == "in 1 h 0 min"
        assert panel.invoice_check.text().startswith("✓ ")
        assert panel.decoded.isVisible() and panel.pay.isEnabled()


def test_a_wrong_amount_invoice_shows_the_reason_and_nothing_is_sent(
        qtbot: QtBot, sandbox_factory: Callable[..., SandboxServer], tmp_path: Path) -> None:
    with executed(qtbot, sandbox_factory, tmp_path) as (b, exchange_id, panel):
        msat = lightning_node.to_msat(amount_of(b, exchange_id)) + 1000
        paste(panel, lightning_node.create_invoice(msat, Network.REGTEST))
        amount = amount_of(b, exchange_id)
        assert panel.invoice_check.text() == (
            f"✗ {reason_for('invoice_amount')} This exchange pays {amount:.8f} BTC "
            f"({lightning_node.to_msat(amount) // 1000:,} sat).")
        assert panel.decoded.isVisible()  # what the invoice says is still shown
        assert not panel.pay.isEnabled()
        qtbot.mouseClick(panel.pay, LEFT)
        assert panel.busy_task is None
        assert b.client.get_exchange(exchange_id).payout is None


def test_paying_by_invoice_shows_the_verified_preimage(
        qtbot: QtBot, sandbox_factory: Callable[..., SandboxServer], tmp_path: Path) -> None:
    with executed(qtbot, sandbox_factory, tmp_path) as (b, exchange_id, panel):
        qtbot.mouseClick(panel.demo_invoice, LEFT)
        qtbot.waitUntil(lambda: panel.invoice_check.text().startswith("✓"), timeout=WAIT_MS)
        payment_hash = decode_invoice(panel.invoice.toPlainText().strip()).payment_hash
        qtbot.mouseClick(panel.pay, LEFT)
        qtbot.waitUntil(lambda: panel.verdict_text.text().startswith("✓ Paid"), timeout=WAIT_MS)
        preimage = panel.shown.preimage
        assert preimage is not None
        assert hashlib.sha256(bytes.fromhex(preimage)).hexdigest() == payment_hash
        assert panel.verdict_text.text() == (
            f"✓ Paid — preimage {preimage} matches the invoice's payment hash")
        assert not panel.tabs.isVisible()
        b.wait_state(qtbot, exchange_id, S.PAYOUT_SUCCEEDED)


def test_a_failed_payout_asks_for_a_new_invoice_and_the_retry_pays(
        qtbot: QtBot, sandbox_factory: Callable[..., SandboxServer], tmp_path: Path) -> None:
    with executed(qtbot, sandbox_factory, tmp_path) as (b, exchange_id, panel):
        msat = lightning_node.to_msat(amount_of(b, exchange_id))
        paste(panel, encode_invoice(lightning_node.PRIVATE_KEY, Network.REGTEST, msat,
                                    os.urandom(32), os.urandom(32)))  # no preimage exists
        qtbot.mouseClick(panel.pay, LEFT)
        qtbot.waitUntil(lambda: panel.verdict_text.text().startswith("✗"), timeout=WAIT_MS)
        assert "create a new invoice" in panel.verdict_text.text()
        assert panel.invoice.toPlainText() == "" and panel.tabs.isVisible()
        b.wait_state(qtbot, exchange_id, S.PAYOUT_FAILED)
        # the tracker's news may come before the PATCH task has finished: as a person would,
        # wait until the button can be pressed
        qtbot.waitUntil(panel.demo_invoice.isEnabled, timeout=WAIT_MS)
        qtbot.mouseClick(panel.demo_invoice, LEFT)
        qtbot.waitUntil(panel.pay.isEnabled, timeout=WAIT_MS)
        qtbot.mouseClick(panel.pay, LEFT)
        qtbot.waitUntil(lambda: panel.verdict_text.text().startswith("✓ Paid"), timeout=WAIT_MS)


def test_a_lost_payout_answer_is_shown_unknown_and_the_exchange_read_again(
        qtbot: QtBot, sandbox_factory: Callable[..., SandboxServer], tmp_path: Path) -> None:
    with executed(qtbot, sandbox_factory, tmp_path) as (b, exchange_id, panel):
        transport = LoseAnswers()
        lossy = PocketClient(Environment.sandbox(b.client.environment.base_url), CLIENT_ID,
                             transport=transport)
        assert panel.services is not None
        panel.bind(replace(panel.services, client=lossy))
        paste(panel, b.bank.create_invoice(amount_of(b, exchange_id))[0])
        transport.lose_patch = True
        qtbot.mouseClick(panel.pay, LEFT)
        qtbot.waitUntil(panel.error.isVisible, timeout=WAIT_MS)
        assert "may or may not have been accepted" in panel.error.message.text()
        assert "The exchange was read again" in panel.error.message.text()
        assert panel.shown.kind in (Kind.PENDING, Kind.PAID)  # from the re-read, not a retry
        assert not panel.pay.isEnabled()
        b.wait_state(qtbot, exchange_id, S.PAYOUT_SUCCEEDED)
        runner_idle(qtbot, b)
        lossy.close()


def runner_idle(qtbot: QtBot, b: Board) -> None:
    qtbot.waitUntil(lambda: b.runner.active() == 0, timeout=WAIT_MS)


def test_a_paid_payout_whose_preimage_does_not_hash_is_shown_not_proven(
        qtbot: QtBot, sandbox_factory: Callable[..., SandboxServer], tmp_path: Path) -> None:
    with executed(qtbot, sandbox_factory, tmp_path) as (b, exchange_id, panel):
        payload = {**b.client.get_exchange(exchange_id).raw, "exchange_id": exchange_id}
        payload.pop("id")
        invoice = b.bank.create_invoice(payload["amount"])[0]
        payload["payout"] = {"type": "invoice", "status": "succeeded", "invoice": invoice,
                             "preimage": "00" * 32, "fee": 0, "amount": payload["amount"]}
        assert b.forge_webhook("exchange.settled", payload).status_code == 200
        qtbot.waitUntil(lambda: panel.shown.kind is Kind.NOT_PROVEN, timeout=WAIT_MS)
        assert panel.verdict_text.text().startswith("⚠ NOT PROVEN")
        assert "00" * 32 in panel.verdict_text.text()
        assert palette.BAD in panel.verdict_text.styleSheet()  # the alarm colour, not green
        assert not panel.tabs.isVisible()


def test_the_channel_form_checks_the_address_and_opens_a_private_channel(
        qtbot: QtBot, sandbox_factory: Callable[..., SandboxServer], tmp_path: Path) -> None:
    with executed(qtbot, sandbox_factory, tmp_path) as (b, exchange_id, panel):
        panel.tabs.setCurrentIndex(1)
        panel.node_address.setText("02" + "11" * 32 + "@127.0.0.1:9735")
        assert panel.channel_check.text() == (f"✗ {reason_for('unexpected_node_pubkey')} This "
                                              f"order's node is {lightning_node.NODE_PUBKEY}.")
        assert not panel.open.isEnabled()
        panel.node_address.setText(lightning_node.ADDRESS)
        assert panel.channel_check.text() == "" and panel.open.isEnabled()
        panel.private.setChecked(True)
        qtbot.mouseClick(panel.open, LEFT)
        qtbot.waitUntil(lambda: panel.verdict_text.text().startswith("✓ Channel opened"),
                        timeout=WAIT_MS)
        payout = b.client.get_exchange(exchange_id).payout
        assert isinstance(payout, ChannelPayout) and payout.private is True
        assert payout.channel_id is not None and payout.channel_id in panel.verdict_text.text()


def test_pocket_refusing_a_channel_shows_its_sentence(
        qtbot: QtBot, sandbox_factory: Callable[..., SandboxServer], tmp_path: Path) -> None:
    with executed(qtbot, sandbox_factory, tmp_path) as (b, _, panel):
        b.bank.set_direct_channel(lightning_node.NODE_PUBKEY, True)
        panel.tabs.setCurrentIndex(1)
        qtbot.mouseClick(panel.open, LEFT)
        qtbot.waitUntil(panel.error.isVisible, timeout=WAIT_MS)
        assert panel.error.message.text() == reason_for("channel_payout_not_allowed")
        assert panel.tabs.isVisible() and panel.open.isEnabled()  # the person may choose again


def test_without_the_executed_event_the_fees_are_unknown_and_say_why(
        qtbot: QtBot, sandbox_factory: Callable[..., SandboxServer], tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=0.2)
    with board(qtbot, server, tmp_path / "store.sqlite3", webhooks=False) as b:
        exchange = b.bank.transfer(add_lightning_order(qtbot, b), Decimal("20.00"))
        b.tracker.observe(exchange, "answer")  # no webhook: the app heard it from the answer
        b.wait_state(qtbot, exchange.id, S.EXECUTED)
        panel = b.dashboard.view.detail.lightning
        qtbot.waitUntil(lambda: panel.options_text.text() == NO_EVENT, timeout=WAIT_MS)
        assert not panel.options_table.isVisible()
        assert panel.channel_fee.text() == NO_EVENT
        assert panel.tabs.isVisible()  # an invoice can still be paid


def test_an_onchain_purchase_has_no_lightning_panel(
        qtbot: QtBot, sandbox_factory: Callable[..., SandboxServer], tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=0.2, settle_delay=5.0)
    with board(qtbot, server, tmp_path / "store.sqlite3") as b:
        order_id = add_order(qtbot, b)
        exchange_id = b.transfer(order_id, "20.00")
        b.wait_state(qtbot, exchange_id, S.EXECUTED)
        qtbot.waitUntil(lambda: b.dashboard.view.detail.purchase is not None, timeout=WAIT_MS)
        assert not b.dashboard.view.detail.lightning.isVisible()


@pytest.mark.slow
def test_lightning_payout_screenshots(
        qtbot: QtBot, sandbox_factory: Callable[..., SandboxServer], tmp_path: Path) -> None:
    with executed(qtbot, sandbox_factory, tmp_path) as (b, exchange_id, panel):
        detail = b.dashboard.view.detail
        detail.resize(900, detail.sizeHint().height())
        panel.tabs.setCurrentIndex(1)
        panel.node_address.setText(lightning_node.ADDRESS)
        panel.private.setChecked(True)
        save(qtbot, detail, "channel", tmp_path, prefix="lightning-payout-")
        panel.tabs.setCurrentIndex(0)
        paste(panel, b.bank.create_invoice(amount_of(b, exchange_id), "pocketgui demo payout")[0])
        assert panel.invoice_check.text().startswith("✓")
        save(qtbot, detail, "invoice", tmp_path, prefix="lightning-payout-")
        qtbot.mouseClick(panel.pay, LEFT)
        qtbot.waitUntil(lambda: panel.verdict_text.text().startswith("✓ Paid"), timeout=WAIT_MS)
        b.wait_state(qtbot, exchange_id, S.PAYOUT_SUCCEEDED)
        save(qtbot, detail, "paid", tmp_path, prefix="lightning-payout-")
