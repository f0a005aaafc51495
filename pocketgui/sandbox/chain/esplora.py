"""An Esplora-compatible REST subset (Blockstream's esplora/electrs `API.md`) at `/esplora`.

Public chain data, so no authentication. Shapes follow electrs field by field (key order,
compact JSON, text answers for heights and hashes, plain-text 400/404 errors), because BDK's
`esplora-client` and other wallets parse them. Plain Starlette routes, not FastAPI: a wallet's
full scan makes a request per address, and each must stay cheap.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from pocketgui.sandbox.chain import ledger, render
from pocketgui.sandbox.chain.blocks import parse_tx
from pocketgui.sandbox.chain.hashing import scripthash
from pocketgui.sandbox.chain.scripts import InvalidChainAddress, script_for_address
from pocketgui.sandbox.error_edge import answer_errors
from pocketgui.sandbox.store import Database

log = logging.getLogger(__name__)

PREFIX = "/esplora"
MEMPOOL_PAGE = 50
CHAIN_PAGE = 25
BLOCKS_PAGE = 10
_HASH = re.compile(r"^[0-9a-fA-F]{64}$")
MAX_TX_BYTES = 400_000


class EsploraError(Exception):
    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text


def _text(body: str | int) -> Response:
    return Response(str(body), media_type="text/plain")


def _json(body: Any) -> Response:
    return Response(json.dumps(body, separators=(",", ":")), media_type="application/json")


def _hash(text: str) -> str:
    if not _HASH.match(text):
        raise EsploraError(400, "Invalid hex string")
    return text.lower()


def _int(text: str) -> int:
    if not text.isdigit() or len(text) > 10:
        raise EsploraError(400, f"Invalid integer: {text[:20]}")
    return int(text)


def create_esplora_app(db: Database, views: render.Views) -> Router:
    network = views.network

    def read(work: Callable[[sqlite3.Connection], Response]) -> Response:
        try:
            with db.transaction() as cx:
                return work(cx)
        except EsploraError as exc:
            return Response(exc.text, status_code=exc.status, media_type="text/plain")

    def route(path: str, work: Callable[[sqlite3.Connection, dict[str, str]], Response],
              methods: tuple[str, ...] = ("GET",)) -> Route:
        async def endpoint(request: Request) -> Response:
            params = {k: str(v) for k, v in request.path_params.items()}
            return read(lambda cx: work(cx, params))

        return Route(path, endpoint, methods=list(methods))

    def block_of(cx: sqlite3.Connection, block_hash: str) -> ledger.Block:
        block = ledger.block_by_hash(cx, _hash(block_hash))
        if block is None:
            raise EsploraError(404, "Block not found")
        return block

    def tx_of(cx: sqlite3.Connection, txid: str) -> ledger.TxRow:
        row = ledger.tx(cx, _hash(txid))
        if row is None:
            raise EsploraError(404, "Transaction not found")
        return row

    def tip(cx: sqlite3.Connection) -> ledger.Block:
        block = ledger.tip(cx)
        assert block is not None
        return block

    # -- blocks -------------------------------------------------------------------------------

    def blocks(cx: sqlite3.Connection, p: dict[str, str]) -> Response:
        start = _int(p["start"]) if "start" in p else tip(cx).height
        return _json([views.block(cx, b) for b in ledger.blocks_down_from(cx, start,
                                                                          BLOCKS_PAGE)])

    def block_height(cx: sqlite3.Connection, p: dict[str, str]) -> Response:
        block = ledger.block_at(cx, _int(p["height"]))
        if block is None:
            raise EsploraError(404, "Block not found")
        return _text(block.hash)

    def block_txs(cx: sqlite3.Connection, p: dict[str, str]) -> Response:
        block = block_of(cx, p["hash"])
        start = _int(p.get("start", "0"))
        if start % CHAIN_PAGE or start >= block.tx_count:
            raise EsploraError(400, "start index must be a multiple of 25")
        rows = ledger.block_txs(cx, block.height)[start:start + CHAIN_PAGE]
        return _json([views.tx(cx, row) for row in rows])

    def block_txid(cx: sqlite3.Connection, p: dict[str, str]) -> Response:
        txids = ledger.block_txids(cx, block_of(cx, p["hash"]).height)
        index = _int(p["index"])
        if index >= len(txids):
            raise EsploraError(404, "tx index out of range")
        return _text(txids[index])

    def block_raw(cx: sqlite3.Connection, p: dict[str, str]) -> Response:
        block = block_of(cx, p["hash"])
        return Response(views.raw_block(cx, block), media_type="application/octet-stream")

    # -- transactions ---------------------------------------------------------------------------

    def merkle_proof(cx: sqlite3.Connection, p: dict[str, str]) -> Response:
        row = tx_of(cx, p["txid"])
        if row.height is None or row.position is None:
            raise EsploraError(404, "Transaction not found or is unconfirmed")
        branch = views.merkle_branch(cx, row.height, row.position)
        return _json({"block_height": row.height, "merkle": branch, "pos": row.position})

    def outspend(cx: sqlite3.Connection, p: dict[str, str]) -> Response:
        row = tx_of(cx, p["txid"])
        output = ledger.output(cx, row.txid, _int(p["vout"]))
        if output is None:
            raise EsploraError(404, "Output not found")  # electrs: {"spent": false} on bad vout
        return _json(views.outspend(cx, output))

    def outspends(cx: sqlite3.Connection, p: dict[str, str]) -> Response:
        row = tx_of(cx, p["txid"])
        return _json([views.outspend(cx, o) for o in ledger.outputs_of(cx, row.txid)])

    # -- scripthashes and addresses ------------------------------------------------------------

    def key_of(p: dict[str, str]) -> tuple[str, str, str]:
        """(scripthash, field name, value) of a /scripthash/… or /address/… path."""
        if "address" in p:
            try:
                script = script_for_address(p["address"], network)
            except InvalidChainAddress as exc:
                raise EsploraError(400, f"Invalid Bitcoin address: {exc}") from None
            return scripthash(script), "address", p["address"]
        given = _hash(p["scripthash"])
        # Esplora's scripthash is sha256(script) in hex as is; the index keys by Electrum's
        # (the same digest reversed).
        return bytes.fromhex(given)[::-1].hex(), "scripthash", given

    def history_page(cx: sqlite3.Connection, p: dict[str, str], mempool: bool,
                     chain: bool) -> Response:
        key, _field, _value = key_of(p)
        rows = ledger.history(cx, key)
        confirmed = [r for r in reversed(rows) if r.height is not None]  # newest first
        page: list[ledger.TxRow] = []
        if mempool:
            page += [r for r in reversed(rows) if r.height is None][:MEMPOOL_PAGE]
        if chain:
            if "last_seen" in p:
                last_seen = _hash(p["last_seen"])
                index = next((i for i, r in enumerate(confirmed) if r.txid == last_seen), None)
                confirmed = [] if index is None else confirmed[index + 1:]
            page += confirmed[:CHAIN_PAGE]
        return _json([views.tx(cx, row) for row in page])

    def stats(cx: sqlite3.Connection, p: dict[str, str]) -> Response:
        key, field, value = key_of(p)
        return _json({field: value, **views.stats(cx, key)})

    def utxo(cx: sqlite3.Connection, p: dict[str, str]) -> Response:
        key, _field, _value = key_of(p)
        coins = sorted(ledger.unspent(cx, key), key=lambda pair: (
            pair[1] is not None, -(pair[1] or 0), pair[0].txid, pair[0].vout))
        return _json([
            {"txid": o.txid, "vout": o.vout, "status": views.status(cx, height), "value": o.value}
            for o, height in coins
        ])

    # -- mempool, fees, broadcast ---------------------------------------------------------------

    def mempool_info(cx: sqlite3.Connection, p: dict[str, str]) -> Response:
        pool = ledger.mempool(cx)
        return _json({"count": len(pool), "vsize": sum(r.vsize for r in pool),
                      "total_fee": sum(r.fee for r in pool),
                      "fee_histogram": render.fee_histogram(pool)})

    def fee_estimates(cx: sqlite3.Connection, p: dict[str, str]) -> Response:
        return Response(
            "{" + ",".join(f'"{t}":{render.fee_rate(t)}' for t in render.FEE_TARGETS) + "}",
            media_type="application/json")

    def wrap(view: Callable[[sqlite3.Connection, dict[str, str]], Any]) -> Callable[
            [sqlite3.Connection, dict[str, str]], Response]:
        return lambda cx, p: _json(view(cx, p))

    async def broadcast(request: Request) -> Response:
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > 2 * MAX_TX_BYTES + 2:  # hex, and a line break
                return Response("Transaction too large", status_code=413,
                                media_type="text/plain")
        try:
            raw = bytes.fromhex(body.decode("ascii").strip())
            if not raw or len(raw) > MAX_TX_BYTES:
                raise ValueError("empty or too large")
            tx = parse_tx(raw)
        except ValueError:
            return Response("sendrawtransaction RPC error: {\"code\":-22,\"message\":\"TX decode "
                            "failed\"}", status_code=400, media_type="text/plain")
        try:
            with db.transaction() as cx:
                txid = views.accept(cx, raw, tx)
        except render.Rejected as exc:
            return Response(f"sendrawtransaction RPC error: {{\"code\":-26,\"message\":"
                            f"{json.dumps(str(exc))}}}", status_code=400,
                            media_type="text/plain")
        return _text(txid)

    # Per-address routes first: a wallet's scan asks them most, and Starlette tries in order.
    routes: list[Route] = []
    for kind, param in (("scripthash", "{scripthash}"), ("address", "{address}")):
        base = f"/{kind}/{param}"
        routes += [
            route(f"{base}/txs", lambda cx, p: history_page(cx, p, True, True)),
            route(f"{base}/txs/chain/{{last_seen}}",
                  lambda cx, p: history_page(cx, p, False, True)),
            route(f"{base}/txs/chain", lambda cx, p: history_page(cx, p, False, True)),
            route(f"{base}/txs/mempool", lambda cx, p: history_page(cx, p, True, False)),
            route(f"{base}/utxo", utxo),
            route(base, stats),
        ]
    routes += [
        route("/blocks/tip/height", lambda cx, p: _text(tip(cx).height)),
        route("/blocks/tip/hash", lambda cx, p: _text(tip(cx).hash)),
        route("/blocks", blocks),
        route("/blocks/{start}", blocks),
        route("/block-height/{height}", block_height),
        route("/block/{hash}", wrap(lambda cx, p: views.block(cx, block_of(cx, p["hash"])))),
        route("/block/{hash}/header", lambda cx, p: _text(block_of(cx, p["hash"]).header.hex())),
        route("/block/{hash}/status",
              wrap(lambda cx, p: views.block_status(cx, block_of(cx, p["hash"])))),
        route("/block/{hash}/txids",
              wrap(lambda cx, p: ledger.block_txids(cx, block_of(cx, p["hash"]).height))),
        route("/block/{hash}/txs", block_txs),
        route("/block/{hash}/txs/{start}", block_txs),
        route("/block/{hash}/txid/{index}", block_txid),
        route("/block/{hash}/raw", block_raw),
        route("/tx/{txid}", wrap(lambda cx, p: views.tx(cx, tx_of(cx, p["txid"])))),
        route("/tx/{txid}/hex", lambda cx, p: _text(tx_of(cx, p["txid"]).raw.hex())),
        route("/tx/{txid}/raw", lambda cx, p: Response(
            tx_of(cx, p["txid"]).raw, media_type="application/octet-stream")),
        route("/tx/{txid}/status",
              wrap(lambda cx, p: views.status(cx, tx_of(cx, p["txid"]).height))),
        route("/tx/{txid}/merkle-proof", merkle_proof),
        route("/tx/{txid}/outspend/{vout}", outspend),
        route("/tx/{txid}/outspends", outspends),
        Route("/tx", broadcast, methods=["POST"]),
        route("/mempool", mempool_info),
        route("/mempool/txids", wrap(lambda cx, p: [r.txid for r in ledger.mempool(cx)])),
        route("/fee-estimates", fee_estimates),
    ]
    return Router(routes=routes)


class EsploraFirst:
    """ASGI: requests under PREFIX go straight to the Esplora routes, everything else to the
    Pocket API. Dispatching before FastAPI's middleware halves the cost of a request, which a
    wallet's full scan (one request per address) pays a thousand times. A bug still answers
    400 as plain text, never 5xx."""

    def __init__(self, api: ASGIApp, esplora: ASGIApp) -> None:
        self.api = api
        self.esplora = esplora

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not (path == PREFIX or path.startswith(PREFIX + "/")):
            await self.api(scope, receive, send)
            return
        await answer_errors(self.esplora,
                            {**scope, "root_path": scope.get("root_path", "") + PREFIX},
                            receive, send,
                            Response("Bad request", status_code=400, media_type="text/plain"))
