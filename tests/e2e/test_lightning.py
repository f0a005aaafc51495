"""A lightning order end to end in the real window, against the real demo: the welcome page's
choice, the node key, the node's signature checked here, the order, a simulated bank transfer,
then the dashboard's payout panel — an invoice of the demo node paid with a preimage that hashes
to the invoice's payment hash — and, for a second purchase, a channel payout."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

from pytestqt.qtbot import QtBot

from pocketgui.api.models import ChannelPayout
from pocketgui.api.models import ExchangeStatus as S
from pocketgui.bitcoin import decode_invoice
from pocketgui.flow import Step
from pocketgui.flow.lightning import reason_for
from pocketgui.sandbox import lightning_node
from pocketgui.ui.dashboard.lightning_payout import LightningPayoutPanel
from tests.e2e.driver import EUR_IBAN, DemoDriver, open_window


def choose_lightning_and_sign(drive: DemoDriver) -> None:
    """Welcome → lightning → node key (the demo node) → its signature, checked here."""
    drive.window.welcome.destination.lightning.click()
    drive.start()
    wizard = drive.wizard
    assert wizard.flow.is_lightning and wizard.flow.step is Step.PAYOUT
    node = wizard.node_page
    drive.type(node.key, lightning_node.NODE_PUBKEY[:10])
    assert node.check.text().startswith("A node key is 66 characters long")
    assert not wizard.next_button.isEnabled()
    node.key.clear()
    drive.click(node.demo_button)
    assert node.check.text().startswith("✓")
    drive.next()
    sign = wizard.sign_page
    drive.until(lambda: sign.message.text().startswith("I confirm my bitcoin wallet.")
                and drive.idle())
    assert sign.lnd.copy_text == f'lncli signmessage "{sign.message.text()}"'
    drive.click(sign.demo_button)
    drive.until(lambda: sign.result.text().startswith("✓ Signature verified here"))


def transfer(drive: DemoDriver, amount: str) -> str:
    """The dashboard's "Simulate a transfer": answers the id of the new executed purchase."""
    dashboard = drive.dashboard
    assert dashboard is not None
    before = {p.id for p in dashboard.view.model.purchases()}
    controls = dashboard.demo_controls
    drive.until(lambda: controls.transfer.isEnabled())
    controls.amount.setText(amount)
    drive.click(controls.transfer)
    drive.until(lambda: len(dashboard.view.model.purchases()) == len(before) + 1, 30)
    (new,) = [p for p in dashboard.view.model.purchases() if p.id not in before]
    return new.id


def shown_panel(drive: DemoDriver, exchange_id: str) -> LightningPayoutPanel:
    """Select the purchase; wait for its payout panel with the fees from the executed event."""
    dashboard = drive.dashboard
    assert dashboard is not None
    drive.until(lambda: dashboard.view.model.row_of(exchange_id) is not None)
    row = dashboard.view.model.row_of(exchange_id)
    assert row is not None
    dashboard.view.table.selectRow(row)
    panel = dashboard.view.detail.lightning
    drive.until(lambda: panel.isVisible() and panel.exchange is not None
                and panel.exchange.id == exchange_id
                and panel.options_table.isVisible(), 30)
    return panel


def state_of(drive: DemoDriver, exchange_id: str) -> str:
    dashboard = drive.dashboard
    assert dashboard is not None
    row = dashboard.view.model.row_of(exchange_id)
    purchase = dashboard.view.model.purchase(row) if row is not None else None
    return purchase.state.value if purchase is not None else ""


def test_a_lightning_order_is_paid_by_invoice_with_a_proven_preimage_then_by_channel(
        qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path)
    drive = DemoDriver(window, qtbot.waitUntil)
    choose_lightning_and_sign(drive)
    drive.payment("EUR", EUR_IBAN, typo=False)
    assert drive.create().startswith("✓ Order created")
    order = drive.wizard.flow.data.order
    assert order is not None and order.is_lightning
    assert order.payout_method.node_pubkey == lightning_node.NODE_PUBKEY  # type: ignore[union-attr]
    drive.instructions()

    # the wizard's simulated transfer leads to the dashboard; a lightning purchase waits there
    page = drive.wizard.instructions
    page.amount.setValue(100.0)
    drive.click(page.simulate)
    drive.until(lambda: drive.dashboard is not None
                and window.pages.currentWidget() is drive.dashboard, 30)
    drive.until(lambda: drive.purchase_state() == S.EXECUTED.value, 30)
    dashboard, session = drive.dashboard, window.session
    assert dashboard is not None and session is not None
    services = session.services
    first = dashboard.view.model.purchase(0)
    assert first is not None
    panel = shown_panel(drive, first.id)
    amount = first.exchange.amount
    assert amount is not None and amount > 0
    fees = {kind: [cell.text() for cell in cells] for kind, cells in panel.option_rows.items()}
    assert fees["invoice"][1:] == ["0.00000000 BTC", f"{amount:.8f} BTC"]
    assert fees["channel"][1:] == ["0.00010000 BTC", f"{amount - Decimal('0.0001'):.8f} BTC"]

    # invoice: one of the demo node's, decoded and checked here before it is sent
    panel.invoice.setPlainText(lightning_node.create_invoice(
        lightning_node.to_msat(amount) + 1000, services.network))
    refusal = panel.invoice_check.text()  # one sat too many: refused here, with the facts
    assert refusal.startswith("✗ " + reason_for("invoice_amount")) and f"{amount:.8f}" in refusal
    assert not panel.pay.isEnabled()
    drive.click(panel.demo_invoice)
    drive.until(lambda: panel.invoice_check.text().startswith("✓"))
    invoice = panel.invoice.toPlainText().strip()
    payment_hash = decode_invoice(invoice).payment_hash
    drive.click(panel.pay)
    drive.until(lambda: panel.verdict_text.text().startswith("✓ Paid — preimage"), 30)
    preimage = panel.shown.preimage
    assert preimage is not None and preimage in panel.verdict_text.text()
    assert hashlib.sha256(bytes.fromhex(preimage)).hexdigest() == payment_hash
    drive.until(lambda: state_of(drive, first.id) == S.PAYOUT_SUCCEEDED.value)
    stored = services.store.get_exchange(first.id)
    assert stored is not None and stored.state == S.PAYOUT_SUCCEEDED.value
    assert dashboard.alarms == {}

    # a second purchase, paid out by opening a channel to the node
    second = transfer(drive, "50.00")
    drive.until(lambda: state_of(drive, second) == S.EXECUTED.value, 30)
    panel = shown_panel(drive, second)
    panel.tabs.setCurrentIndex(1)
    panel.node_address.setText(f"{lightning_node.NODE_PUBKEY}@10.0.0.1:9735")
    drive.click(panel.open)  # checked here as far as it can be; only Pocket can try to connect
    drive.until(lambda: panel.error.isVisible() and panel.open.isEnabled(), 30)
    assert panel.error.message.text() == reason_for("connect")
    assert state_of(drive, second) == S.EXECUTED.value
    panel.node_address.setText(lightning_node.ADDRESS)
    panel.private.setChecked(True)
    drive.click(panel.open)
    drive.until(lambda: panel.verdict_text.text().startswith("✓ Channel opened"), 30)
    drive.until(lambda: state_of(drive, second) == S.PAYOUT_SUCCEEDED.value)
    answer = services.pocket.get_exchange(second)
    assert isinstance(answer.payout, ChannelPayout) and answer.payout.private is True
    assert answer.payout.node_address == lightning_node.ADDRESS and answer.payout.channel_id
    assert dashboard.alarms == {}

    # from the dashboard, each kind of new order opens its own branch of the wizard
    drive.click(dashboard.new_order)
    drive.until(lambda: window.wizard is not None)
    assert not drive.wizard.flow.is_lightning and drive.wizard.flow.step is Step.CONNECT
    drive.until(lambda: drive.wizard.home_button.isEnabled())
    drive.click(drive.wizard.home_button)
    drive.until(lambda: window.dashboard is not None
                and window.pages.currentWidget() is window.dashboard)
    drive.click(window.dashboard.new_lightning_order)
    drive.until(lambda: window.wizard is not None)
    assert drive.wizard.flow.is_lightning and drive.wizard.flow.step is Step.PAYOUT
    window.close()
