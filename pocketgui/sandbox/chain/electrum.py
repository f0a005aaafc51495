"""An Electrum protocol server (1.4: JSON-RPC 2.0 over TCP, one JSON text per line) on the
sandbox's chain, as ElectrumX and electrs answer it; BDK's and Electrum's clients sync from it.

One asyncio loop in its own thread. Database work is short and indexed, so it runs on the loop.
Notifications: a watcher wakes when the sandbox says the chain changed (and polls as a
fallback, for changes made by another process on the same file); it sends new tips to header
subscribers and new statuses to scripthash subscribers. Bounded: connections, line length,
subscriptions and unread output; idle connections are closed. Garbage gets a JSON-RPC error.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import socket
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pocketgui.sandbox.chain import blocks, ledger, render
from pocketgui.sandbox.chain.hashing import merkle_branch, merkle_levels, to_display
from pocketgui.sandbox.store import Database

log = logging.getLogger(__name__)

PROTOCOL = "1.4"
SERVER_VERSION = "pocketgui-sandbox 0.1"
MAX_HEADERS = 2016
MAX_LINE = 8 * 1024 * 1024
MAX_SUBSCRIPTIONS = 100_000
MAX_BUFFERED = 16 * 1024 * 1024
BANNER = "pocketgui sandbox: a local regtest chain for tests and the demo"

# JSON-RPC 2.0 and ElectrumX's own codes
PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS = -32700, -32600, -32601, -32602
BAD_REQUEST, DAEMON_ERROR = 1, 2


class RpcError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _bad(message: str) -> RpcError:
    return RpcError(BAD_REQUEST, message)


@dataclass(eq=False)
class Session:
    writer: asyncio.StreamWriter
    headers: bool = False
    sent_tip: int = -1
    scripthashes: dict[str, str | None] = field(default_factory=dict)

    def send(self, message: Any) -> None:
        transport = self.writer.transport
        if transport.is_closing():
            return
        if transport.get_write_buffer_size() > MAX_BUFFERED:
            transport.close()  # the client reads nothing: it gets no more
            return
        self.writer.write(json.dumps(message, separators=(",", ":")).encode() + b"\n")


def _scripthash(value: Any) -> str:
    if not isinstance(value, str) or len(value) != 64:
        raise _bad(f"{value!r} is not a valid script hash")
    try:
        bytes.fromhex(value)
    except ValueError:
        raise _bad(f"{value!r} is not a valid script hash") from None
    return value.lower()


def _txid(value: Any) -> str:
    if not isinstance(value, str) or len(value) != 64:
        raise _bad(f"{value!r} should be a transaction hash")
    try:
        bytes.fromhex(value)
    except ValueError:
        raise _bad(f"{value!r} should be a transaction hash") from None
    return value.lower()


def _non_negative(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _bad(f"{name} should be a non-negative integer")
    return value


class ElectrumServer:
    """`ElectrumServer(db, views, "127.0.0.1", 0).start()`; `.port`; `.wake()`; `.stop()`."""

    def __init__(self, db: Database, views: render.Views, host: str, port: int,
                 max_connections: int = 64, idle_timeout: float = 600.0,
                 poll_interval: float = 0.25) -> None:
        self._db = db
        self._views = views
        self._host = host
        self._port = port
        self._max_connections = max_connections
        self._idle_timeout = idle_timeout
        self._poll_interval = poll_interval
        self._sessions: set[Session] = set()
        self._socket: socket.socket | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._changed: asyncio.Event | None = None
        self._stopping: asyncio.Event | None = None
        self._started = threading.Event()
        self._seen_seq = 0
        self._methods: dict[str, Callable[..., Any]] = {
            "server.version": self._version,
            "server.ping": lambda s: None,
            "server.features": lambda s: self._features(),
            "server.banner": lambda s: BANNER,
            "server.donation_address": lambda s: "",
            "server.peers.subscribe": lambda s: [],
            "blockchain.headers.subscribe": self._headers_subscribe,
            "blockchain.block.header": self._block_header,
            "blockchain.block.headers": self._block_headers,
            "blockchain.scripthash.subscribe": self._subscribe,
            "blockchain.scripthash.unsubscribe": self._unsubscribe,
            "blockchain.scripthash.get_history": self._get_history,
            "blockchain.scripthash.get_mempool": self._get_mempool,
            "blockchain.scripthash.get_balance": self._get_balance,
            "blockchain.scripthash.listunspent": self._listunspent,
            "blockchain.transaction.get": self._transaction_get,
            "blockchain.transaction.get_merkle": self._get_merkle,
            "blockchain.transaction.id_from_pos": self._id_from_pos,
            "blockchain.transaction.broadcast": self._broadcast,
            "blockchain.estimatefee": self._estimatefee,
            "blockchain.relayfee": lambda s: render.RELAY_FEE / 100_000,
            "mempool.get_fee_histogram": lambda s: self._read(
                lambda cx: render.fee_histogram(ledger.mempool(cx))),
        }

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._socket is None:
            raise RuntimeError("the Electrum server is not running")
        return int(self._socket.getsockname()[1])

    def start(self, timeout: float = 10.0) -> ElectrumServer:
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self._host, self._port))
        sock.listen(128)
        self._socket = sock
        with self._db.transaction() as cx:
            self._seen_seq = ledger.seq(cx)
        self._thread = threading.Thread(target=self._run, name="sandbox-electrum", daemon=True)
        self._thread.start()
        if not self._started.wait(timeout):
            raise RuntimeError("the Electrum server did not start")
        return self

    def wake(self) -> None:
        """The chain may have changed: notify subscribers now (any thread)."""
        loop, changed = self._loop, self._changed
        if loop is not None and changed is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop is closing
                loop.call_soon_threadsafe(changed.set)

    def stop(self) -> None:
        loop, stopping = self._loop, self._stopping
        if loop is not None and stopping is not None:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stopping.set)
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._socket is not None:
            self._socket.close()
        self._thread = None

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        try:
            loop.run_until_complete(self._main())
            pending = asyncio.all_tasks(loop)  # connections still open: end them cleanly
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        finally:
            loop.close()

    async def _main(self) -> None:
        self._changed = asyncio.Event()
        self._stopping = asyncio.Event()
        assert self._socket is not None
        server = await asyncio.start_server(self._serve, sock=self._socket, limit=MAX_LINE)
        watcher = asyncio.create_task(self._watch())
        self._started.set()
        await self._stopping.wait()
        watcher.cancel()
        server.close()
        for session in list(self._sessions):
            session.writer.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(server.wait_closed(), 2)

    # -- connections -----------------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if len(self._sessions) >= self._max_connections:
            writer.close()
            return
        session = Session(writer)
        self._sessions.add(session)
        try:
            while True:
                try:
                    line = await asyncio.wait_for(reader.readline(), self._idle_timeout)
                except (ValueError, asyncio.LimitOverrunError):
                    session.send(_error(None, PARSE_ERROR, "request too long"))
                    break
                if not line:
                    break
                if not line.strip():
                    continue
                reply = self._handle_line(session, line)
                if reply is not None:
                    session.send(reply)
                    await writer.drain()
        except (TimeoutError, ConnectionError):
            pass
        finally:
            self._sessions.discard(session)
            writer.close()

    def _handle_line(self, session: Session, line: bytes) -> Any:
        try:
            message = json.loads(line)
        except (ValueError, RecursionError):
            return _error(None, PARSE_ERROR, "invalid JSON")
        if isinstance(message, list):
            if not message:
                return _error(None, INVALID_REQUEST, "empty batch")
            replies = [self._handle_request(session, item) for item in message]
            return [reply for reply in replies if reply is not None] or None
        return self._handle_request(session, message)

    def _handle_request(self, session: Session, request: Any) -> dict[str, Any] | None:
        if not isinstance(request, dict):
            return _error(None, INVALID_REQUEST, "a request is a JSON object")
        request_id = request.get("id")
        if isinstance(request_id, (dict, list, bool, float)):
            return _error(None, INVALID_REQUEST, "invalid id")
        method, params = request.get("method"), request.get("params", [])
        if not isinstance(method, str):
            return _error(request_id, INVALID_REQUEST, "no method")
        handler = self._methods.get(method)
        try:
            if handler is None:
                raise RpcError(METHOD_NOT_FOUND, f"unknown method {method[:100]!r}")
            if isinstance(params, dict):
                raise RpcError(INVALID_PARAMS, "positional params only")
            if not isinstance(params, list):
                raise RpcError(INVALID_PARAMS, "params must be a list")
            try:
                result = handler(session, *params)
            except TypeError as exc:
                if "positional argument" not in str(exc):
                    raise
                raise RpcError(INVALID_PARAMS, f"wrong number of params for {method}") from None
        except RpcError as exc:
            reply = _error(request_id, exc.code, exc.message)
        except Exception:
            log.exception("electrum %s failed", method)
            reply = _error(request_id, BAD_REQUEST, "internal error")
        else:
            reply = {"jsonrpc": "2.0", "result": result, "id": request_id}
        return None if "id" not in request else reply

    def _read(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        with self._db.transaction() as cx:
            return work(cx)

    # -- server methods ------------------------------------------------------------------------

    def _version(self, session: Session, client_name: Any = "", protocol: Any = PROTOCOL
                 ) -> list[str]:
        """Protocol 1.4 only: `protocol` is a version or a [min, max] range that includes it."""
        low, high = (protocol, protocol) if not isinstance(protocol, list) or len(protocol) != 2 \
            else protocol
        if _version_tuple(low) > _version_tuple(PROTOCOL) or (
                _version_tuple(high) < _version_tuple(PROTOCOL)):
            raise RpcError(BAD_REQUEST, f"unsupported protocol version: {str(protocol)[:40]}")
        return [SERVER_VERSION, PROTOCOL]

    def _features(self) -> dict[str, Any]:
        return {"genesis_hash": blocks.GENESIS_HASH, "hosts": {}, "protocol_max": PROTOCOL,
                "protocol_min": PROTOCOL, "pruning": None, "server_version": SERVER_VERSION,
                "hash_function": "sha256"}

    # -- headers -------------------------------------------------------------------------------

    def _headers_subscribe(self, session: Session) -> dict[str, Any]:
        tip = self._read(ledger.tip)
        session.headers = True
        session.sent_tip = tip.height
        return {"height": tip.height, "hex": tip.header.hex()}

    def _block_header(self, session: Session, height: Any, cp_height: Any = 0) -> Any:
        height = _non_negative(height, "height")
        cp_height = _non_negative(cp_height, "cp_height")

        def work(cx: sqlite3.Connection) -> Any:
            block = ledger.block_at(cx, height)
            if block is None:
                raise _bad(f"height {height} out of range")
            if not cp_height:
                return block.header.hex()
            return {"header": block.header.hex(), **self._checkpoint(cx, height, cp_height)}

        return self._read(work)

    def _block_headers(self, session: Session, start: Any, count: Any, cp_height: Any = 0
                       ) -> dict[str, Any]:
        start = _non_negative(start, "start_height")
        count = min(_non_negative(count, "count"), MAX_HEADERS)
        cp_height = _non_negative(cp_height, "cp_height")

        def work(cx: sqlite3.Connection) -> dict[str, Any]:
            found = ledger.headers(cx, start, count)
            answer: dict[str, Any] = {"count": len(found), "hex": b"".join(found).hex(),
                                      "max": MAX_HEADERS}
            if cp_height and found:
                answer.update(self._checkpoint(cx, start + len(found) - 1, cp_height))
            return answer

        return self._read(work)

    def _checkpoint(self, cx: sqlite3.Connection, height: int, cp_height: int) -> dict[str, Any]:
        """The merkle branch from header `height` to the root of headers 0..cp_height."""
        tip = ledger.tip(cx)
        assert tip is not None
        if not height <= cp_height <= tip.height:
            raise _bad(f"header height {height} must be <= cp_height {cp_height} which must "
                       f"be <= chain height {tip.height}")
        leaves = [blocks.block_hash(h) for h in ledger.headers(cx, 0, cp_height + 1)]
        levels = merkle_levels(leaves)
        return {"branch": [to_display(h) for h in merkle_branch(levels, height)],
                "root": to_display(levels[-1][0])}

    # -- scripthashes --------------------------------------------------------------------------

    def _history(self, cx: sqlite3.Connection, key: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        for row in ledger.history(cx, key):
            if row.height is not None:
                items.append({"height": row.height, "tx_hash": row.txid})
            else:
                items.append({"height": _mempool_height(cx, row), "tx_hash": row.txid,
                              "fee": row.fee})
        return items

    def _status(self, cx: sqlite3.Connection, key: str) -> str | None:
        history = self._history(cx, key)
        if not history:
            return None
        text = "".join(f"{item['tx_hash']}:{item['height']}:" for item in history)
        return hashlib.sha256(text.encode()).hexdigest()

    def _subscribe(self, session: Session, scripthash: Any) -> str | None:
        key = _scripthash(scripthash)
        if key not in session.scripthashes and len(session.scripthashes) >= MAX_SUBSCRIPTIONS:
            raise _bad(f"at most {MAX_SUBSCRIPTIONS} subscriptions per connection")
        status: str | None = self._read(lambda cx: self._status(cx, key))
        session.scripthashes[key] = status
        return status

    def _unsubscribe(self, session: Session, scripthash: Any) -> bool:
        return session.scripthashes.pop(_scripthash(scripthash), 0) != 0

    def _get_history(self, session: Session, scripthash: Any) -> list[dict[str, Any]]:
        key = _scripthash(scripthash)
        result: list[dict[str, Any]] = self._read(lambda cx: self._history(cx, key))
        return result

    def _get_mempool(self, session: Session, scripthash: Any) -> list[dict[str, Any]]:
        return [item for item in self._get_history(session, scripthash) if item["height"] <= 0]

    def _get_balance(self, session: Session, scripthash: Any) -> dict[str, int]:
        key = _scripthash(scripthash)

        def work(cx: sqlite3.Connection) -> dict[str, int]:
            confirmed = unconfirmed = 0
            for coin in self._views.coins(cx, key):
                value = coin.output.value
                if coin.height is not None:
                    confirmed += value
                else:
                    unconfirmed += value
                if coin.output.spent_txid is not None:
                    if coin.spent_height is not None:
                        confirmed -= value
                    else:
                        unconfirmed -= value
            return {"confirmed": confirmed, "unconfirmed": unconfirmed}

        result: dict[str, int] = self._read(work)
        return result

    def _listunspent(self, session: Session, scripthash: Any) -> list[dict[str, Any]]:
        key = _scripthash(scripthash)

        def work(cx: sqlite3.Connection) -> list[dict[str, Any]]:
            coins = sorted(ledger.unspent(cx, key), key=lambda pair: (
                pair[1] is None, pair[1] or 0, pair[0].txid, pair[0].vout))
            return [{"height": 0 if height is None else height, "tx_hash": o.txid,
                     "tx_pos": o.vout, "value": o.value} for o, height in coins]

        result: list[dict[str, Any]] = self._read(work)
        return result

    # -- transactions --------------------------------------------------------------------------

    def _transaction_get(self, session: Session, txid: Any, verbose: Any = False) -> str:
        key = _txid(txid)
        if verbose:
            raise _bad("verbose transactions need a bitcoind behind the server; ask for the "
                       "raw transaction")
        row = self._read(lambda cx: ledger.tx(cx, key))
        if row is None:
            raise RpcError(DAEMON_ERROR, "No such mempool or blockchain transaction.")
        return str(row.raw.hex())

    def _get_merkle(self, session: Session, txid: Any, height: Any) -> dict[str, Any]:
        key = _txid(txid)
        height = _non_negative(height, "height")

        def work(cx: sqlite3.Connection) -> dict[str, Any]:
            row = ledger.tx(cx, key)
            if row is None or row.height != height or row.position is None:
                raise _bad(f"tx {key} not in block at height {height}")
            return {"block_height": height,
                    "merkle": self._views.merkle_branch(cx, height, row.position),
                    "pos": row.position}

        result: dict[str, Any] = self._read(work)
        return result

    def _id_from_pos(self, session: Session, height: Any, position: Any, merkle: Any = False
                     ) -> Any:
        height = _non_negative(height, "height")
        position = _non_negative(position, "tx_pos")

        def work(cx: sqlite3.Connection) -> Any:
            txids = ledger.block_txids(cx, height)
            if position >= len(txids):
                raise _bad(f"no tx at position {position} in block at height {height}")
            if not merkle:
                return txids[position]
            return {"tx_hash": txids[position],
                    "merkle": self._views.merkle_branch(cx, height, position)}

        return self._read(work)

    def _broadcast(self, session: Session, raw_hex: Any) -> str:
        if not isinstance(raw_hex, str):
            raise _bad("the transaction must be hex")
        try:
            raw = bytes.fromhex(raw_hex)
            tx = blocks.parse_tx(raw)
        except ValueError:
            raise _bad("the transaction was rejected by network rules.\n\nTX decode failed"
                       ) from None
        try:
            txid: str = self._read(lambda cx: self._views.accept(cx, raw, tx))
        except render.Rejected as exc:
            raise _bad(f"the transaction was rejected by network rules.\n\n{exc}") from None
        self.wake()
        return txid

    def _estimatefee(self, session: Session, blocks_target: Any, mode: Any = None) -> float:
        target = _non_negative(blocks_target, "number")
        return render.fee_rate(max(target, 1)) / 100_000  # sat/vB → BTC/kvB

    # -- notifications ---------------------------------------------------------------------------

    async def _watch(self) -> None:
        assert self._changed is not None
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), self._poll_interval)
            self._changed.clear()
            try:
                self._notify()
            except Exception:
                log.exception("electrum notifications failed")

    def _notify(self) -> None:
        with self._db.transaction() as cx:
            seq = ledger.seq(cx)
            if seq == self._seen_seq:
                return
            changed = ledger.scripthashes_changed_since(cx, self._seen_seq)
            self._seen_seq = seq
            tip = ledger.tip(cx)
            assert tip is not None
            for session in list(self._sessions):
                if session.headers and session.sent_tip != tip.height:
                    session.sent_tip = tip.height
                    session.send(_notification("blockchain.headers.subscribe",
                                               [{"height": tip.height, "hex": tip.header.hex()}]))
                for key in changed.intersection(session.scripthashes):
                    status = self._status(cx, key)
                    if status != session.scripthashes[key]:
                        session.scripthashes[key] = status
                        session.send(_notification("blockchain.scripthash.subscribe",
                                                   [key, status]))


def _mempool_height(cx: sqlite3.Connection, row: ledger.TxRow) -> int:
    """Electrum's mempool height: -1 when an input spends an unconfirmed output, else 0."""
    for txin in blocks.parse_tx(row.raw).vin:
        parent = ledger.tx(cx, txin.txid.hex())
        if parent is not None and parent.height is None:
            return -1
    return 0


def _version_tuple(text: Any) -> tuple[int, ...]:
    if not isinstance(text, str) or len(text) > 20:
        raise _bad("a protocol version is a string like \"1.4\"")
    try:
        return tuple(int(part) for part in text.split("."))
    except ValueError:
        raise _bad(f"{text!r} is not a protocol version") from None


def _error(request_id: Any, code: int, message: str) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "error": {"code": code, "message": message}, "id": request_id}


def _notification(method: str, params: list[Any]) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "method": method, "params": params}
