"""Pocket's creditor account, trusted on first use where nothing is pinned (production,
staging): a later order naming another account — checksums and QR-bill all consistent — stops
before anything is stored or shown as payable. Real sandbox, a real tampering proxy, real store."""

from __future__ import annotations

from pathlib import Path

import pytest

from pocketgui.api import TamperedResponse
from pocketgui.orders.placing import CreditorChanged, creditor_change, place_order
from pocketgui.sandbox import SandboxServer
from pocketgui.sandbox.payment_instructions import ACCOUNTS
from pocketgui.store import IntentOutcome, Store
from tests.api.loopback import TamperingProxy
from tests.api.sandbox_kit import onchain_request, pocket
from tests.api.test_tampering import swap_creditor

PINNED = frozenset(account.iban for account in ACCOUNTS.values())


def test_a_later_order_naming_another_account_stops_unstored(
        sandbox: SandboxServer, tmp_path: Path) -> None:
    with Store(tmp_path / "p.sqlite3") as store, pocket(sandbox) as direct, \
            TamperingProxy(sandbox.url, swap_creditor) as proxy, pocket(proxy.url) as swapped:
        first = place_order(direct, store, onchain_request(direct, currency="chf"))
        with pytest.raises(CreditorChanged, match="account for CHF payments changed") as caught:
            place_order(swapped, store, onchain_request(swapped, currency="chf"))
        assert first.payment_method.creditor_iban in caught.value.message
        assert [o.id for o in store.orders()] == [first.id]  # nothing of it stored
        [intent] = store.unresolved_intents()
        assert intent.outcome is IntentOutcome.UNKNOWN and "CH5604835012345678009" in (
            intent.detail or "")
        # the first order of another currency is trusted; the same account again passes
        euro = place_order(swapped, store, onchain_request(swapped, currency="eur"))
        assert creditor_change(store, direct.environment, euro) is None
        again = place_order(direct, store, onchain_request(direct, currency="chf"))
        assert [o.id for o in store.orders()] == [first.id, euro.id, again.id]


def test_the_demo_keeps_its_pinned_accounts(sandbox: SandboxServer, tmp_path: Path) -> None:
    with Store(tmp_path / "p.sqlite3") as store, \
            TamperingProxy(sandbox.url, swap_creditor) as proxy, \
            pocket(proxy.url, creditor_ibans=PINNED) as pinned:
        with pytest.raises(TamperedResponse, match="not an account of Pocket's") as caught:
            place_order(pinned, store, onchain_request(pinned, currency="chf"))  # even first
        assert not isinstance(caught.value, CreditorChanged)
        assert store.orders() == []
