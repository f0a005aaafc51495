"""`ExchangeTracker`: follows every exchange to a final state, across restarts and crashes.

Where it learns about exchanges: webhook events (`on_webhook`, wired to the receiver), hints
(`hint`: a relay's delivery names an exchange, Pocket is asked and only its answer counts), answers
of our own calls (`observe`, e.g. a lightning payout PATCH), `track(id)` for an id learned
elsewhere, and `resume()`, which reloads every exchange the store has that is not final (and
replays webhook deliveries that were stored but not processed before a crash).

What it does with each answer: derive the state (`tracking.state`), ignore it when it is older
than what is known, otherwise record it in the store's timeline with its source, run the payout
check on every on-chain payout it has not verified yet, and call the subscribers with
(exchange_id, old_state, new_state, exchange). A payout that is not the person's goes to the
alarm callbacks too, and the exchange is flagged `payout_address_mismatch` (on-chain),
`payout_node_mismatch` (lightning) or `payout_not_proven` (an invoice Pocket calls paid without
the preimage that proves it, `tracking.lightning_proof`).

News about an order this store does not have (in this environment) is never a purchase: an
event or answer naming a stranger's order, or an exchange that moves to another order, is
logged and dropped — not stored, not checked against a stranger's key, not announced. A poll's
answer must be about the exchange asked for.

When it polls — the design behind "at most one poll per state change with webhooks":
- without webhooks every open exchange is polled with exponential backoff from `base_interval`
  up to `max_interval`, restarting from `base_interval` after each change;
- with webhooks, a state whose successor Pocket announces (pending, interrupted, executed) is
  not polled at all, except by a slow watchdog (`watchdog_interval`, for lost deliveries); a
  webhook moves the state directly, no poll needed to "confirm" it since it is signed and
  stored. Only settled → confirmed and a lightning payout's outcome have no webhook, so only
  those states are polled. Over one on-chain exchange that is 0 polls for executed and
  settled and ≥1 for confirmed;
- a state that waits for the chain (settled, lightning payout pending) cannot change before a
  block (or a payment) happens, so its backoff starts at `confirmation_interval` — set it to
  about the network's block time — instead of `base_interval`: polling sooner only costs
  requests. With that, a confirmation costs one or two polls.
- jitter is deterministic: each delay is scaled by a factor in [0.5, 1) taken from a hash of
  the exchange id and attempt number, so many exchanges do not poll in lock-step and a test
  sees the same schedule every run.

Threads: `start()` runs one polling thread; webhooks arrive on the receiver's threads.
Observations are serialized by one lock (so one exchange's changes reach subscribers in order);
a second, short lock guards the schedule. `status()` shows a new state only once it is stored,
its payout checked and its subscribers called. `poll_due(now)` runs one polling round
synchronously, with `clock` as the time seam, for tests that do not want a thread.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pocketgui.api import jsonio
from pocketgui.api.client import PocketClient
from pocketgui.api.errors import PocketError
from pocketgui.api.models import Exchange, ExchangeStatus, OnchainPayout, Order
from pocketgui.bitcoin.networks import Network
from pocketgui.chain.watcher import SyncReport
from pocketgui.i18n.catalog import _
from pocketgui.store.repository import Store
from pocketgui.tracking import chain_news, state
from pocketgui.tracking.lightning_proof import PAYOUT_NOT_PROVEN, unproven
from pocketgui.tracking.payout_check import (
    PAYOUT_ADDRESS_MISMATCH,
    PAYOUT_NODE_MISMATCH,
    PayoutVerdict,
    check_lightning_payout,
    check_payout_address,
)
from pocketgui.tracking.receiver import WebhookEvent

log = logging.getLogger(__name__)
ANSWER = "answer"  # the source of an answer to our own request (e.g. a payout PATCH)
RELAY = "relay"  # a state Pocket confirmed on a relay's hint (`hint`)

Subscriber = Callable[[str, ExchangeStatus | None, ExchangeStatus, Exchange], None]
Alarm = Callable[[str, str, str, Exchange], None]  # exchange_id, flag, explanation, exchange

EXCHANGE_EVENTS = frozenset(
    {"exchange.executed", "exchange.interrupted", "exchange.refunded", "exchange.settled"}
)


@dataclass
class _Watch:
    exchange_id: str
    status: ExchangeStatus | None = None  # what the tracker works with
    published: ExchangeStatus | None = None  # what status() shows: once its effects are done
    due: float = 0.0
    attempt: int = 0
    polls: int = 0


class ExchangeTracker:
    def __init__(
        self,
        client: PocketClient,
        store: Store,
        *,
        webhooks: bool = False,
        confirm_webhooks: bool = False,
        base_interval: float = 30.0,
        confirmation_interval: float = 300.0,
        max_interval: float = 1800.0,
        watchdog_interval: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.client = client
        self.store = store
        self.environment = client.environment.name
        self.network: Network = client.environment.network
        self.webhooks = webhooks
        self.confirm_webhooks = confirm_webhooks
        self.base_interval = base_interval
        self.confirmation_interval = confirmation_interval
        self.max_interval = max_interval
        self.watchdog_interval = watchdog_interval
        self._clock = clock
        self._watches: dict[str, _Watch] = {}
        self._verified: set[tuple[str, str]] = set()
        self._subscribers: list[Subscriber] = []
        self._alarms: list[Alarm] = []
        self._lock = threading.RLock()
        self._observe_lock = threading.RLock()
        self._wake = threading.Condition(self._lock)
        self._thread: threading.Thread | None = None
        self._stopping = False

    # Wiring ------------------------------------------------------------------------------------

    def subscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.append(subscriber)

    def unsubscribe(self, subscriber: Subscriber) -> None:
        """No new calls after this; one already under way on the tracker's thread may finish
        (observations copy the list, so this never waits for them)."""
        if subscriber in self._subscribers:
            self._subscribers.remove(subscriber)

    def on_alarm(self, alarm: Alarm) -> None:
        self._alarms.append(alarm)

    def remove_alarm(self, alarm: Alarm) -> None:
        """As `unsubscribe`, for an alarm callback."""
        if alarm in self._alarms:
            self._alarms.remove(alarm)

    def start(self) -> ExchangeTracker:
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="exchange-tracker", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def __enter__(self) -> ExchangeTracker:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # Inputs ------------------------------------------------------------------------------------

    def resume(self) -> list[str]:
        """Reload unfinished exchanges and unprocessed webhooks from the store; each open
        exchange is polled once right away (events may have been missed while we were down)."""
        for delivery in self.store.webhook_deliveries(unprocessed_only=True):
            try:
                data = jsonio.loads(delivery.body)
                self.on_webhook(WebhookEvent(delivery.delivery_key, data["event"],
                                             data["payload"], delivery.max_retry_count))
            except (ValueError, KeyError, TypeError, PocketError):
                log.exception("stored webhook %s cannot be replayed", delivery.delivery_key)
            self.store.mark_webhook_processed(delivery.delivery_key)
        resumed = []
        for stored in self.store.exchanges(self.environment, open_only=True):
            status = ExchangeStatus(stored.state)
            with self._wake:
                self._watches[stored.id] = _Watch(stored.id, status, status, due=self._clock())
                self._wake.notify_all()
            resumed.append(stored.id)
        return resumed

    def track(self, exchange_id: str) -> None:
        """Follow an exchange known only by id: it is polled as soon as possible."""
        with self._wake:
            if exchange_id not in self._watches:
                self._watches[exchange_id] = _Watch(exchange_id, due=self._clock())
                self._wake.notify_all()

    def on_webhook(self, event: WebhookEvent) -> None:
        """A stored, verified webhook event (the receiver's `on_event`). With
        `confirm_webhooks` (a relay's deliveries) it is only a hint: see `hint_event`."""
        if event.event not in EXCHANGE_EVENTS:
            log.info("webhook event %s ignored", event.event)
            return
        if self.confirm_webhooks:
            self.hint_event(event)
            return
        try:
            exchange = Exchange.from_webhook_payload(event.payload)
        except PocketError as exc:  # checked in full: an absurd amount refuses the event
            log.warning("webhook event %s (%s) refused, kept as delivered: %s",
                        event.event, event.delivery_key, exc)
            return
        self.observe(exchange, source="webhook")

    def hint_event(self, event: WebhookEvent) -> bool:
        """A verified event taken as a hint only (`hint` with its ids); False: dropped."""
        if event.event not in EXCHANGE_EVENTS:
            log.info("webhook event %s ignored", event.event)
            return False
        exchange_id, order_id = event.payload.get("exchange_id"), event.payload.get("order_id")
        if not (isinstance(exchange_id, str) and isinstance(order_id, str)):
            log.warning("webhook event %s (%s) names no exchange and order; dropped",
                        event.event, event.delivery_key)
            return False
        return self.hint(exchange_id, order_id)

    def hint(self, exchange_id: str, order_id: str, source: str = RELAY) -> bool:
        """News that an exchange of `order_id` moved: Pocket is asked now (GET), and only its
        answer is taken. Answers False when the news was dropped: the order is not one of this
        store's, or Pocket answered about another exchange. When Pocket cannot be asked, the
        exchange is polled with the usual backoff. Blocks for one GET: call it on a worker."""
        order = self.store.get_order(order_id)
        if order is None or order.environment != self.environment:
            log.warning("hint about exchange %s dropped: its order %s is not one of ours (%s)",
                        exchange_id, order_id, self.environment)
            return False
        try:
            exchange = self.client.get_exchange(exchange_id)
        except PocketError as exc:
            log.warning("exchange %s: hinted, but Pocket could not be asked: %s",
                        exchange_id, exc)
            with self._wake:
                watch = self._watches.setdefault(exchange_id, _Watch(exchange_id))
                watch.attempt += 1
                self._schedule(watch, force_backoff=True)
                self._wake.notify_all()
            return True
        if exchange.id != exchange_id:
            log.warning("exchange %s: hinted, Pocket answered about exchange %s; dropped",
                        exchange_id, exchange.id)
            return False
        return self.observe(exchange, source=source) is not None

    def observe(self, exchange: Exchange, source: str) -> ExchangeStatus | None:
        """Take in one answer about an exchange; answers the state now known (None: the news
        is not about one of our orders, and was dropped).

        Observations are serialized. The new state is recorded, the payout checked and the
        subscribers called before `status()` shows it, so whoever waits for a state sees its
        consequences (flags, alarms, notifications) already done.
        """
        new = exchange.status
        with self._observe_lock:
            if (why := self._not_ours(exchange)) is not None:
                log.warning("exchange %s (%s, from %s) dropped, not a purchase: %s",
                            exchange.id, new.value, source, why)
                with self._wake:
                    self._watches.pop(exchange.id, None)
                return None
            with self._lock:
                watch = self._watches.setdefault(exchange.id, _Watch(exchange.id))
                if watch.status is None:
                    stored = self.store.get_exchange(exchange.id)
                    watch.status = ExchangeStatus(stored.state) if stored else None
                old = watch.status
            retry = source == ANSWER  # only our own payout request may retry a failed one
            if old is not None and state.is_stale(old, new, retry=retry):
                return old
            self.store.record_exchange(
                self.environment, exchange.id, exchange.order_id, new.value,
                jsonio.dumps(exchange.raw), source, final=state.is_final(new),
            )
            changed = state.is_news(old, new, retry=retry)
            self._check_payout(exchange)
            if changed:
                log.info("exchange %s: %s → %s (%s)", exchange.id, old, new, source)
                for subscriber in list(self._subscribers):
                    self._call(subscriber, exchange.id, old, new, exchange)
            with self._wake:
                watch.status = watch.published = new
                if changed:
                    watch.attempt = 0
                self._schedule(watch)
                self._wake.notify_all()
        return new

    def _not_ours(self, exchange: Exchange) -> str | None:
        """Why `exchange` is not news of one of this store's orders (None: it is)."""
        order = self.store.get_order(exchange.order_id)
        if order is None or order.environment != self.environment:
            return f"its order {exchange.order_id} is not one of ours ({self.environment})"
        known = self.store.get_exchange(exchange.id)
        if known is not None and known.order_id != exchange.order_id:
            return f"it was of order {known.order_id}, now it names order {exchange.order_id}"
        return None

    # Queries -----------------------------------------------------------------------------------

    def status(self, exchange_id: str) -> ExchangeStatus | None:
        """The state known for an exchange (from the store for one finished before a restart)."""
        with self._lock:
            watch = self._watches.get(exchange_id)
            if watch is not None:
                return watch.published
        stored = self.store.get_exchange(exchange_id)
        return ExchangeStatus(stored.state) if stored else None

    def open_exchanges(self) -> list[str]:
        with self._lock:
            return [w.exchange_id for w in self._watches.values() if not self._is_done(w)]

    def polls(self, exchange_id: str) -> int:
        with self._lock:
            watch = self._watches.get(exchange_id)
            return watch.polls if watch else 0

    def wait_until(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Block until `predicate()` holds (re-checked on every change) or `timeout` passes."""
        deadline = time.monotonic() + timeout
        with self._wake:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._wake.wait(min(left, 0.05))
        return True

    def wait_final(self, exchange_ids: Iterable[str], timeout: float) -> bool:
        ids = list(exchange_ids)

        def all_final() -> bool:
            return all((s := self.status(i)) is not None and state.is_final(s) for i in ids)

        return self.wait_until(all_final, timeout)

    # Polling -----------------------------------------------------------------------------------

    def poll_due(self, now: float | None = None) -> int:
        """Poll every exchange due at `now`; answers how many were polled."""
        now = self._clock() if now is None else now
        with self._lock:
            due = [w.exchange_id for w in self._watches.values()
                   if not self._is_done(w) and w.due <= now]
        for exchange_id in due:
            self._poll(exchange_id)
        return len(due)

    def _poll(self, exchange_id: str) -> None:
        with self._lock:
            watch = self._watches.get(exchange_id)
            if watch is None:  # dropped meanwhile (news of an order not ours)
                return
            watch.polls += 1
        try:
            exchange = self.client.get_exchange(exchange_id)
        except PocketError as exc:
            log.warning("exchange %s: poll failed: %s", exchange_id, exc)
            with self._wake:
                watch.attempt += 1
                self._schedule(watch, force_backoff=True)
            return
        if exchange.id != exchange_id:
            log.warning("exchange %s: the poll answered about exchange %s; dropped",
                        exchange_id, exchange.id)
            with self._wake:
                watch.attempt += 1
                self._schedule(watch, force_backoff=True)
            return
        with self._lock:
            before = watch.status
        if self.observe(exchange, source="poll") == before:
            with self._lock:
                watch.attempt += 1
                self._schedule(watch)

    def _run(self) -> None:
        while True:
            with self._wake:
                if self._stopping:
                    return
                pending = [w.due for w in self._watches.values() if not self._is_done(w)]
                wait = (min(pending) - self._clock()) if pending else None
                if wait is None or wait > 0:
                    self._wake.wait(wait)
                    continue
            try:
                self.poll_due()
            except Exception:  # never let the tracker thread die
                log.exception("tracker round failed")
                time.sleep(self.base_interval)

    def _is_done(self, watch: _Watch) -> bool:
        return watch.status is not None and state.is_final(watch.status)

    def _schedule(self, watch: _Watch, force_backoff: bool = False) -> None:
        if watch.status is None or force_backoff or state.needs_polling(
            watch.status, webhooks=self.webhooks
        ):
            waits_for_chain = watch.status in state.WAITS_FOR_CHAIN and not force_backoff
            base = self.confirmation_interval if waits_for_chain else self.base_interval
            delay = self.backoff(watch.exchange_id, watch.attempt, base)
        else:
            delay = self.watchdog_interval
        watch.due = self._clock() + delay

    def backoff(self, exchange_id: str, attempt: int, base: float | None = None) -> float:
        """base·2^attempt capped at max, times a deterministic jitter factor in [0.5, 1)."""
        base = self.base_interval if base is None else base
        capped = min(max(self.max_interval, base), base * 2 ** min(attempt, 32))
        digest = hashlib.sha256(f"{exchange_id}:{attempt}".encode()).digest()
        return capped * (0.5 + int.from_bytes(digest[:4], "big") / 2**33)

    # Payout check ------------------------------------------------------------------------------

    def _check_payout(self, exchange: Exchange) -> None:
        payout = exchange.payout
        if payout is None:
            return
        key = (exchange.id, repr(payout))
        if key in self._verified:
            return
        try:
            order, network = self._order(exchange.order_id)
        except (PocketError, KeyError) as exc:
            log.warning("exchange %s: payout not checked yet, order unavailable: %s",
                        exchange.id, exc)
            return
        if isinstance(payout, OnchainPayout):
            verdict = check_payout_address(order, payout.bitcoin_address, network,
                                           self._used_paths(exchange))
            flag = PAYOUT_ADDRESS_MISMATCH
        else:
            verdict, flag = check_lightning_payout(order, payout), PAYOUT_NODE_MISMATCH
            if verdict.ok and (why := unproven(payout)) is not None:
                verdict = PayoutVerdict(False, verdict.destination, None, why)
                flag = PAYOUT_NOT_PROVEN
        self._verified.add(key)
        if verdict.ok:
            return
        explanation = (_("Exchange {exchange}: the bitcoin were NOT proven paid to your node — "
                         "{reason}. Keep this record and contact Pocket support.")
                       if flag == PAYOUT_NOT_PROVEN else
                       _("Exchange {exchange}: the bitcoin were NOT paid to your wallet — "
                         "{reason}. Keep this record and contact Pocket support."))
        self._raise(exchange, flag, explanation.format(exchange=exchange.id,
                                                       reason=verdict.reason))

    def _used_paths(self, exchange: Exchange) -> list[str]:
        """Paths of the order's key already paid to, by Pocket's word on payouts that passed the
        check and by the chain: the gap limit counts from the last of them. Refunded exchanges
        paid nothing and do not count."""
        paths = [path for other, (path, flags) in self.store.payout_paths(exchange.order_id).items()
                 if other != exchange.id and PAYOUT_ADDRESS_MISMATCH not in flags]
        paths += [p.path for p in self.store.chain_payouts(self.environment, exchange.order_id)]
        return paths

    def _raise(self, exchange: Exchange, flag: str, explanation: str) -> None:
        """Flag the exchange and call the alarms, once per flag."""
        log.error(explanation)
        if self.store.add_exchange_flag(exchange.id, flag):
            for alarm in list(self._alarms):
                self._call(alarm, exchange.id, flag, explanation, exchange)

    # Chain -------------------------------------------------------------------------------------

    def observe_chain(self, report: SyncReport) -> None:
        """Take in one round of chain news (`ChainWatcher.sync()`): payouts are recorded and
        matched to Pocket's exchanges, disagreements raised as alarms (see chain_news)."""
        with self._observe_lock:
            chain_news.absorb(self.store, report, self._raise)
        with self._wake:
            self._wake.notify_all()

    def _order(self, order_id: str) -> tuple[Order, Network]:
        """The order as stored when we created it (`observe` drops news of any other)."""
        stored = self.store.get_order(order_id)
        if stored is None:
            raise KeyError(order_id)
        return Order.from_wire(jsonio.loads(stored.raw_json)), Network(stored.network)

    @staticmethod
    def _call(callback: Callable[..., None], *args: object) -> None:
        try:
            callback(*args)
        except Exception:
            log.exception("tracker callback %r failed", callback)
