"""Order creation never loses its outcome: intents around the POST, and a SIGKILL in between."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest

from pocketgui.api import OrderValidationError, TamperedResponse, jsonio
from pocketgui.orders.placing import new_challenge, place_order
from pocketgui.sandbox import SandboxServer
from pocketgui.store import IntentOutcome, Store
from tests.api.loopback import BlackHole, TamperingProxy
from tests.api.sandbox_kit import onchain_request, pocket

ROOT = Path(__file__).resolve().parents[2]


def test_a_created_order_is_stored_with_what_only_we_know(sandbox: SandboxServer,
                                                          tmp_path: Path) -> None:
    with Store(tmp_path / "db") as store, pocket(sandbox) as client:
        request = onchain_request(client, extended=True)
        order = place_order(client, store, request, device_fingerprint="73c5da0a",
                            account_path="m/84h/1h/0h", script_type="p2wpkh")
        stored = store.get_order(order.id)
        assert stored is not None and stored.network == "regtest"
        assert (stored.device_fingerprint, stored.account_path) == ("73c5da0a", "m/84h/1h/0h")
        assert jsonio.loads(stored.raw_json) == order.raw
        assert store.unresolved_intents() == []
        intent = store.intent(1)
        assert intent is not None and intent.outcome is IntentOutcome.SUCCEEDED
        assert intent.result_id == order.id
        assert jsonio.loads(intent.request_body) == request.to_wire()


def test_challenges_are_kept(sandbox: SandboxServer, tmp_path: Path) -> None:
    with Store(tmp_path / "db") as store, pocket(sandbox) as client:
        challenge = new_challenge(client, store)
        assert store.challenge_token(challenge.id) == challenge.token


def test_a_refused_order_resolves_its_intent_as_failed(sandbox: SandboxServer,
                                                       tmp_path: Path) -> None:
    with Store(tmp_path / "db") as store, pocket(sandbox) as client:
        request = replace(onchain_request(client), debitor_iban="DE00000000000000000000")
        with pytest.raises(OrderValidationError):
            place_order(client, store, request)
        intent = store.intent(1)
        assert intent is not None and intent.outcome is IntentOutcome.FAILED
        assert store.unresolved_intents() == [] and store.orders() == []


def test_a_tampered_answer_is_never_stored_and_stays_unknown(sandbox: SandboxServer,
                                                             tmp_path: Path) -> None:
    def swap(body: dict[str, object]) -> None:
        body["fee_rate"] = jsonio.loads("0.045")

    with TamperingProxy(sandbox.url, swap) as proxy, Store(tmp_path / "db") as store, \
            pocket(proxy.url) as client:
        with pytest.raises(TamperedResponse):
            place_order(client, store, onchain_request(client))
        assert store.orders() == []
        (intent,) = store.unresolved_intents()
        assert intent.outcome is IntentOutcome.UNKNOWN and "fee_rate" in (intent.detail or "")


CHILD = textwrap.dedent("""
    import sys
    from decimal import Decimal
    from pocketgui.api import Environment, OnchainPayoutRequest, OrderRequest, PocketClient
    from pocketgui.store import Store
    from pocketgui.orders.placing import new_challenge, place_order

    store = Store(sys.argv[1])
    client = PocketClient(Environment.sandbox(sys.argv[2]), "alice", timeout=120)
    request = OrderRequest(Decimal("0.015"), "chf", "DE75512108001245126199",
                           OnchainPayoutRequest("bcrt1qaddress", "message", "signature"))
    place_order(client, store, request)
""")


def test_sigkill_between_intent_and_answer_leaves_an_unknown_intent(tmp_path: Path) -> None:
    db = tmp_path / "pocketgui.sqlite3"
    with BlackHole() as hole:
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(db), hole.url], cwd=ROOT,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)})
        try:
            deadline = time.monotonic() + 30
            while not hole.received.is_set():  # the intent is committed before the POST
                assert child.poll() is None, "the child died on its own"
                assert time.monotonic() < deadline, "the POST never arrived"
                time.sleep(0.02)
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.kill()
            child.wait(10)
    assert child.returncode == -signal.SIGKILL
    with Store(db) as store:
        (intent,) = store.unresolved_intents()
        assert intent.outcome is None and intent.kind == "create_order"
        assert intent.summary == "Order creation outcome unknown — check with Pocket"
        assert jsonio.loads(intent.request_body)["fee_rate"] == jsonio.loads("0.015")
        assert store.orders() == []
        assert store.integrity_problems() == []
