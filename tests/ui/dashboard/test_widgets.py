"""The dashboard's pieces alone: table model, detail, chart, and the explorer link outside Demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from pocketgui.api import Environment, PocketClient
from pocketgui.history import chart_points, timeline
from pocketgui.store import Store
from pocketgui.tracking import PAYOUT_ADDRESS_MISMATCH, ExchangeTracker
from pocketgui.ui import palette
from pocketgui.ui.dashboard.chart import MARGINS, PriceChart, nice_step
from pocketgui.ui.dashboard.dashboard import Dashboard
from pocketgui.ui.dashboard.notifications import Notifier
from pocketgui.ui.dashboard.purchase_detail import PurchaseDetail
from pocketgui.ui.dashboard.purchases_model import MISMATCH_LABEL, PurchasesModel
from pocketgui.ui.signals import AppSignals
from pocketgui.ui.tasks import TaskRunner
from tests.history.wire import TXID, purchase
from tests.ui.dashboard.conftest import Dialogs


def test_model_newest_first_upsert_and_plain_cells() -> None:
    model = PurchasesModel()
    old, new = purchase("confirmed"), purchase("executed", cost="12.00")
    model.set_purchases([old, new])
    assert model.rowCount() == 2 and model.purchase(0) is new
    assert model.data(model.index(0, 2)) == "12.00 CHF"
    flagged = purchase("settled", flags=frozenset({PAYOUT_ADDRESS_MISMATCH}))
    assert model.upsert(flagged) == 0 and model.rowCount() == 3
    assert model.data(model.index(0, 1)) == MISMATCH_LABEL
    assert model.upsert(flagged) == 0 and model.rowCount() == 3  # replaced, not added
    assert model.data(model.index(1, 7), Qt.ItemDataRole.ToolTipRole) is None
    assert [p.id for p in model.purchases()] == [old.id, new.id, flagged.id]


def test_detail_shows_payout_explorer_and_notes(qtbot: QtBot) -> None:
    detail = PurchaseDetail()
    qtbot.addWidget(detail)
    settled = purchase("confirmed")
    detail.show_purchase(settled, timeline(settled, []), tip=103,
                         explorer_link="https://mempool.space/tx/" + TXID)
    assert detail.explorer.isVisibleTo(detail) and detail.txid.copy_text == TXID
    assert detail.figures["Confirmations"].text() == "3"  # block 101, tip 103
    with qtbot.waitSignal(detail.explorer_requested) as asked:
        detail.explorer.click()
    assert asked.args == [TXID]
    detail.show_purchase(purchase("refunded", reason="order_inactive"))
    assert detail.note.isVisibleTo(detail) and "paused" in detail.note_text.text()
    assert not detail.identify.isVisibleTo(detail) and not detail.txid.isVisibleTo(detail)
    detail.demo = True
    detail.show_purchase(purchase("interrupted"))
    assert detail.identify.text() == "Complete identification (demo)"


def test_chart_paints_a_price_dot_where_each_purchase_is(qtbot: QtBot) -> None:
    """One purchase is one dot in the middle of the plot; a month of them spans it."""
    chart = PriceChart()
    qtbot.addWidget(chart)
    chart.resize(700, 380)
    assert [nice_step(s) for s in (9.0, 40.0, 1234.0, 0.3)] == [2.0, 10.0, 500.0, 0.1]
    month = [purchase("executed", rate=f"{40000 + 1000 * d}.00",
                      executed_on=f"2021-09-{d:02d}T10:00:00Z") for d in range(1, 29)]
    left, top, right, bottom = MARGINS
    for points in ([purchase("executed")], month):
        chart.set_points(chart_points(points), "CHF")
        image = chart.grab().toImage()
        dots = [x for x in range(left, 700 - right) for y in range(top, 380 - bottom)
                if image.pixelColor(x, y).name() == palette.PRICE]  # the legend is above
        middle = (left + 700 - right) / 2
        if len(points) == 1:
            assert dots and all(abs(x - middle) < 8 for x in dots)
        else:
            assert min(dots) < left + 20 and max(dots) > 700 - right - 20


def test_outside_demo_a_payout_opens_in_the_block_explorer(qtbot: QtBot, tmp_path: Path,
                                                           dialogs: Dialogs) -> None:
    store = Store(tmp_path / "store.sqlite3")
    client = PocketClient(Environment.production(), "never-called")
    runner = TaskRunner(1)
    dashboard = Dashboard(pocket=client, runner=runner, store=store,
                          tracker=ExchangeTracker(client, store), signals=AppSignals(),
                          notifier=Notifier())
    qtbot.addWidget(dashboard)
    qtbot.waitUntil(lambda: dashboard.loaded)
    assert dashboard.pages.currentWidget() is dashboard.empty
    assert not dashboard.demo_controls.isVisibleTo(dashboard)
    dashboard.open_explorer(TXID)
    assert dialogs.urls == ["https://mempool.space/tx/" + TXID]
    dashboard.shut_down()
    runner.wait_for_done(5000)
    client.close()
    store.close()
