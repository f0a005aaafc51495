"""The sandbox's chain, checked from the outside: genesis, linked headers, proof of work,
merkle roots, BIP-34 heights, witness commitments, signed payouts, and a restart."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from embit import compact
from embit.ec import PublicKey, Signature
from embit.script import address_to_scriptpubkey, p2pkh
from embit.transaction import Transaction

from pocketgui.bitcoin import Network, ScriptType
from pocketgui.sandbox import SandboxServer
from tests.wallet import Wallet

from .chain_kit import (
    REGTEST_GENESIS,
    display,
    header_fields,
    helpers,
    merkle_root,
    sha256d,
    target_of,
)
from .wallet import create_order, error_of, onchain_order_body, transfer


def _block(client: httpx.Client, height: int) -> tuple[bytes, list[Transaction], list[bytes]]:
    """(header, transactions, raw transactions) of the block at `height`, from its raw bytes."""
    block_hash = client.get(f"/esplora/block-height/{height}").text
    raw = client.get(f"/esplora/block/{block_hash}/raw").content
    stream = io.BytesIO(raw)
    header = stream.read(80)
    count = compact.read_from(stream)
    txs, raws = [], []
    for _ in range(count):
        start = stream.tell()
        txs.append(Transaction.read_from(stream))
        raws.append(raw[start:stream.tell()])
    assert stream.read() == b""
    assert display(sha256d(header)) == block_hash
    return header, txs, raws


def _stripped(tx: Transaction) -> bytes:
    """The serialization without witnesses: what a txid hashes."""
    out = tx.version.to_bytes(4, "little") + compact.to_bytes(len(tx.vin))
    out += b"".join(txin.serialize() for txin in tx.vin)
    out += compact.to_bytes(len(tx.vout)) + b"".join(o.serialize() for o in tx.vout)
    return out + tx.locktime.to_bytes(4, "little")


def test_chain_starts_at_the_regtest_genesis_with_100_mature_ready_blocks(
    sandbox: SandboxServer,
) -> None:
    with helpers(sandbox) as client:
        assert client.get("/esplora/block-height/0").text == REGTEST_GENESIS
        header, txs, _ = _block(client, 0)
        assert display(sha256d(header)) == REGTEST_GENESIS
        assert header_fields(header)["merkle_root"] == txs[0].txid().hex()
        assert client.get("/v1/sandbox/chain/tip").json()["height"] == 100


def test_every_block_links_meets_its_target_and_commits_to_its_transactions(
    sandbox: SandboxServer,
) -> None:
    wallet = Wallet(ScriptType.P2WPKH)
    with helpers(sandbox) as client:
        order = create_order(client, onchain_order_body(client, wallet, extended=True))
        for _ in range(3):
            assert transfer(client, order["id"], "100.00").status_code == 201
        client.post("/v1/sandbox/chain/payments",
                    json={"address": wallet.address("1/7"), "amount": 0.5})
        tip = client.post("/v1/sandbox/blocks", json={"count": 2}).json()["height"]
        previous = header_fields(_block(client, 0)[0])
        previous_hash = REGTEST_GENESIS
        for height in range(1, tip + 1):
            header, txs, raws = _block(client, height)
            fields = header_fields(header)
            assert fields["prev"] == previous_hash
            assert fields["bits"] == 0x207FFFFF
            assert int.from_bytes(sha256d(header), "little") <= target_of(fields["bits"])
            assert fields["time"] > previous["time"]
            txids = [display(sha256d(_stripped(tx))) for tx in txs]
            assert txids == [tx.txid().hex() for tx in txs]
            assert fields["merkle_root"] == merkle_root(txids)
            assert client.get(f"/esplora/block/{display(sha256d(header))}/txids").json() == txids
            coinbase = txs[0]
            script_sig = coinbase.vin[0].script_sig.data
            pushed = (script_sig[0] - 0x50 if 0x51 <= script_sig[0] <= 0x60 else
                      int.from_bytes(script_sig[1:1 + script_sig[0]], "little"))
            assert pushed == height  # BIP-34
            # BIP-141: the coinbase commits to the wtxids (its own counted as zeros)
            wtxids = [bytes(32)] + [sha256d(raw) for raw in raws[1:]]
            witness_root = bytes.fromhex(merkle_root([display(w) for w in wtxids]))[::-1]
            reserved = coinbase.vin[0].witness.items[0]
            commitment = sha256d(witness_root + reserved)
            assert coinbase.vout[-1].script_pubkey.data == b"\x6a\x24\xaa\x21\xa9\xed" + commitment
            assert sum(o.value for o in coinbase.vout) <= 50 * 10**8 + 190 * (len(txs) - 1)
            previous, previous_hash = fields, display(sha256d(header))
        assert len(_block(client, 101)[1]) == 5  # the coinbase, three payouts, one payment


def test_a_payout_is_a_signed_transaction_paying_the_exchanges_address_and_amount(
    sandbox: SandboxServer,
) -> None:
    wallet = Wallet(ScriptType.P2WPKH)
    with helpers(sandbox) as client:
        order = create_order(client, onchain_order_body(client, wallet, extended=True))
        exchange = transfer(client, order["id"], "100.00").json()
        payout = exchange["payout"]
        raw = bytes.fromhex(client.get(f"/esplora/tx/{payout['txid']}/hex").text)
        tx = Transaction.parse(raw)
        assert tx.txid().hex() == payout["txid"]
        paid = tx.vout[payout["outpoint"]]
        assert paid.script_pubkey == address_to_scriptpubkey(payout["bitcoin_address"])
        assert payout["bitcoin_address"] == wallet.address("0/0")
        assert Decimal(paid.value) / 10**8 == Decimal(str(payout["amount"]))
        assert len(tx.vout) == 2  # and the change back to the hot wallet
        esplora = client.get(f"/esplora/tx/{payout['txid']}").json()
        spent_values = [vin["prevout"]["value"] for vin in esplora["vin"]]
        assert sum(spent_values) - sum(o.value for o in tx.vout) == 190 == esplora["fee"]
        for index, _vin in enumerate(esplora["vin"]):  # BIP-143 signatures verify
            signature, public = tx.vin[index].witness.items
            key = PublicKey.parse(public)
            digest = tx.sighash_segwit(index, p2pkh(key), spent_values[index])
            assert key.verify(Signature.parse(signature[:-1]), digest)
        assert esplora["status"] == {"confirmed": False}

        height = client.post("/v1/sandbox/blocks", json={"count": 1}).json()["height"]
        confirmed = client.get(f"/v1/exchanges/{exchange['id']}").json()["payout"]
        assert (confirmed["confirmed"], confirmed["block_height"]) == (True, height)
        assert payout["txid"] in client.get(
            f"/esplora/block/{client.get(f'/esplora/block-height/{height}').text}/txids").json()


def test_payouts_that_round_to_zero_bitcoin_spend_a_coin_and_get_txids_of_their_own(
    sandbox: SandboxServer,
) -> None:
    """At a rate so high that a transfer buys 0 BTC, each payout is still a valid transaction
    with an input; two such payouts once built the same input-less transaction twice."""
    with helpers(sandbox) as client:
        order = create_order(client, onchain_order_body(client, Wallet(ScriptType.P2WPKH)))
        client.post("/v1/sandbox/rates", json={"pair": "btc/chf", "rate": 100_000_000})
        txids = []
        for _ in range(2):
            answer = transfer(client, order["id"], "0.02")
            assert answer.status_code == 201, answer.text
            payout = answer.json()["payout"]
            raw = client.get(f"/esplora/tx/{payout['txid']}/hex").text
            tx = Transaction.parse(bytes.fromhex(raw))
            assert tx.vin and tx.vout[payout["outpoint"]].value == 0
            txids.append(payout["txid"])
        assert txids[0] != txids[1]


def test_the_payment_helper_pays_any_address_of_the_network_and_refuses_the_rest(
    sandbox: SandboxServer,
) -> None:
    wallet = Wallet(ScriptType.P2WPKH)
    with helpers(sandbox) as client:
        paid = client.post("/v1/sandbox/chain/payments",
                           json={"address": wallet.address("0/3"), "amount": 0.25})
        assert paid.status_code == 201, paid.text
        body = paid.json()
        assert set(body) == {"txid", "outpoint", "address", "amount", "fee"}
        tx = Transaction.parse(bytes.fromhex(client.get(f"/esplora/tx/{body['txid']}/hex").text))
        assert tx.vout[body["outpoint"]].value == 25_000_000
        mainnet = Wallet(ScriptType.P2WPKH, Network.MAINNET)
        for address in ("nonsense", mainnet.address("0/0")):
            refused = client.post("/v1/sandbox/chain/payments",
                                  json={"address": address, "amount": 0.1})
            assert (refused.status_code, error_of(refused)) == (400, "invalid_bitcoin_address")
        for amount in (0, -1, 21.5, 0.123456789):
            refused = client.post("/v1/sandbox/chain/payments",
                                  json={"address": wallet.address(), "amount": amount})
            assert (refused.status_code, error_of(refused)) == (400, "invalid_amount")
        # 50 BTC are spendable at the start: the third 21 BTC payment finds too little.
        for expected in (201, 201, 400):
            answer = client.post("/v1/sandbox/chain/payments",
                                 json={"address": wallet.address(), "amount": 21})
            assert answer.status_code == expected, answer.text
        assert error_of(answer) == "invalid_amount"
        tip = client.get("/v1/sandbox/chain/tip").json()
        assert client.get("/esplora/blocks/tip/hash").text == tip["hash"]


def test_a_restart_keeps_the_chain_the_mempool_and_the_hot_wallet(
    sandbox_factory: Callable[..., SandboxServer], tmp_path: Path
) -> None:
    db = str(tmp_path / "sandbox.sqlite3")
    wallet = Wallet(ScriptType.P2WPKH)
    first = sandbox_factory(db_path=db)
    with helpers(first) as client:
        client.post("/v1/sandbox/blocks", json={"count": 3})
        pending = client.post("/v1/sandbox/chain/payments",
                              json={"address": wallet.address(), "amount": 1}).json()
        tip = client.get("/v1/sandbox/chain/tip").json()
    first.stop()
    second = sandbox_factory(db_path=db)
    with helpers(second) as client:
        assert client.get("/v1/sandbox/chain/tip").json() == tip
        assert client.get(f"/esplora/tx/{pending['txid']}/status").json() == {"confirmed": False}
        height = client.post("/v1/sandbox/blocks").json()["height"]
        assert height == tip["height"] + 1
        assert client.get(f"/esplora/tx/{pending['txid']}/status").json()["block_height"] == height
        assert client.post("/v1/sandbox/chain/payments",
                           json={"address": wallet.address(), "amount": 1}).status_code == 201


def test_the_demo_bank_pays_an_address_and_reads_the_tip(sandbox: SandboxServer) -> None:
    from pocketgui.api.errors import ApiError
    from pocketgui.flow.demo_bank import DemoBank

    bank = DemoBank(sandbox.url, "alice")
    try:
        address = Wallet(ScriptType.P2WPKH).address("0/9")
        txid = bank.pay_address(address, Decimal("0.0042"))
        with helpers(sandbox) as client:
            assert 420_000 in [o["value"] for o in client.get(f"/esplora/tx/{txid}").json()["vout"]]
            height = bank.mine(1)
            assert bank.chain_tip() == (height, client.get("/esplora/blocks/tip/hash").text)
            assert client.get(f"/esplora/tx/{txid}/status").json()["block_height"] == height
        with pytest.raises(ApiError) as refused:
            bank.pay_address("bcrt1qnotanaddress", Decimal("0.01"))
        assert refused.value.code == "invalid_bitcoin_address"
    finally:
        bank.close()


def test_a_payout_from_a_database_older_than_the_chain_confirms_in_the_next_block(
    sandbox: SandboxServer,
) -> None:
    wallet = Wallet(ScriptType.P2WPKH)
    with helpers(sandbox) as client:
        order = create_order(client, onchain_order_body(client, wallet))
        exchange = transfer(client, order["id"], "100.00").json()
        assert sandbox.sandbox is not None
        with sandbox.sandbox.db.transaction() as cx:  # as the sandbox wrote payouts before
            legacy = {**exchange["payout"], "txid": "ab" * 32}
            cx.execute("UPDATE exchanges SET payout = ? WHERE id = ?",
                       (json.dumps(legacy), exchange["id"]))
        height = client.post("/v1/sandbox/blocks", json={"count": 2}).json()["height"]
        payout = client.get(f"/v1/exchanges/{exchange['id']}").json()["payout"]
        assert (payout["txid"], payout["confirmed"], payout["block_height"]) == (
            "ab" * 32, True, height - 1)
