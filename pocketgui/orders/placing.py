"""`place_order` / `change_order`: create or change an order so that no outcome can be lost (and
`new_challenge`, kept).

The intent is written (and committed) before the POST, the order stored and the intent resolved
after it. If the process dies in between, the next start finds the intent unresolved and shows
"order creation outcome unknown — check with Pocket". The outcome of each failure:

- Pocket refused (an ApiError) or nothing was sent (ConnectionFailed, Timeout): failed;
- sent but the answer was lost (OutcomeUnknown), or it came back tampered or malformed: unknown,
  because an order may exist at Pocket that we cannot trust or do not know.

Pocket's creditor account is trusted on first use where the environment pins none (production,
staging; the Demo keeps its pinned accounts, `Environment.creditor_ibans`): the first order
stored for an environment and currency names the account, and a later order naming another one
stops as `CreditorChanged` — not stored, nothing shown as payable (`creditor_change`). No table
of its own: the first order is in the store already.

A change (pause, resume, fee rate) is checked against the order as stored (`check_patch_echo`)
and saved only when faithful; a tampered answer leaves the stored order as it was, and its
intent keeps the differences and the answer as evidence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pocketgui.api import jsonio
from pocketgui.api.client import PocketClient
from pocketgui.api.environments import Environment
from pocketgui.api.errors import ApiError, NetworkError, PocketError, TamperedResponse
from pocketgui.api.models import Challenge, Order, OrderPatch, OrderRequest
from pocketgui.formats.bank_codes import compact
from pocketgui.i18n.catalog import _
from pocketgui.store.repository import IntentOutcome, Store


class CreditorChanged(TamperedResponse):
    """An order names another creditor account than the first order of its environment and
    currency: a swapped IBAN that passes every checksum."""


CREATE_ORDER = "create_order"
CHANGE_ORDER = "change_order"
T = TypeVar("T")


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
    order = _resolving(store, intent, lambda: check_creditor(
        store, environment, client.create_order(request)))
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


def creditor_change(store: Store, environment: Environment, order: Order) -> str | None:
    """Why `order`'s creditor account is not the one this environment and currency trusted
    first (None: it is, it is the first, or the environment pins Pocket's accounts)."""
    if environment.creditor_ibans:
        return None
    currency = order.payment_method.currency.lower()
    for stored in store.orders(environment.name):  # oldest first
        if stored.id == order.id:
            continue
        try:
            first = Order.from_wire(jsonio.loads(stored.raw_json))
        except (PocketError, ValueError, RecursionError):
            continue
        if first.payment_method.currency.lower() != currency:
            continue
        trusted, named = first.payment_method.creditor_iban, order.payment_method.creditor_iban
        if compact(trusted) == compact(named):
            return None
        return _("Pocket's account for {currency} payments changed: your first order pays "
                 "{trusted}, this one names {named}. It is not shown as payable. Do not transfer "
                 "money to it; ask Pocket support (from their website, not from this order) "
                 "whether the account really changed.").format(
                     currency=currency.upper(), trusted=trusted, named=named)
    return None


def check_creditor(store: Store, environment: Environment, order: Order) -> Order:
    """`order` when `creditor_change` finds nothing; CreditorChanged otherwise."""
    if (why := creditor_change(store, environment, order)) is not None:
        raise CreditorChanged(why, mismatches=(why,), answer=order.raw)
    return order


def change_order(client: PocketClient, store: Store, order_id: str, patch: OrderPatch) -> Order:
    """Send `patch` for the stored order `order_id`; the checked answer is stored and returned.

    Raises TamperedResponse (nothing saved, the intent keeps the evidence), KeyError for an
    order this store does not have, or the client's errors."""
    stored = store.get_order(order_id)
    if stored is None:
        raise KeyError(order_id)
    order = Order.from_wire(jsonio.loads(stored.raw_json))
    body = jsonio.dumps({"order_id": order_id, **patch.to_wire()})
    intent = store.record_intent(CHANGE_ORDER, body, stored.environment)
    answer = _resolving(store, intent, lambda: client.patch_order(order, patch))
    store.save_order(stored.environment, answer.id, jsonio.dumps(answer.raw), stored.network)
    store.resolve_intent(intent, IntentOutcome.SUCCEEDED, result_id=answer.id)
    return answer


def _resolving(store: Store, intent: int, call: Callable[[], T]) -> T:
    """`call()`; on failure the intent is resolved failed (Pocket refused, or nothing was sent)
    or unknown (sent, and the answer lost, malformed or tampered: then kept as evidence)."""
    try:
        return call()
    except (ApiError, NetworkError) as exc:
        store.resolve_intent(intent, IntentOutcome.FAILED, detail=str(exc))
        raise
    except PocketError as exc:
        detail = str(exc)
        if isinstance(exc, TamperedResponse) and exc.answer is not None:
            detail += "\nanswer: " + jsonio.dumps(exc.answer)
        store.resolve_intent(intent, IntentOutcome.UNKNOWN, detail=detail)
        raise
