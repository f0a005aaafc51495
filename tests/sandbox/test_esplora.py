"""The Esplora routes: Blockstream's shapes, paging, errors as plain text, and broadcast."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from embit.script import Witness, address_to_scriptpubkey, p2pkh
from embit.transaction import Transaction, TransactionInput, TransactionOutput

from pocketgui.bitcoin import ScriptType
from pocketgui.sandbox import SandboxServer
from tests.wallet import Wallet

from .chain_kit import (
    REGTEST_GENESIS,
    SpendingKey,
    electrum_scripthash,
    esplora_scripthash,
    helpers,
    root_from_branch,
)

TX_KEYS = ["txid", "version", "locktime", "vin", "vout", "size", "weight", "fee", "status"]
VIN_KEYS = ["txid", "vout", "prevout", "scriptsig", "scriptsig_asm", "witness", "is_coinbase",
            "sequence"]
VOUT_KEYS = ["scriptpubkey", "scriptpubkey_asm", "scriptpubkey_type", "scriptpubkey_address",
             "value"]
BLOCK_KEYS = ["id", "height", "version", "timestamp", "tx_count", "size", "weight",
              "merkle_root", "previousblockhash", "mediantime", "nonce", "bits", "difficulty"]
STATS_KEYS = ["funded_txo_count", "funded_txo_sum", "spent_txo_count", "spent_txo_sum",
              "tx_count"]


def _pay(client: httpx.Client, address: str, amount: float) -> dict[str, Any]:
    answer = client.post("/v1/sandbox/chain/payments", json={"address": address,
                                                            "amount": amount})
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def test_tip_blocks_and_headers_answer_in_esploras_shapes(sandbox: SandboxServer) -> None:
    with helpers(sandbox) as client:
        tip_hash = client.get("/esplora/blocks/tip/hash")
        assert tip_hash.headers["content-type"].startswith("text/plain")
        assert client.get("/esplora/blocks/tip/height").text == "100"
        assert client.get("/esplora/block-height/100").text == tip_hash.text
        blocks = client.get("/esplora/blocks").json()
        assert [b["height"] for b in blocks] == list(range(100, 90, -1))
        assert list(blocks[0]) == BLOCK_KEYS
        assert blocks[0]["id"] == tip_hash.text and blocks[0]["tx_count"] == 1
        assert blocks[0]["previousblockhash"] == blocks[1]["id"]
        assert [b["height"] for b in client.get("/esplora/blocks/5").json()] == [5, 4, 3, 2, 1, 0]
        genesis = client.get(f"/esplora/block/{REGTEST_GENESIS}").json()
        assert "previousblockhash" not in genesis and genesis["height"] == 0
        assert client.get(f"/esplora/block/{tip_hash.text}").json() == blocks[0]
        assert len(client.get(f"/esplora/block/{tip_hash.text}/header").text) == 160
        assert client.get(f"/esplora/block/{REGTEST_GENESIS}/status").json() == {
            "in_best_chain": True, "height": 0,
            "next_best": client.get("/esplora/block-height/1").text}
        assert client.get(f"/esplora/block/{tip_hash.text}/status").json()["next_best"] is None
        (coinbase,) = client.get(f"/esplora/block/{tip_hash.text}/txids").json()
        assert client.get(f"/esplora/block/{tip_hash.text}/txid/0").text == coinbase
        (tx,) = client.get(f"/esplora/block/{tip_hash.text}/txs").json()
        assert tx["vin"][0]["is_coinbase"] is True and tx["vin"][0]["prevout"] is None
        assert tx["vin"][0]["vout"] == 4294967295 and tx["fee"] == 0
        assert tx["vout"][1]["scriptpubkey_type"] == "op_return"
        assert "scriptpubkey_address" not in tx["vout"][1]


def test_transactions_statuses_proofs_and_outspends(sandbox: SandboxServer) -> None:
    wallet = Wallet(ScriptType.P2WPKH)
    with helpers(sandbox) as client:
        paid = _pay(client, wallet.address("0/1"), 0.3)
        tx = client.get(f"/esplora/tx/{paid['txid']}").json()
        assert list(tx) == TX_KEYS and list(tx["vin"][0]) == VIN_KEYS
        assert list(tx["vout"][0]) == VOUT_KEYS
        out = tx["vout"][paid["outpoint"]]
        assert (out["scriptpubkey_address"], out["value"]) == (wallet.address("0/1"), 30_000_000)
        assert out["scriptpubkey_type"] == "v0_p2wpkh"
        assert out["scriptpubkey_asm"] == "OP_0 OP_PUSHBYTES_20 " + out["scriptpubkey"][4:]
        assert tx["status"] == {"confirmed": False}
        assert client.get(f"/esplora/tx/{paid['txid']}/raw").content.hex() == client.get(
            f"/esplora/tx/{paid['txid']}/hex").text
        assert client.get(f"/esplora/tx/{paid['txid']}/merkle-proof").status_code == 404
        spent = tx["vin"][0]
        assert client.get(f"/esplora/tx/{spent['txid']}/outspend/{spent['vout']}").json() == {
            "spent": True, "txid": paid["txid"], "vin": 0, "status": {"confirmed": False}}

        height = client.post("/v1/sandbox/blocks").json()["height"]
        block_hash = client.get(f"/esplora/block-height/{height}").text
        status = client.get(f"/esplora/tx/{paid['txid']}/status").json()
        assert status == {"confirmed": True, "block_height": height, "block_hash": block_hash,
                          "block_time": client.get(f"/esplora/block/{block_hash}").json()[
                              "timestamp"]}
        proof = client.get(f"/esplora/tx/{paid['txid']}/merkle-proof").json()
        assert (proof["block_height"], proof["pos"]) == (height, 1)
        merkle_root = client.get(f"/esplora/block/{block_hash}").json()["merkle_root"]
        assert root_from_branch(paid["txid"], proof["merkle"], proof["pos"]) == merkle_root
        outspends = client.get(f"/esplora/tx/{paid['txid']}/outspends").json()
        assert outspends == [{"spent": False}] * 2


def test_address_and_scripthash_pages_hold_50_unconfirmed_then_25_confirmed(
    sandbox: SandboxServer,
) -> None:
    address = Wallet(ScriptType.P2WPKH).address("0/2")
    script = bytes(address_to_scriptpubkey(address).data)
    with helpers(sandbox) as client:
        confirmed = [_pay(client, address, 0.001)["txid"] for _ in range(30)]
        client.post("/v1/sandbox/blocks")
        pending = [_pay(client, address, 0.002)["txid"] for _ in range(3)]
        first = client.get(f"/esplora/address/{address}/txs").json()
        assert [t["txid"] for t in first] == pending[::-1] + confirmed[::-1][:25]
        by_scripthash = client.get(f"/esplora/scripthash/{esplora_scripthash(script)}/txs")
        assert by_scripthash.json() == first
        rest = client.get(f"/esplora/address/{address}/txs/chain/{first[-1]['txid']}").json()
        assert [t["txid"] for t in rest] == confirmed[::-1][25:]
        assert [t["txid"] for t in client.get(
            f"/esplora/address/{address}/txs/mempool").json()] == pending[::-1]
        stats = client.get(f"/esplora/address/{address}").json()
        assert list(stats) == ["address", "chain_stats", "mempool_stats"]
        assert list(stats["chain_stats"]) == STATS_KEYS
        assert stats["chain_stats"]["funded_txo_sum"] == 3_000_000
        assert stats["mempool_stats"]["tx_count"] == 3
        utxo = client.get(f"/esplora/scripthash/{esplora_scripthash(script)}/utxo").json()
        assert len(utxo) == 33 and set(utxo[0]) == {"txid", "vout", "status", "value"}
        # Electrum's (reversed) scripthash is another script's key here: nothing found.
        assert client.get(f"/esplora/scripthash/{electrum_scripthash(script)}/txs").json() == []


@pytest.mark.parametrize("path", [
    "/esplora/tx/nothex", "/esplora/tx/" + "0" * 64, "/esplora/block/" + "0" * 64,
    "/esplora/block-height/999999", "/esplora/block-height/-1", "/esplora/blocks/x",
    "/esplora/address/notanaddress/txs", "/esplora/scripthash/12/txs",
    "/esplora/block/" + REGTEST_GENESIS + "/txid/5", "/esplora/tx/" + "0" * 64 + "/outspend/9",
    "/esplora/block/" + REGTEST_GENESIS + "/txs/7", "/esplora/nothing/here",
])
def test_bad_requests_answer_4xx_as_plain_text(sandbox: SandboxServer, path: str) -> None:
    with helpers(sandbox) as client:
        answer = client.get(path)
        assert 400 <= answer.status_code < 500, (path, answer.status_code)


def test_a_signed_transaction_can_be_broadcast_and_a_bad_one_is_refused(
    sandbox: SandboxServer,
) -> None:
    key = SpendingKey()
    with helpers(sandbox) as client:
        funding = _pay(client, key.address, 0.01)
        fees = client.get("/esplora/fee-estimates").json()
        assert set(fees) >= {"1", "6", "144"} and all(v > 0 for v in fees.values())
        spend = Transaction(version=2, vin=[TransactionInput(
            bytes.fromhex(funding["txid"]), funding["outpoint"])], vout=[TransactionOutput(
                999_000, address_to_scriptpubkey(key.address))], locktime=0)
        public = key.key.get_public_key()
        digest = spend.sighash_segwit(0, p2pkh(public), 1_000_000)
        good_witness = Witness([key.key.sign(digest).serialize() + b"\x01", public.sec()])
        spend.vin[0].witness = Witness([bytes(71), public.sec()])
        refused = client.post("/esplora/tx", content=spend.serialize().hex())
        assert refused.status_code == 400 and "mandatory-script-verify" in refused.text
        spend.vin[0].witness = good_witness
        accepted = client.post("/esplora/tx", content=spend.serialize().hex())
        assert accepted.status_code == 200, accepted.text
        assert accepted.text == spend.txid().hex()
        assert client.get(f"/esplora/tx/{accepted.text}").json()["fee"] == 1000
        again = client.post("/esplora/tx", content=spend.serialize().hex())
        assert again.status_code == 400
        assert client.post("/esplora/tx", content="zz").status_code == 400
        assert accepted.text in client.get("/esplora/mempool/txids").json()
        assert client.get("/esplora/mempool").json()["count"] == 2
