"""The demo's bank and blockchain: the sandbox's test helpers (`/v1/sandbox/…`).

`PocketClient` covers Pocket's real routes only (as Stripe keeps test helpers apart), so the
two helpers the demo needs — an incoming bank transfer and a mined block — are called here,
with the same authentication, through their own small httpx client.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote

import httpx

from pocketgui.api import jsonio
from pocketgui.api.errors import error_from_body
from pocketgui.api.models import Exchange


class DemoBank:
    def __init__(self, base_url: str, client_id: str, timeout: float = 10.0) -> None:
        # loopback http only (the embedded sandbox): no TLS context to build (≈40 ms)
        self._http = httpx.Client(base_url=base_url, timeout=timeout, verify=False,
                                  headers={"Authorization": f"client_id {client_id}",
                                           "Content-Type": "application/json"})

    def transfer(self, order_id: str, amount: Decimal) -> Exchange:
        """An incoming bank transfer carrying the order's reference: Pocket executes it."""
        body = self._post(f"/v1/sandbox/orders/{quote(order_id, safe='')}/transfers",
                          {"amount": amount})
        return Exchange.from_wire(body)

    def mine(self, count: int = 1) -> object:
        """Mine blocks: broadcast payouts get confirmed."""
        return self._post("/v1/sandbox/blocks", {"count": count})

    def close(self) -> None:
        self._http.close()

    def _post(self, path: str, body: dict[str, object]) -> object:
        response = self._http.post(path, content=jsonio.dumps(body).encode())
        parsed = jsonio.loads(response.content) if response.content else None
        if not response.is_success:
            raise error_from_body(response.status_code, parsed)
        return parsed
