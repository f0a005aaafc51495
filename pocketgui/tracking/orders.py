"""`place_order`: create an order so that no outcome can be lost (and `new_challenge`, kept).

The intent is written (and committed) before the POST, the order stored and the intent resolved
after it. If the process dies in between, the next start finds the intent unresolved and shows
"order creation outcome unknown — check with Pocket". The outcome of each failure:

- Pocket refused (an ApiError) or nothing was sent (ConnectionFailed, Timeout): failed;
- sent but the answer was lost (OutcomeUnknown), or it came back tampered or malformed: unknown,
  because an order may exist at Pocket that we cannot trust or do not know.
"""

from __future__ import annotations

from pocketgui.api import jsonio
from pocketgui.api.client import PocketClient
from pocketgui.api.errors import ApiError, NetworkError, PocketError
from pocketgui.api.models import Challenge, Order, OrderRequest
from pocketgui.store import IntentOutcome, Store

CREATE_ORDER = "create_order"


def new_challenge(client: PocketClient, store: Store) -> Challenge:
    """A fresh challenge, kept in the store with the environment it belongs to."""
    challenge = client.create_challenge()
    store.save_challenge(
        client.environment.name,
        challenge.id,
        challenge.token,
        challenge.expires_on.isoformat(),
        None if challenge.completed_on is None else challenge.completed_on.isoformat(),
        jsonio.dumps(challenge.raw),
    )
    return challenge


def place_order(
    client: PocketClient,
    store: Store,
    request: OrderRequest,
    *,
    device_fingerprint: str | None = None,
    account_path: str | None = None,
    script_type: str | None = None,
) -> Order:
    """Create `request` at Pocket with an intent around it; the order is stored on success."""
    environment = client.environment
    store.save_environment(environment.name, environment.base_url, environment.network.value)
    intent = store.record_intent(CREATE_ORDER, jsonio.dumps(request.to_wire()), environment.name)
    try:
        order = client.create_order(request)
    except (ApiError, NetworkError) as exc:
        store.resolve_intent(intent, IntentOutcome.FAILED, detail=str(exc))
        raise
    except PocketError as exc:
        store.resolve_intent(intent, IntentOutcome.UNKNOWN, detail=str(exc))
        raise
    store.save_order(
        environment.name,
        order.id,
        jsonio.dumps(order.raw),
        environment.network.value,
        device_fingerprint=device_fingerprint,
        account_path=account_path,
        script_type=script_type,
    )
    store.resolve_intent(intent, IntentOutcome.SUCCEEDED, result_id=order.id)
    return order
