"""The flow acts on the device table: what it offers each family, refuses, and tells."""

from __future__ import annotations

import pytest

from pocketgui.bitcoin import ScriptType
from pocketgui.devices import DeviceInfo, UnsupportedOperation
from pocketgui.flow import PurchaseFlow
from pocketgui.flow.demo import Demo
from tests.flow.conftest import unlock
from tests.flow.stand_in import list_as


def test_a_bitbox02_is_offered_no_legacy_and_cannot_be_set_to_it(demo: Demo) -> None:
    list_as(demo, "bitbox02")
    flow = PurchaseFlow(demo.services)
    flow.data.script_type = ScriptType.P2PKH  # e.g. from a draft made with another wallet
    unlock(flow, demo)
    assert flow.offered_script_types() == [ScriptType.P2WPKH, ScriptType.P2SH_P2WPKH]
    assert flow.data.script_type is ScriptType.P2WPKH  # what it can sign, not what it cannot
    with pytest.raises(ValueError, match="BitBox02"):
        flow.set_account(ScriptType.P2PKH, 0, 0)
    flow.set_account(ScriptType.P2SH_P2WPKH, 0, 0)
    assert flow.read_address()  # and it works for what is offered


def test_a_trezor_is_offered_every_type_and_told_the_address_it_signs_for(demo: Demo) -> None:
    flow = PurchaseFlow(demo.services)
    unlock(flow, demo)
    assert set(flow.offered_script_types()) == set(ScriptType)
    flow.next()
    flow.read_address()
    notice = flow.signing_notice()
    assert flow.device_form() in notice and "Trezor" in notice  # the device's tb1… form


def test_a_ledger_user_is_told_the_device_shows_the_path_not_the_address(demo: Demo) -> None:
    list_as(demo, "ledger")
    flow = PurchaseFlow(demo.services)
    unlock(flow, demo)
    flow.next()
    flow.read_address()
    assert "m/84h/1h/0h/0/0" in flow.signing_notice()
    assert "not the address" in flow.signing_notice()


def test_a_device_without_a_screen_is_refused_before_anything_is_asked(demo: Demo) -> None:
    flow = PurchaseFlow(demo.services)
    with pytest.raises(UnsupportedOperation, match="no screen"):
        flow.choose_device(DeviceInfo(type="digitalbitbox", path="0001:0005:00"))
    assert flow.wallet is None and flow.data.device is None
