"""Independent checks of the sandbox's chain (hashlib and embit, not the sandbox's own code),
a raw-socket Electrum client, and a key the tests control for spending."""

from __future__ import annotations

import hashlib
import json
import socket
import struct
from typing import Any

import httpx
from embit import bip32
from embit.networks import NETWORKS
from embit.script import p2wpkh

from tests.sandbox.wallet import api
from tests.wallet import ROOT

REGTEST_GENESIS = "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206"


def sha256d(data: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


def display(digest: bytes) -> str:
    return digest[::-1].hex()


def target_of(bits: int) -> int:
    """nBits (compact) → the 256-bit target, as Bitcoin Core's SetCompact decodes it."""
    exponent, mantissa = bits >> 24, bits & 0x007FFFFF
    return mantissa << (8 * (exponent - 3))


def header_fields(header: bytes) -> dict[str, Any]:
    version, = struct.unpack_from("<i", header, 0)
    time, bits, nonce = struct.unpack_from("<III", header, 68)
    return {"version": version, "prev": display(header[4:36]),
            "merkle_root": display(header[36:68]), "time": time, "bits": bits, "nonce": nonce}


def merkle_root(txids: list[str]) -> str:
    level = [bytes.fromhex(t)[::-1] for t in txids]
    while len(level) > 1:
        if len(level) % 2:
            level.append(level[-1])
        level = [sha256d(level[i] + level[i + 1]) for i in range(0, len(level), 2)]
    return display(level[0])


def root_from_branch(txid: str, branch: list[str], pos: int) -> str:
    digest = bytes.fromhex(txid)[::-1]
    for sibling_hex in branch:
        sibling = bytes.fromhex(sibling_hex)[::-1]
        digest = sha256d(sibling + digest) if pos & 1 else sha256d(digest + sibling)
        pos >>= 1
    return display(digest)


def electrum_scripthash(script: bytes) -> str:
    return hashlib.sha256(script).digest()[::-1].hex()


def esplora_scripthash(script: bytes) -> str:
    return hashlib.sha256(script).hexdigest()


class SpendingKey:
    """A p2wpkh key of the test seed (m/84'/1'/1'/0/0) that tests can spend from."""

    def __init__(self) -> None:
        self.key = ROOT.derive("m/84h/1h/1h/0/0").key
        self.script = bytes(p2wpkh(self.key.get_public_key()).data)
        self.address = str(p2wpkh(self.key.get_public_key()).address(NETWORKS["regtest"]))


def tpub_descriptor(account_path: str = "m/84h/1h/0h") -> str:
    """The test seed's account as a watch-only wpkh descriptor for BDK (receive chain)."""
    account: bip32.HDKey = ROOT.derive(account_path)
    tpub = account.to_public().to_string(version=NETWORKS["regtest"]["xpub"])
    return f"wpkh({tpub}/0/*)"


class Electrum:
    """A plain Electrum client: one request per line, notifications kept aside."""

    def __init__(self, port: int, timeout: float = 10.0) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.file = self.sock.makefile("rwb")
        self.notifications: list[dict[str, Any]] = []
        self._next_id = 0

    def send_raw(self, line: bytes) -> Any:
        self.file.write(line + b"\n")
        self.file.flush()
        return self.read()

    def read(self) -> Any:
        line = self.file.readline()
        assert line, "the server closed the connection"
        return json.loads(line)

    def call(self, method: str, *params: Any) -> Any:
        self._next_id += 1
        request = {"jsonrpc": "2.0", "id": self._next_id, "method": method,
                   "params": list(params)}
        self.file.write(json.dumps(request).encode() + b"\n")
        self.file.flush()
        while True:
            message = self.read()
            if "method" in message:
                self.notifications.append(message)
                continue
            assert message["id"] == self._next_id, message
            return message

    def result(self, method: str, *params: Any) -> Any:
        answer = self.call(method, *params)
        assert "error" not in answer, answer
        return answer["result"]

    def notification(self) -> dict[str, Any]:
        if self.notifications:
            return self.notifications.pop(0)
        message = self.read()
        assert "method" in message, message
        return dict(message)

    def close(self) -> None:
        self.file.close()
        self.sock.close()


def helpers(server: Any, client_id: str = "alice") -> httpx.Client:
    return api(server, client_id)
