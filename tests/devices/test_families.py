"""The device table (devices/families.py): what each family is offered, told and refused."""

from __future__ import annotations

from dataclasses import replace

import hwilib.devices
import pytest

from pocketgui.bitcoin import ScriptType
from pocketgui.devices import UnsupportedOperation
from pocketgui.devices.families import FAMILIES, SigningScreen, family
from pocketgui.devices.hwi import device_info

ADDRESS, PATH = "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", "m/84h/0h/0h/0/0"


def test_every_family_hwi_supports_is_in_the_table() -> None:
    assert set(hwilib.devices.__all__) == set(FAMILIES)


def test_bitbox02_is_offered_only_the_segwit_types_it_can_sign() -> None:
    bitbox = family("bitbox02")
    assert not bitbox.offers(ScriptType.P2PKH)
    assert bitbox.offers(ScriptType.P2WPKH) and bitbox.offers(ScriptType.P2SH_P2WPKH)


@pytest.mark.parametrize("name", ["trezor", "keepkey", "coldcard", "ledger", "jade"])
def test_families_with_a_screen_are_offered_every_type(name: str) -> None:
    assert all(family(name).offers(t) for t in ScriptType)
    assert family(name).refusal() == ""


def test_a_device_without_a_screen_is_refused_with_the_reason() -> None:
    reason = family("digitalbitbox").refusal()
    assert "no screen" in reason and "cannot show you the payout address" in reason


def test_jade_needs_requests_for_its_pin_server_and_says_so_when_missing() -> None:
    jade = family("jade")
    assert jade.needs_modules == ("requests",)
    assert jade.refusal() == ""  # a dependency of pocketgui: installed
    missing = replace(jade, needs_modules=("pocketgui_no_such_module",))
    assert "PIN server" in missing.refusal() and "pocketgui_no_such_module" in missing.refusal()


def test_enumerate_marks_a_refused_family_with_its_reason_and_no_pin_entry() -> None:
    entry = {"type": "digitalbitbox", "path": "0001:0005:00", "needs_pin_sent": True,
             "fingerprint": "01020304"}
    info = device_info(entry, [])
    assert isinstance(info.error, UnsupportedOperation)
    assert "no screen" in str(info.error)
    assert not info.needs_pin and info.fingerprint is None


@pytest.mark.parametrize(("name", "expected"), [
    ("trezor", ADDRESS),  # "Message signed by:" and the address
    ("coldcard", ADDRESS),  # "Using the key associated with address: …"
    ("bitbox02", ADDRESS),  # "Address" screen before the message
    ("keepkey", "only the message"),
    ("ledger", PATH),
    ("jade", PATH),
])
def test_the_person_is_told_what_their_device_shows_while_signing(
    name: str, expected: str
) -> None:
    notice = family(name).signing_notice(ADDRESS, PATH)
    assert expected in notice and family(name).name in notice


def test_families_that_name_the_address_sign_for_its_type_where_the_firmware_allows() -> None:
    own = {name for name, f in FAMILIES.items() if f.signs_own_type}
    assert own == {"trezor", "keepkey", "coldcard"}
    assert family("keepkey").signing_screen is SigningScreen.MESSAGE_ONLY


def test_an_unknown_family_is_told_the_cautious_thing() -> None:
    unknown = family("newwallet")
    assert unknown.refusal() == "" and PATH in unknown.signing_notice(ADDRESS, PATH)
