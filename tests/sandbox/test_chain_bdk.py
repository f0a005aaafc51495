"""Acceptance: the real BDK client (bdkpython) syncs a watch-only wallet from the sandbox's
chain over Electrum and over Esplora, and sees a payout unconfirmed, then confirmed."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import bdkpython as bdk
import pytest

from pocketgui.bitcoin import ScriptType
from pocketgui.sandbox import SandboxServer
from tests.wallet import Wallet

from .chain_kit import helpers, tpub_descriptor
from .wallet import create_order, onchain_order_body, transfer

STOP_GAP = 20


def _scan(server: SandboxServer, source: str) -> bdk.Wallet:
    """A fresh watch-only wallet of the test seed's account, fully scanned from `source`."""
    descriptor = bdk.Descriptor(tpub_descriptor(), bdk.NetworkKind.TEST)
    wallet = bdk.Wallet.create_single(descriptor, bdk.Network.REGTEST,
                                      bdk.Persister.new_in_memory())
    request = wallet.start_full_scan().build()
    update: Any
    if source == "electrum":
        assert server.electrum_url is not None
        update = bdk.ElectrumClient(server.electrum_url).full_scan(request, STOP_GAP, 10, False)
    else:
        update = bdk.EsploraClient(server.esplora_url).full_scan(request, STOP_GAP, 2)
    wallet.apply_update(update)
    return wallet


@pytest.mark.parametrize("source", ["electrum", "esplora"])
def test_bdk_sees_a_payout_unconfirmed_then_confirmed_at_its_height(
    sandbox_factory: Callable[..., SandboxServer], source: str
) -> None:
    server = sandbox_factory(electrum_port=0)
    wallet = Wallet(ScriptType.P2WPKH)
    with helpers(server) as client:
        # the order's payouts start at 0/4: BDK's gap finds them past unused addresses
        order = create_order(client, onchain_order_body(client, wallet, path="0/4",
                                                        extended=True))
        exchange = transfer(client, order["id"], "100.00").json()
        payout = exchange["payout"]
        sats = int(Decimal(str(payout["amount"])) * 100_000_000)

        seen = _scan(server, source)
        (tx,) = seen.transactions()
        assert str(tx.transaction.compute_txid()) == payout["txid"]
        assert isinstance(tx.chain_position, bdk.ChainPosition.UNCONFIRMED)
        assert seen.balance().untrusted_pending.to_sat() == sats
        assert seen.balance().confirmed.to_sat() == 0
        assert seen.derivation_index(bdk.KeychainKind.EXTERNAL) == 4

        height = client.post("/v1/sandbox/blocks", json={"count": 2}).json()["height"]
        assert client.get(f"/v1/exchanges/{exchange['id']}").json()["payout"][
            "block_height"] == height - 1

    seen = _scan(server, source)
    (tx,) = seen.transactions()
    position = tx.chain_position
    assert isinstance(position, bdk.ChainPosition.CONFIRMED)
    assert position.confirmation_block_time.block_id.height == height - 1
    assert seen.balance().confirmed.to_sat() == sats == seen.balance().total.to_sat()
    assert seen.latest_checkpoint().height == height
    (utxo,) = seen.list_unspent()
    assert (str(utxo.outpoint.txid), utxo.outpoint.vout) == (payout["txid"], payout["outpoint"])
