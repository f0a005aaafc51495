"""The webhook receiver over real HTTP: signatures, persist-then-ack, retries, hostile input."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from pocketgui.api import jsonio
from pocketgui.store import Store
from pocketgui.tracking import WebhookEvent, WebhookReceiver, sign, signature_matches

SECRET = b"whsec-test"
BODY = jsonio.dumps({"event": "exchange.executed",
                     "payload": {"exchange_id": "e1", "order_id": "o1", "cost": jsonio.loads(
                         "100.00")}}).encode()


class Events:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.events: list[WebhookEvent] = []
        self.stored_when_called: list[bool] = []
        self.fail = False
        self.arrived = threading.Event()

    def __call__(self, event: WebhookEvent) -> None:
        keys = {d.delivery_key for d in self.store.webhook_deliveries()}
        self.stored_when_called.append(event.delivery_key in keys)
        self.events.append(event)
        self.arrived.set()
        if self.fail:
            raise RuntimeError("the app crashed while processing")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "p.sqlite3") as opened:
        yield opened


@pytest.fixture
def events(store: Store) -> Events:
    return Events(store)


@pytest.fixture
def receiver(store: Store, events: Events) -> Iterator[WebhookReceiver]:
    with WebhookReceiver(store, SECRET, on_event=events, max_body=4096) as running:
        yield running


def deliver(receiver: WebhookReceiver, body: bytes = BODY, *, signature: str | None = "ok",
            correlation: str = "corr-1", retry: int = 0) -> httpx.Response:
    headers = {"Content-Type": "application/json", "User-Agent": "Pocket-Webhook/1.0",
               "X-Correlation-Id": correlation, "X-Retry-Count": str(retry)}
    if signature == "ok":
        headers["X-Signature-256"] = sign(SECRET, body)
    elif signature is not None:
        headers["X-Signature-256"] = signature
    return httpx.post(receiver.url, content=body, headers=headers, timeout=5)


def test_signed_event_is_stored_before_the_answer_and_handed_on(
    receiver: WebhookReceiver, store: Store, events: Events
) -> None:
    response = deliver(receiver)
    assert response.status_code == 200 and response.json() == {"received": True,
                                                               "duplicate": False}
    (delivery,) = store.webhook_deliveries()
    assert delivery.body.encode() == BODY and delivery.event == "exchange.executed"
    assert events.arrived.wait(2)
    assert events.stored_when_called == [True]
    assert str(events.events[0].payload["cost"]) == "100.00"


@pytest.mark.parametrize(
    "signature",
    [None, "", "sha256=", "sha256=" + "0" * 64, sign(b"another secret", BODY),
     sign(SECRET, BODY).upper(), sign(SECRET, BODY)[7:], "sha1=" + sign(SECRET, BODY)[7:]],
)
def test_missing_or_forged_signature_is_401_and_nothing_is_kept(
    receiver: WebhookReceiver, store: Store, events: Events, signature: str | None
) -> None:
    response = deliver(receiver, signature=signature)
    assert response.status_code == 401
    assert store.webhook_deliveries() == [] and events.events == []


def test_a_signature_for_another_body_is_rejected(receiver: WebhookReceiver,
                                                  store: Store) -> None:
    other = BODY.replace(b"e1", b"e2")
    assert deliver(receiver, other, signature=sign(SECRET, BODY)).status_code == 401
    assert store.webhook_deliveries() == []


def wait_for(condition: Callable[[], bool], seconds: float = 2.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_retries_of_one_event_count_once(receiver: WebhookReceiver, store: Store,
                                         events: Events) -> None:
    assert deliver(receiver).status_code == 200
    for retry in (1, 2):
        answer = deliver(receiver, retry=retry)
        assert answer.status_code == 200 and answer.json()["duplicate"] is True
    other = BODY.replace(b"e1", b"e2")
    assert deliver(receiver, other, correlation="corr-2").json()["duplicate"] is False
    wait_for(lambda: len(events.events) >= 2)  # handed on just after the answer went out
    time.sleep(0.05)
    assert [e.delivery_key for e in events.events] == [hashlib.sha256(BODY).hexdigest(),
                                                        hashlib.sha256(other).hexdigest()]
    first = next(d for d in store.webhook_deliveries() if d.body.encode() == BODY)
    assert (first.deliveries, first.max_retry_count) == (3, 2)


def test_the_same_signed_body_with_fresh_correlation_ids_is_passed_on_once(
    receiver: WebhookReceiver, store: Store, events: Events
) -> None:
    answers = [deliver(receiver, correlation=f"fresh-{n}") for n in range(5)]
    assert [a.json()["duplicate"] for a in answers] == [False, True, True, True, True]
    wait_for(lambda: len(events.events) >= 1)
    time.sleep(0.1)
    assert len(events.events) == 1
    (delivery,) = store.webhook_deliveries()
    assert delivery.deliveries == 5


@pytest.mark.parametrize(
    ("body", "status"),
    [(b"{not json", 400), (b"[1, 2]", 400), (b'{"event": "x"}', 400),
     (b'{"event": 1, "payload": {}}', 400), (b"\xff\xfe\x00", 400), (b"x" * 5000, 413)],
)
def test_bad_bodies_get_a_4xx_never_a_5xx(receiver: WebhookReceiver, store: Store,
                                          body: bytes, status: int) -> None:
    assert deliver(receiver, body).status_code == status
    assert store.webhook_deliveries() == []


def test_hostile_but_signed_input_never_gets_a_5xx(store: Store, events: Events) -> None:
    with WebhookReceiver(store, SECRET, on_event=events) as receiver:
        deep = b"[" * 100_000 + b"]" * 100_000
        assert deliver(receiver, deep).status_code == 400
        assert deliver(receiver, retry=10**30).status_code == 200
        other = BODY.replace(b"e1", b"e3")
        assert deliver(receiver, other, correlation="c" * 5000, retry=-3).status_code == 200
    retries = sorted(d.max_retry_count for d in store.webhook_deliveries())
    assert retries == [0, 1_000_000]


def test_wrong_method_or_path(receiver: WebhookReceiver) -> None:
    assert httpx.get(receiver.url).status_code == 405
    wrong = receiver.url.replace("/webhooks/pocket", "/other")
    assert httpx.post(wrong, content=BODY,
                      headers={"X-Signature-256": sign(SECRET, BODY)}).status_code == 404


def test_a_failing_consumer_keeps_the_event_for_the_next_start(
    receiver: WebhookReceiver, store: Store, events: Events
) -> None:
    events.fail = True
    assert deliver(receiver).status_code == 200  # stored: Pocket must not send it again
    assert events.arrived.wait(2)
    (delivery,) = store.webhook_deliveries(unprocessed_only=True)
    assert delivery.delivery_key == hashlib.sha256(BODY).hexdigest()


def test_the_delivery_key_is_the_hash_of_the_signed_body(receiver: WebhookReceiver,
                                                         store: Store) -> None:
    assert deliver(receiver, correlation="").status_code == 200
    assert deliver(receiver, correlation="corr-9").json()["duplicate"] is True
    (delivery,) = store.webhook_deliveries()
    assert delivery.delivery_key == hashlib.sha256(BODY).hexdigest()


def test_signature_check_is_exact() -> None:
    assert signature_matches(SECRET, BODY, sign(SECRET, BODY))
    assert signature_matches(SECRET, BODY, " " + sign(SECRET, BODY) + " ")
    assert not signature_matches(SECRET, BODY, None)
