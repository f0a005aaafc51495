"""A lightning order end to end in the real window, against the real demo: the welcome page's
choice, the node key, the node's signature checked here, the order, a simulated bank transfer,
then the dashboard's payout panel — an invoice of the demo node paid with a preimage that hashes
to the invoice's payment hash — and, for a second purchase, a channel payout."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pocketgui.api.models import ChannelPayout
from pocketgui.api.models import ExchangeStatus as S
from pocketgui.bitcoin import decode_invoice
from pocketgui.flow import Step
from pocketgui.flow.lightning import reason_for
from pocketgui.sandbox import lightning_node
from tests.e2e.driver import DemoDriver, open_window

pytestmark = pytest.mark.slow

EXECUTED, PAID = S.EXECUTED.value, S.PAYOUT_SUCCEEDED.value


def paid_to(drive: DemoDriver, exchange_id: str) -> str:
    """The purchases table's "Paid to" cell of one purchase."""
    assert drive.dashboard is not None
    model = drive.dashboard.view.model
    row = model.row_of(exchange_id)
    assert row is not None
    return str(model.data(model.index(row, 6)))


def test_a_lightning_order_is_paid_by_invoice_with_a_proven_preimage_then_by_channel(
        qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path)
    drive = DemoDriver(window, qtbot.waitUntil)
    drive.lightning_up_to_created()
    order = drive.wizard.flow.data.order
    assert drive.wizard.review.outcome.text().startswith("✓ Order created")
    assert order is not None and order.is_lightning
    assert order.payout_method.node_pubkey == lightning_node.NODE_PUBKEY  # type: ignore[union-attr]
    drive.instructions()

    # the wizard's simulated transfer leads to the dashboard; a lightning purchase waits there
    drive.simulate_transfer(Decimal("100"), until=EXECUTED)
    dashboard, session = drive.dashboard, window.session
    assert dashboard is not None and session is not None
    assert window.home is not None and window.home.isVisible()  # the dashboard's "Start page"
    services = session.services
    first = dashboard.view.model.purchase(0)
    assert first is not None
    amount = first.exchange.amount
    assert amount is not None and amount > 0
    panel = drive.payout_panel(first.id)
    fees = {kind: [cell.text() for cell in cells] for kind, cells in panel.option_rows.items()}
    assert fees["invoice"][1:] == ["0.00000000 BTC", f"{amount:.8f} BTC"]
    assert fees["channel"][1:] == ["0.00010000 BTC", f"{amount - Decimal('0.0001'):.8f} BTC"]

    # an invoice of the node for one sat too many is refused here, with the facts
    panel.invoice.setPlainText(lightning_node.create_invoice(
        lightning_node.to_msat(amount) + 1000, services.network))
    refusal = panel.invoice_check.text()
    assert refusal.startswith("✗ " + reason_for("invoice_amount")) and f"{amount:.8f}" in refusal
    assert not panel.pay.isEnabled()

    # the demo node's invoice for the amount: paid, and the preimage proves it
    invoice = drive.pay_by_demo_invoice(first.id)
    preimage = panel.shown.preimage
    assert preimage is not None and preimage in panel.verdict_text.text()
    assert hashlib.sha256(bytes.fromhex(preimage)).hexdigest() == (
        decode_invoice(invoice).payment_hash)
    drive.until(lambda: drive.state_of(first.id) == PAID)
    stored = services.store.get_exchange(first.id)
    assert stored is not None and stored.state == PAID
    assert paid_to(drive, first.id) == "⚡ invoice"

    # a second purchase, paid out by opening a channel: a host Pocket cannot reach first
    second = drive.dashboard_transfer("50.00")
    drive.until(lambda: drive.state_of(second) == EXECUTED, 30)
    panel = drive.payout_panel(second)
    panel.tabs.setCurrentIndex(1)
    panel.node_address.setText(f"{lightning_node.NODE_PUBKEY}@10.0.0.1:9735")
    drive.click(panel.open)  # checked here as far as it can be; only Pocket can try to connect
    drive.until(lambda: panel.error.isVisible() and panel.open.isEnabled(), 30)
    assert panel.error.message.text() == reason_for("connect")
    assert drive.state_of(second) == EXECUTED
    assert drive.open_demo_channel(second, lightning_node.ADDRESS).startswith("✓ Channel opened")
    drive.until(lambda: drive.state_of(second) == PAID)
    answer = services.pocket.get_exchange(second)
    assert isinstance(answer.payout, ChannelPayout) and answer.payout.private is True
    assert answer.payout.node_address == lightning_node.ADDRESS and answer.payout.channel_id
    assert answer.payout.channel_id in panel.verdict_text.text()
    assert paid_to(drive, second) == "⚡ channel to 039f77…241ac3"
    assert dashboard.alarms == {}

    # from the dashboard, each kind of new order opens its own branch of the wizard
    drive.click(dashboard.new_order)
    drive.until(lambda: window.wizard is not None)
    assert not drive.wizard.flow.is_lightning and drive.wizard.flow.step is Step.CONNECT
    drive.until(lambda: drive.wizard.home_button.isEnabled())
    drive.click(drive.wizard.home_button)
    drive.until(lambda: window.dashboard is not None
                and window.pages.currentWidget() is window.dashboard)
    drive.click(window.dashboard.new_lightning_order)  # type: ignore[union-attr]
    drive.until(lambda: window.wizard is not None)
    assert drive.wizard.flow.is_lightning and drive.wizard.flow.step is Step.PAYOUT
    window.close()


def test_the_scripted_lightning_demo_ends_with_both_purchases_paid(qtbot: QtBot,
                                                                   tmp_path: Path) -> None:
    """The script `benchmarks/demo_flow.py --lightning` measures, run once as a test."""
    window = open_window(qtbot, tmp_path)
    drive = DemoDriver(window, qtbot.waitUntil)
    drive.whole_lightning_demo()
    assert drive.dashboard is not None
    states = [p.state.value for p in drive.dashboard.view.model.purchases()]
    assert states == [PAID, PAID]
    window.close()
