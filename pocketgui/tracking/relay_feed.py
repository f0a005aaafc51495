"""`RelayFeed`: the desktop's reader of a `pocketgui-relay` feed (see `pocketgui.relay.feed`).

One daemon thread long-polls `GET {relay}/v1/deliveries?after=SEQ&wait=…` with the bearer
token, through the app's bounded HTTP (`api.bounded`: a size cap and a deadline per answer).
For each delivery, in seq order:
1. the HMAC is checked again, here, with the webhook secret (`webhook_intake.check_delivery`,
   the receiver's own check): the relay, or anyone who holds its token, cannot forge news. A
   delivery that fails is refused, kept in the store as evidence, the cursor moves past it,
   and the status names the relay as untrustworthy from then on (also after a restart);
2. stored with `record_webhook` (deduplicated by the SHA-256 of the body, as the receiver does);
3. handed to the tracker as a hint only (`ExchangeTracker.hint_event`): Pocket is asked for the
   exchange, and only for an order of this store;
4. then the cursor advances in the store, once per page (persist before acknowledging): a
   restart resumes after the last page stored (a delivery read again is known by its body's
   hash and ignored), and one stored but not handed on is replayed by the tracker's `resume`.
A relay that cannot be reached, refuses the token (401) or slows us down (429) is said plainly
in `status()`; the feed then backs off exponentially up to `max_backoff`, at least as long as
a Retry-After asks. No Qt here: the dashboard reads `status()` (a frozen snapshot).
"""

from __future__ import annotations

import base64
import binascii
import logging
import threading
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from pocketgui import __version__
from pocketgui.api import jsonio
from pocketgui.api.bounded import BoundedTransport, RefusedAnswer, exchange
from pocketgui.i18n.catalog import N_, _
from pocketgui.store.repository import Store
from pocketgui.tracking.backoff import next_delay
from pocketgui.tracking.news import NewsStatus
from pocketgui.tracking.receiver import hand_on, keep_delivery
from pocketgui.tracking.tracker import ExchangeTracker
from pocketgui.tracking.webhook_intake import Refusal, check_delivery

log = logging.getLogger(__name__)

FEED_PATH = "/v1/deliveries"
LONG_POLL = 25.0  # seconds one feed request may wait for news (the relay allows up to 30)
PAGE = 100  # deliveries asked for at once
ANSWER_LIMIT = 16 << 20  # bytes: the relay sends at most 8 MiB of bodies, base64 adds a third
MIN_BACKOFF, MAX_BACKOFF = 1.0, 300.0  # seconds between attempts when the relay fails

CONNECTING, CONNECTED, DOWN, UNAUTHORIZED, THROTTLED, STOPPED = (
    "connecting", "connected", "down", "unauthorized", "throttled", "stopped")
UNTRUSTWORTHY = N_("The relay served a delivery that Pocket did not sign: it was refused and "
                   "kept as evidence. Do not trust this relay; check who runs it and its token.")


@dataclass(frozen=True)
class RelayStatus(NewsStatus):
    """What the dashboard shows about the relay (times are aware, UTC): a news source's status
    (its `detail` is the relay's URL, `last_news` the last delivery taken) and the relay's own."""

    name: str = "relay"
    running: bool = False  # started and not stopped
    state: str = CONNECTING
    down_since: datetime | None = None  # the first failure of the current run of failures
    untrustworthy: bool = False  # it served a delivery Pocket did not sign (ever, this store)
    cursor: int = 0  # the last seq taken and kept in the store
    taken: int = 0  # deliveries taken since start (stored or already known)

    @property
    def ok(self) -> bool:
        return self.running and not self.problem and not self.untrustworthy

    @property
    def text(self) -> str:
        """One plain sentence or two for a status line."""
        host = urlsplit(self.detail).netloc or self.detail
        if self.state == CONNECTED:
            text = _("Relay {host}: connected").format(host=host)
            if self.last_news is not None:
                text = _("Relay {host}: connected · last delivery {time}").format(
                    host=host, time=f"{self.last_news.astimezone():%Y-%m-%d %H:%M:%S}")
        elif self.state in (DOWN, UNAUTHORIZED, THROTTLED):
            if self.down_since is not None:
                text = _("Relay {host}: not reachable since {time}. {problem}").format(
                    host=host, time=f"{self.down_since.astimezone():%Y-%m-%d %H:%M:%S}",
                    problem=self.problem)
            else:
                text = _("Relay {host}: not reachable. {problem}").format(
                    host=host, problem=self.problem)
        elif self.state == STOPPED:
            text = _("Relay {host}: stopped").format(host=host)
        else:
            text = _("Relay {host}: connecting…").format(host=host)
        return _("{warning} ({host}) {status}").format(
            warning=_(UNTRUSTWORTHY), host=host, status=text) if self.untrustworthy else text


class FeedFailure(Exception):
    """The relay did not answer with a feed; `state` says how (down, unauthorized, throttled)."""

    def __init__(self, state: str, message: str, retry_after: float = 0.0):
        super().__init__(message)
        self.state, self.retry_after = state, retry_after


class RelayFeed:
    """A news source for the tracker (`name`, `start`, `stop`, `status`), see the module."""

    name = "relay"

    def __init__(self, store: Store, tracker: ExchangeTracker, url: str, token: str,
                 webhook_secret: str, environment: str | None = None, *,
                 long_poll: float = LONG_POLL, min_backoff: float = MIN_BACKOFF,
                 max_backoff: float = MAX_BACKOFF) -> None:
        if not (url and token and webhook_secret):
            raise ValueError("a relay feed needs the relay's URL, its token and the webhook secret")
        self.store, self.tracker = store, tracker
        self.url = url.rstrip("/")
        self.environment = environment or tracker.environment
        self.secret = webhook_secret.encode()
        self.long_poll, self.min_backoff, self.max_backoff = long_poll, min_backoff, max_backoff
        self._http = httpx.Client(
            base_url=self.url,
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json",
                     "User-Agent": f"pocketgui/{__version__}"},
            timeout=httpx.Timeout(connect=10.0, read=long_poll + 15.0, write=10.0, pool=5.0),
            transport=BoundedTransport(),
            follow_redirects=False,
        )
        forged = any(r.forged for r in store.relay_refusals(self.environment, self.url))
        self._status = RelayStatus(detail=self.url, untrustworthy=forged,
                                   cursor=store.relay_cursor(self.environment, self.url))
        self._read = self._status.cursor  # the last seq taken (stored once per page)
        self._lock = threading.Lock()  # one delivery at a time; stop() waits for it
        self._status_lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    # Lifecycle ---------------------------------------------------------------------------------

    def start(self) -> None:
        """Once per feed (a stopped feed's abandoned poll still owns its connection)."""
        if self._thread is not None or self._stopping.is_set():
            raise RuntimeError("a relay feed starts once; make a new one")
        self._set(running=True, state=CONNECTING)
        self._thread = threading.Thread(target=self._run, name="relay-feed", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 0.2) -> None:
        """No delivery is taken and the store is not touched after this returns (a delivery
        under way finishes first). A long-poll under way is abandoned, not waited for: its
        daemon thread ends when the answer comes, so closing the app never waits for it."""
        self._stopping.set()
        with self._lock:
            self._set(state=STOPPED, running=False)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def __enter__(self) -> RelayFeed:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def status(self) -> RelayStatus:
        with self._status_lock:
            return self._status

    # The loop ----------------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._loop()
        finally:
            self._http.close()

    def _loop(self) -> None:
        failures = 0
        wait = 0.0  # the first read takes what is there at once
        while not self._stopping.is_set():
            try:
                more = self.read_once(wait)
            except FeedFailure as exc:
                if self._stopping.is_set():  # the answer to a poll abandoned by stop()
                    return
                failures += 1
                delay = next_delay(failures, exc.retry_after, self.min_backoff, self.max_backoff)
                log.warning("relay %s: %s Next attempt in %.3g s.", self.url, exc, delay)
                self._stopping.wait(delay)
                wait = 0.0
                continue
            except Exception:  # never let the feed's thread die
                log.exception("relay %s: a round of the feed failed", self.url)
                failures += 1
                self._stopping.wait(next_delay(failures, 0.0, self.min_backoff, self.max_backoff))
                continue
            failures = 0
            wait = 0.0 if more else self.long_poll

    def read_once(self, wait: float = 0.0) -> bool:
        """One feed request and every delivery in it; answers whether more are waiting.
        Raises `FeedFailure` (the status says it already)."""
        cursor = self._read
        query = f"{FEED_PATH}?after={cursor}&wait={wait:g}&limit={PAGE}"
        try:
            try:
                answer = exchange(self._http, "GET", query, limit=ANSWER_LIMIT,
                                  seconds=wait + 20.0)
            except httpx.RemoteProtocolError:  # closed unanswered (e.g. at its connection
                self._stopping.wait(0.05)  # limit): a read changes nothing, so once more
                answer = exchange(self._http, "GET", query, limit=ANSWER_LIMIT,
                                  seconds=wait + 20.0)
        except (httpx.HTTPError, RefusedAnswer, OSError) as exc:
            raise self._failed(DOWN, _("The relay cannot be reached ({reason}).").format(
                reason=_short(exc))) from exc
        if answer.status_code == 401:
            raise self._failed(UNAUTHORIZED,
                               _("The relay refused the token: check it in Settings."))
        if answer.status_code == 429:
            retry = _retry_after(answer.headers.get("retry-after"))
            raise self._failed(THROTTLED, _("The relay is slowing us down after wrong tokens; "
                                            "check the token in Settings."), retry)
        if answer.status_code != 200:
            raise self._failed(DOWN, _("The relay answered HTTP {status}.").format(
                status=answer.status_code))
        deliveries, last_seq = self._parse(answer.content)
        if last_seq < cursor:  # its file was replaced: read it all again, dedupe keeps it once
            log.warning("relay %s: its feed ends at %d, before our cursor %d; reading it again "
                        "from the start", self.url, last_seq, cursor)
            with self._lock:
                if not self._stopping.is_set():
                    self.store.save_relay_cursor(self.environment, self.url, 0)
                    self._read = 0
                    self._set(cursor=0)
            return True
        for delivery in deliveries:
            with self._lock:
                if self._stopping.is_set():
                    self._save_cursor()
                    return False
                if delivery["seq"] > self._read:
                    self._take(delivery)
        with self._lock:
            if not self._stopping.is_set():
                self._save_cursor()
                self._set(state=CONNECTED, down_since=None, problem="")
        return bool(deliveries) and self._read < last_seq

    def _save_cursor(self) -> None:
        """The cursor to the store once per page, after its deliveries are stored: a crash
        before it reads them again, and the store's dedupe takes none of them twice."""
        if self.status().cursor != self._read:
            self.store.save_relay_cursor(self.environment, self.url, self._read)
            self._set(cursor=self._read)

    def _parse(self, content: bytes) -> tuple[list[dict[str, Any]], int]:
        try:
            data = jsonio.loads(content)
            deliveries, last_seq = data["deliveries"], data["last_seq"]
            if not (isinstance(deliveries, list) and _is_seq(last_seq)
                    and all(isinstance(d, dict) and _is_seq(d.get("seq")) for d in deliveries)):
                raise TypeError("unexpected shape")
        except (ValueError, KeyError, TypeError, RecursionError) as exc:
            raise self._failed(DOWN, _("The relay's answer is not a feed of deliveries.")) from exc
        return sorted(deliveries, key=lambda d: int(d["seq"])), int(last_seq)

    def _take(self, delivery: dict[str, Any]) -> None:
        """Steps 1–4 of the module docstring for one delivery (under `_lock`)."""
        seq = int(delivery["seq"])
        headers = delivery.get("headers")
        headers = ({str(k).lower(): str(v) for k, v in headers.items()}
                   if isinstance(headers, dict) else {})
        served = str(delivery.get("body", ""))
        try:
            body = base64.b64decode(served, validate=True)
            checked = check_delivery(self.secret, headers, body)
        except (binascii.Error, ValueError):  # not base64: it cannot be what Pocket signed
            body, checked = served.encode("utf-8", "replace"), Refusal(401, {"error": "base64"})
        if isinstance(checked, Refusal):
            reason = str(checked.answer.get("error", "refused"))
            forged = checked.status == 401
            log.error("relay %s served delivery %d that %s (%s); refused and kept as evidence",
                      self.url, seq, "Pocket did not sign" if forged else "is not an event",
                      reason)
            self.store.refuse_relay_delivery(self.environment, self.url, seq, reason,
                                             forged=forged, headers=jsonio.dumps(headers),
                                             body=body)
            self._read = seq  # saved with the refusal
            self._set(cursor=seq, untrustworthy=self.status().untrustworthy or forged)
            return
        event = keep_delivery(self.store, checked, body)
        if event is not None:
            hand_on(self.store, event, self.tracker.hint_event)
        else:
            log.info("relay delivery %d (%s) already known; ignored", seq, checked.key[:16])
        status = self.status()
        self._read = seq
        self._set(last_news=datetime.now(UTC), taken=status.taken + 1)

    # Status ------------------------------------------------------------------------------------

    def _failed(self, state: str, problem: str, retry_after: float = 0.0) -> FeedFailure:
        with self._status_lock:
            since = self._status.down_since or datetime.now(UTC)
        if not self._stopping.is_set():
            self._set(state=state, problem=problem, down_since=since)
        return FeedFailure(state, problem, retry_after)

    def _set(self, **changes: Any) -> None:
        with self._status_lock:
            self._status = replace(self._status, **changes)


def _is_seq(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1 << 63


def _retry_after(text: str | None) -> float:
    """Seconds of a Retry-After given in seconds (the relay's form); 0 when absent or not."""
    try:
        return max(0.0, float(text or "0"))
    except ValueError:
        return 0.0


def _short(exc: BaseException) -> str:
    return str(exc)[:160] or type(exc).__name__
