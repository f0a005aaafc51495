"""Changing an order (pause, resume, fee rate) against the real sandbox, through a real proxy
that alters the answer: only a faithful answer is saved; a tampered one changes nothing in the
store and is kept as evidence."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pocketgui.api import OrderPatch, TamperedResponse
from pocketgui.orders.placing import CHANGE_ORDER, change_order, place_order
from pocketgui.sandbox import SandboxServer
from pocketgui.store import IntentOutcome, Store
from tests.api.loopback import TamperingProxy
from tests.api.sandbox_kit import onchain_request, pocket
from tests.api.test_tampering import swap_creditor


def test_a_tampered_change_answer_is_not_saved_and_is_kept_as_evidence(
        sandbox: SandboxServer, tmp_path: Path) -> None:
    with Store(tmp_path / "p.sqlite3") as store, pocket(sandbox) as direct:
        order = place_order(direct, store, onchain_request(direct, extended=True))
        before = store.get_order(order.id)
        with TamperingProxy(sandbox.url, swap_creditor, ("PATCH", "/v1/orders")) as proxy, \
                pocket(proxy.url) as tampered, \
                pytest.raises(TamperedResponse, match="not the stored order"):
            change_order(tampered, store, order.id, OrderPatch(active=False))
        assert store.get_order(order.id) == before  # nothing of the answer was saved
        [intent] = [i for i in store.unresolved_intents() if i.kind == CHANGE_ORDER]
        assert intent.outcome is IntentOutcome.UNKNOWN
        assert intent.summary == "Order change outcome unknown — check with Pocket"
        assert intent.detail is not None and "CH5604835012345678009" in intent.detail
        assert '"active":false' in intent.request_body

        changed = change_order(direct, store, order.id, OrderPatch(fee_rate=Decimal("0.025")))
        stored = store.get_order(order.id)
        assert stored is not None and changed.fee_rate == Decimal("0.025")
        assert '"fee_rate":0.025' in stored.raw_json
        assert '"active":false' in stored.raw_json  # the lost change did happen at Pocket


def test_a_change_of_an_order_this_store_does_not_have_is_refused_unsent(
        sandbox: SandboxServer, tmp_path: Path) -> None:
    with Store(tmp_path / "p.sqlite3") as store, pocket(sandbox) as direct:
        order = direct.create_order(onchain_request(direct))  # not stored here
        with pytest.raises(KeyError):
            change_order(direct, store, order.id, OrderPatch(active=False))
        assert direct.get_order(order.id).active is True
        assert store.unresolved_intents() == []
