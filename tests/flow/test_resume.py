"""The unfinished wizard comes back after a restart, with only what is still valid."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pocketgui.bitcoin import ScriptType
from pocketgui.flow import Draft, PurchaseFlow, load_draft, save_draft
from pocketgui.flow.demo import Demo
from tests.flow.conftest import IBAN, unlock


def test_choices_come_back_but_no_challenge_or_confirmation(demo: Demo) -> None:
    flow = PurchaseFlow(demo.services)
    unlock(flow, demo)
    flow.set_account(ScriptType.P2SH_P2WPKH, 2, 5)
    flow.set_payment(currency="CHF", iban=IBAN, fee_rate=Decimal("0.03"),
                     fresh_addresses=False)
    flow.close()

    again = PurchaseFlow(demo.services)  # the app restarted
    assert again.data.resumed is not None
    assert (again.data.currency, again.data.iban, again.data.fee_rate) == (
        "CHF", IBAN, Decimal("0.03"))
    assert again.data.fresh_addresses is False
    assert again.data.account_index == 0  # the wallet is not known to be the same yet
    unlock(again, demo)
    assert (again.data.script_type, again.data.account_index, again.data.address_index) == (
        ScriptType.P2SH_P2WPKH, 2, 5)
    assert not again.data.address_confirmed and again.data.challenge is None


def test_a_created_order_clears_the_draft(demo: Demo) -> None:
    from tests.flow.conftest import through_payment

    flow = PurchaseFlow(demo.services)
    through_payment(flow, demo)
    flow.create_order()
    assert load_draft(demo.services.draft_path) is None
    assert PurchaseFlow(demo.services).data.resumed is None


def test_unreadable_or_foreign_drafts_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text("{not json")
    assert load_draft(path) is None
    path.write_text('{"account_index": "x"}')
    assert load_draft(path) is None
    save_draft(path, Draft(environment="production", iban=IBAN))
    assert load_draft(path) == Draft(environment="production", iban=IBAN)
