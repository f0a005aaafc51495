"""The on-chain proof as one object: what the flow keeps, drops and sends on chain."""

from __future__ import annotations

import pytest

from pocketgui.bitcoin.networks import Network, ScriptType
from pocketgui.devices.base import Account, AccountKey
from pocketgui.flow.flow_data import FlowData
from pocketgui.flow.onchain_proof import OnchainProof
from tests.wallet import Wallet


def proved() -> OnchainProof:
    wallet = Wallet()
    key = AccountKey(Account(ScriptType.P2WPKH, 0, Network.REGTEST), "73c5da0a", wallet.xpub,
                     wallet.xpub)
    proof = OnchainProof()
    proof.read(key, key.address(3))
    proof.confirm(key.address(3))
    proof.signature = wallet.sign("I confirm my bitcoin wallet. [t]", "0/3")
    return proof


def test_forget_drops_the_address_its_confirmation_and_the_signature() -> None:
    proof = proved()
    proof.forget()
    assert proof == OnchainProof()


def test_the_payout_carries_the_account_key_only_with_fresh_addresses() -> None:
    proof = proved()
    fresh = proof.payout_request("m", fresh_addresses=True, address_index=3, gap_limit=20)
    fixed = proof.payout_request("m", fresh_addresses=False, address_index=3, gap_limit=20)
    assert (fresh.derivation_path, fresh.gap_limit) == ("0/3", 20)
    assert fresh.extended_public_key == Wallet().xpub
    assert (fixed.extended_public_key, fixed.derivation_path, fixed.gap_limit) == (None, None, None)
    assert fixed.bitcoin_address == fresh.bitcoin_address == Wallet().address("0/3")


def test_the_bip137_form_changes_the_header_but_not_for_p2pkh() -> None:
    proof = proved()
    assert proof.bip137_signature(ScriptType.P2WPKH) != proof.signature
    assert proof.bip137_signature(ScriptType.P2PKH) == proof.signature


def test_the_flow_data_reads_the_proof_and_refuses_a_write_past_it() -> None:
    data = FlowData()
    data.onchain = proved()
    assert (data.address, data.address_confirmed) == (Wallet().address("0/3"), True)
    with pytest.raises(AttributeError):
        data.address = "bcrt1qsomeoneelse"  # type: ignore[misc]
