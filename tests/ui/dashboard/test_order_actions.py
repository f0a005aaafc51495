"""Order actions against the real sandbox: pause / resume, fee rate, instructions, CSV export."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from pocketgui.api import jsonio
from pocketgui.api.models import ExchangeStatus as S
from pocketgui.history import parse_csv
from pocketgui.sandbox import SandboxServer
from pocketgui.ui.widgets.payment_details import PaymentDetailsPanel
from tests.api.loopback import TamperingProxy
from tests.api.sandbox_kit import onchain_request
from tests.api.test_tampering import swap_creditor
from tests.ui.dashboard.conftest import Dialogs
from tests.ui.dashboard.kit import LEFT, WAIT_MS, add_order, board

Factory = Callable[..., SandboxServer]


def test_pause_makes_the_next_transfer_refund_and_resume_buys_again(
        qtbot: QtBot, sandbox_factory: Factory, tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=0.2)
    with board(qtbot, server, tmp_path / "store.sqlite3") as b:
        order_id = add_order(qtbot, b)
        view = b.dashboard.view
        assert view.pause.text() == "Pause order"
        qtbot.mouseClick(view.pause, LEFT)
        qtbot.waitUntil(lambda: view.pause.text() == "Resume order", timeout=WAIT_MS)
        assert view.facts.text().startswith("Paused")
        assert b.client.get_order(order_id).active is False  # Pocket's word, not ours
        stored = b.store.get_order(order_id)
        assert stored is not None and '"active":false' in stored.raw_json
        refunded = b.transfer(order_id, "50.00")
        b.wait_state(qtbot, refunded, S.REFUNDED)
        assert "paused" in view.detail.note_text.text()
        qtbot.mouseClick(view.pause, LEFT)
        qtbot.waitUntil(lambda: view.pause.text() == "Pause order", timeout=WAIT_MS)
        bought = b.transfer(order_id, "50.00")
        b.wait_state(qtbot, bought, S.SETTLED)


def test_fee_rate_is_validated_and_used_by_the_next_exchange(
        qtbot: QtBot, sandbox_factory: Factory, tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=0.2)
    with board(qtbot, server, tmp_path / "store.sqlite3") as b:
        order_id = add_order(qtbot, b)
        view = b.dashboard.view
        assert view.fee.text() == "1.5"
        view.fee.setText("5")
        qtbot.mouseClick(view.fee_apply, LEFT)
        assert view.fee_problem.isVisible() and "between 1.2 % and 4.5 %" in \
            view.fee_problem.text()
        assert b.client.get_order(order_id).fee_rate == Decimal("0.015")  # nothing sent
        view.fee.setText("2.5")
        qtbot.mouseClick(view.fee_apply, LEFT)
        qtbot.waitUntil(lambda: "fee rate 2.5 %" in view.facts.text(), timeout=WAIT_MS)
        assert not view.fee_problem.isVisible()
        exchange_id = b.transfer(order_id, "200.00")
        b.wait_state(qtbot, exchange_id, S.SETTLED)
        # settled: sent, not yet confirmed, so never "received"
        assert view.bought.sub.text().endswith("sent to your wallet")
        purchase = view.detail.purchase
        assert purchase is not None and purchase.id == exchange_id
        assert purchase.exchange.fee_rate == Decimal("0.025")
        assert purchase.exchange.fee == Decimal("5.00")
        assert view.detail.figures["Fee rate"].text() == "2.5 %"


def test_the_fee_rate_complaint_goes_once_the_value_is_corrected(
        qtbot: QtBot, sandbox_factory: Factory, tmp_path: Path) -> None:
    with board(qtbot, sandbox_factory(), tmp_path / "store.sqlite3") as b:
        add_order(qtbot, b)
        view = b.dashboard.view
        view.fee.clear()
        qtbot.keyClicks(view.fee, "5")
        qtbot.mouseClick(view.fee_apply, LEFT)
        assert view.fee_problem.isVisible()
        qtbot.keyClick(view.fee, Qt.Key.Key_Backspace)
        qtbot.keyClicks(view.fee, "4")
        assert view.fee.text() == "4"
        assert not view.fee_problem.isVisible()  # corrected: no stale complaint
        qtbot.keyClicks(view.fee, "9")  # 49: wrong again, but said only on the next apply
        assert not view.fee_problem.isVisible()


def test_payment_instructions_again(qtbot: QtBot, sandbox_factory: Factory,
                                    tmp_path: Path) -> None:
    with board(qtbot, sandbox_factory(), tmp_path / "store.sqlite3") as b:
        add_order(qtbot, b, currency="eur")
        qtbot.mouseClick(b.dashboard.view.instructions, LEFT)
        dialog = b.dashboard.instructions_dialog
        assert dialog is not None and dialog.isVisible()
        assert dialog.windowTitle().endswith("[DEMO]")
        panel = dialog.findChild(PaymentDetailsPanel)
        assert panel is not None and panel.qr is not None
        summary = b.dashboard.summary()
        assert summary is not None
        assert panel.instructions.reference == summary.reference


def test_csv_export_round_trips_exact_decimals(qtbot: QtBot, sandbox_factory: Factory,
                                               tmp_path: Path, dialogs: Dialogs) -> None:
    server = sandbox_factory(retry_base=0.2, max_transfer=Decimal("500.00"))
    with board(qtbot, server, tmp_path / "store.sqlite3") as b:
        order_id = add_order(qtbot, b)
        ids = [b.transfer(order_id, amount) for amount in ("100.00", "33.33", "900.00", "0.10")]
        for exchange_id in ids:
            qtbot.waitUntil(lambda e=exchange_id: b.state_of(e) in (S.SETTLED, S.REFUNDED),
                            timeout=WAIT_MS)
        dialogs.save_path = str(tmp_path / "purchases.csv")
        with qtbot.waitSignal(b.dashboard.exported, timeout=WAIT_MS):
            qtbot.mouseClick(b.dashboard.view.export, LEFT)
        rows = parse_csv(Path(dialogs.save_path).read_text(encoding="utf-8"))
        bought = [p for p in b.dashboard.view.model.purchases() if p.executed]
        assert len(rows) == 3 and {r.exchange_id for r in rows} == {p.id for p in bought}
        for row in rows:
            exchange = b.client.get_exchange(row.exchange_id)  # Pocket's own answer
            assert (row.cost, row.fee, row.rate, row.amount) == (
                exchange.cost, exchange.fee, exchange.rate, exchange.amount)
            assert f"{row.amount:f}" == f"{exchange.amount:.8f}"
            assert row.txid == getattr(exchange.payout, "txid", None)
            assert row.address == getattr(exchange.payout, "bitcoin_address", None)
        assert sum(r.cost for r in rows) == Decimal("133.43")


def test_a_tampered_pause_answer_changes_nothing_shown_or_stored(
        qtbot: QtBot, sandbox_factory: Factory, tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=0.2)
    with TamperingProxy(server.url, swap_creditor, ("PATCH", "/v1/orders")) as proxy, \
            board(qtbot, server, tmp_path / "store.sqlite3", pocket_url=proxy.url) as b:
        order_id = add_order(qtbot, b)
        before = b.store.get_order(order_id)
        view = b.dashboard.view
        qtbot.mouseClick(view.pause, LEFT)
        qtbot.waitUntil(lambda: view.error.isVisible(), timeout=WAIT_MS)
        assert "not the stored order" in view.error.message.text()
        assert view.pause.text() == "Pause order"
        assert b.store.get_order(order_id) == before
        dialog = b.dashboard.show_instructions()
        assert dialog is not None
        panel = dialog.findChild(PaymentDetailsPanel)
        assert panel is not None and "CH5604835012345678009" not in panel.instructions.creditor_iban
        assert proxy.tampered == 1


def test_an_order_stored_with_another_creditor_account_is_never_shown_payable(
        qtbot: QtBot, sandbox_factory: Factory, tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=0.2)
    with board(qtbot, server, tmp_path / "store.sqlite3") as b:
        add_order(qtbot, b)  # the first CHF order: its account is trusted
        second = b.client.create_order(onchain_request(b.client, currency="chf"))
        raw = dict(second.raw)
        swap_creditor(raw)  # as a version before the first-use rule would have kept it
        b.store.save_order("sandbox", second.id, jsonio.dumps(raw), "regtest")
        b.dashboard.reload()
        qtbot.waitUntil(lambda: b.dashboard.snapshot.summary(second.id) is not None,
                        timeout=WAIT_MS)
        b.dashboard.select_order(second.id)
        assert b.dashboard.show_instructions() is None
        view = b.dashboard.view
        assert view.error.isVisible() and "account for CHF payments changed" in \
            view.error.message.text()
