"""Absurd amounts against the real app wiring: a signed event carrying one is refused (not a
purchase, not notified), and odd values already in the store file cannot stop the dashboard
from loading, even after a restart."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pocketgui.api import jsonio
from pocketgui.api.models import ExchangeStatus as S
from pocketgui.sandbox import SandboxServer
from pocketgui.store import Store
from tests.ui.dashboard.kit import WAIT_MS, Board, add_order, board

Factory = Callable[..., SandboxServer]


def settled_purchase(qtbot: QtBot, b: Board) -> tuple[str, str]:
    """(order id, exchange id) of an honest purchase, settled and shown."""
    order_id = add_order(qtbot, b)
    honest = b.transfer(order_id, "40.00")
    b.wait_state(qtbot, honest, S.SETTLED)
    return order_id, honest


@pytest.mark.parametrize(("field", "literal"), [
    ("amount", "1E+400"), ("amount", "-0.001"), ("cost", "1E+20"), ("fee", "-1.50"),
    ("fee_rate", "1.5"), ("rate", "0.001"),
])
def test_a_signed_event_with_an_absurd_amount_is_refused(
        qtbot: QtBot, sandbox_factory: Factory, tmp_path: Path, field: str, literal: str
        ) -> None:
    server = sandbox_factory(retry_base=0.2)
    db = tmp_path / "store.sqlite3"
    with board(qtbot, server, db) as b:
        _, honest = settled_purchase(qtbot, b)
        payload = {**b.client.get_exchange(honest).raw, "exchange_id": "forged-1",
                   "id": "forged-1", field: Decimal("7.77")}
        body = jsonio.dumps(payload).replace("7.77", literal)
        assert b.forge_webhook("exchange.settled", jsonio.loads(body)).status_code == 200
        qtbot.waitUntil(lambda: any(d.processed_at for d in b.store.webhook_deliveries()
                                    if "forged-1" in d.body), timeout=WAIT_MS)
        assert b.store.get_exchange("forged-1") is None  # refused: evidence kept as delivered
        assert b.notifier.of("forged-1") == []
    with board(qtbot, server, db) as again:  # a restart still loads
        assert again.dashboard.loaded and again.state_of(honest) is S.SETTLED


def test_odd_values_in_the_store_file_cannot_stop_the_dashboard_from_loading(
        qtbot: QtBot, sandbox_factory: Factory, tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=0.2)
    db = tmp_path / "store.sqlite3"
    with board(qtbot, server, db) as b:
        order_id, honest = settled_purchase(qtbot, b)
        raw = jsonio.dumps({**b.client.get_exchange(honest).raw, "amount": Decimal("7.77")})
    with Store(db) as store:  # as an older version (or a hand) left them
        for number, literal in enumerate(["1E+400", "NaN", "-5", "1E+20"]):
            store.record_exchange("sandbox", f"odd-{number}", order_id, "settled",
                                  raw.replace("7.77", literal), "webhook", final=True)
    with board(qtbot, server, db) as again:
        assert again.dashboard.loaded
        assert again.state_of(honest) is S.SETTLED
        error = again.dashboard.view.error
        assert error.isVisible() and "4 stored records could not be read" in \
            error.message.text()
        assert "odd-0" in error.details.toPlainText()
