"""The demo's bank and blockchain: the sandbox's test helpers (`/v1/sandbox/…`).

`PocketClient` covers Pocket's real routes only (as Stripe keeps test helpers apart), so the
helpers the demo needs — an incoming bank transfer, a mined block, a completed identification
and the registration of the app's webhook receiver — are called here, with the same
authentication, through their own small httpx client. The wizard and the dashboard share one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import quote

import httpx

from pocketgui.api import jsonio
from pocketgui.api.bounded import BoundedTransport, exchange
from pocketgui.api.client import ANSWER_LIMIT, DEFAULT_DEADLINE
from pocketgui.api.errors import error_from_body
from pocketgui.api.models import Exchange


class DemoBank:
    def __init__(self, base_url: str, client_id: str, timeout: float = 10.0) -> None:
        # loopback http only (the embedded sandbox): no TLS context to build (≈40 ms)
        self._http = httpx.Client(base_url=base_url, timeout=timeout,
                                  transport=BoundedTransport(verify=False),
                                  headers={"Authorization": f"client_id {client_id}",
                                           "Content-Type": "application/json"})

    def transfer(self, order_id: str, amount: Decimal) -> Exchange:
        """An incoming bank transfer carrying the order's reference: Pocket executes it."""
        body = self._post(f"/v1/sandbox/orders/{quote(order_id, safe='')}/transfers",
                          {"amount": amount})
        return Exchange.from_wire(body)

    def mine(self, count: int = 1) -> int:
        """Mine blocks: broadcast payouts get confirmed. Answers the chain's new height."""
        answer: Any = self._post("/v1/sandbox/blocks", {"count": count})
        return int(answer["height"])

    def pay_address(self, address: str, amount: Decimal) -> str:
        """Pocket's hot wallet pays `amount` BTC to any address, outside any exchange (a
        foreign payout, a reused address). Answers the txid; it waits in the mempool."""
        answer: Any = self._post("/v1/sandbox/chain/payments",
                                 {"address": address, "amount": amount})
        return str(answer["txid"])

    def chain_tip(self) -> tuple[int, str]:
        """The sandbox chain's tip: (height, block hash)."""
        answer: Any = self._send("GET", "/v1/sandbox/chain/tip", None)
        return int(answer["height"]), str(answer["hash"])

    def mine_block(self) -> int:
        """One block; answers the chain's new height (the tip, for confirmations)."""
        return self.mine(1)

    def complete_identification(self, identification_id: str) -> list[str]:
        """Pocket identified the person: the exchanges it held go ahead. Answers their ids."""
        answer: Any = self._post(
            f"/v1/sandbox/identifications/{quote(identification_id, safe='')}/complete", {})
        return [str(i) for i in answer.get("exchange_ids", [])] if isinstance(answer, dict) else []

    def register_webhook(self, url: str, secret: str) -> str:
        """The sandbox will POST every exchange event of this client to `url`."""
        answer: Any = self._post("/v1/sandbox/webhooks", {"url": url, "secret": secret})
        return str(answer["id"])

    def create_invoice(self, amount: Decimal, description: str = "") -> tuple[str, str]:
        """A BOLT11 invoice of the sandbox's simulated payee node for `amount` BTC, and its
        payment hash: what the person's node would hand them (Demo only)."""
        answer: Any = self._post("/v1/sandbox/lightning/invoices",
                                 {"amount": amount, "description": description})
        return str(answer["invoice"]), str(answer["payment_hash"])

    def set_direct_channel(self, node_pubkey: str, exists: bool) -> None:
        """Open (or close) a direct channel from Pocket's node to `node_pubkey`: while it exists,
        channel payouts to that node are refused with `channel_payout_not_allowed`."""
        path = f"/v1/sandbox/lightning/channels/{quote(node_pubkey, safe='')}"
        if exists:
            self._send("PUT", path, {})
        else:
            self._send("DELETE", path, None)

    def close(self) -> None:
        self._http.close()

    def _post(self, path: str, body: dict[str, object]) -> object:
        return self._send("POST", path, body)

    def _send(self, method: str, path: str, body: dict[str, object] | None) -> object:
        content = None if body is None else jsonio.dumps(body).encode()
        response = exchange(self._http, method, path, content=content, limit=ANSWER_LIMIT,
                            seconds=DEFAULT_DEADLINE)
        parsed = jsonio.loads(response.content) if response.content else None
        if not response.is_success:
            raise error_from_body(response.status_code, parsed)
        return parsed
