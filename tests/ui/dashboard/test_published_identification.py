"""The detail with Pocket's published shapes: the identification button opens Pocket's own
page (and nothing else), a refund for missing identification says why."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from pocketgui.api.models import Exchange
from pocketgui.history import Purchase
from pocketgui.ui.dashboard.purchase_detail import PurchaseDetail
from tests.history.wire import exchange_wire, purchase
from tests.ui.dashboard.conftest import Dialogs

PORTAL = "https://portal.pocketbitcoin.com/identification/7bf967b5?lang=en"


def interrupted(url: str) -> Purchase:
    data = exchange_wire("interrupted")
    data["action"] = {"code": "identify", "url": url}
    data["welcomeReward"] = {"amount": 10}
    return Purchase(Exchange.from_wire(data), frozenset(), "2021-09-15T14:35:09.000+00:00",
                    "2021-09-15T14:35:09.000+00:00")


def test_the_published_identify_action_opens_pockets_page(qtbot: QtBot, dialogs: Dialogs
                                                          ) -> None:
    detail = PurchaseDetail()
    qtbot.addWidget(detail)
    detail.show_purchase(interrupted(PORTAL))
    assert detail.identify.isVisibleTo(detail)
    assert detail.identify.text() == "Open the identification page"
    assert "identify you" in detail.note_text.text()
    detail.identify.click()
    assert dialogs.urls == [PORTAL]


def test_a_look_alike_identification_page_is_never_offered(qtbot: QtBot, dialogs: Dialogs
                                                           ) -> None:
    detail = PurchaseDetail()
    qtbot.addWidget(detail)
    detail.show_purchase(interrupted("https://portal.pocketbitcoin.com.evil.net/id"))
    assert not detail.identify.isVisibleTo(detail)
    assert "not on pocketbitcoin.com" in detail.note_text.text()
    detail.identify.click()
    assert dialogs.urls == []


def test_a_refund_for_missing_identification_says_so(qtbot: QtBot) -> None:
    detail = PurchaseDetail()
    qtbot.addWidget(detail)
    detail.show_purchase(purchase("refunded", reason="identification_required"))
    assert "identification was not completed" in detail.note_text.text()
    assert not detail.identify.isVisibleTo(detail)
