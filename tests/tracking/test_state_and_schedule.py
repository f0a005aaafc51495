"""The state machine and the polling schedule, with a fake clock and no threads."""

from __future__ import annotations

from pathlib import Path

import pytest

from pocketgui.api import ExchangeStatus as S
from pocketgui.api import jsonio
from pocketgui.store import Store
from pocketgui.tracking import ExchangeTracker, state
from tests.api import reference as ref
from tests.api.loopback import ScriptedServer
from tests.api.sandbox_kit import pocket


def test_final_states() -> None:
    assert {s for s in S if state.is_final(s)} == {S.CONFIRMED, S.REFUNDED,
                                                   S.PAYOUT_SUCCEEDED, S.PAYOUT_FAILED}
    assert not state.is_final(S.INTERRUPTED)


@pytest.mark.parametrize(
    ("known", "seen", "news", "stale"),
    [(None, S.EXECUTED, True, False), (S.INTERRUPTED, S.EXECUTED, True, False),
     (S.SETTLED, S.EXECUTED, False, True), (S.SETTLED, S.SETTLED, False, False),
     (S.SETTLED, S.CONFIRMED, True, False), (S.PAYOUT_PENDING, S.PAYOUT_FAILED, True, False)],
)
def test_states_only_move_forward(known: S | None, seen: S, news: bool, stale: bool) -> None:
    assert (state.is_news(known, seen), state.is_stale(known, seen)) == (news, stale)


@pytest.mark.parametrize(
    ("known", "seen", "news", "stale"),
    [(S.PAYOUT_FAILED, S.PAYOUT_PENDING, True, False),
     (S.PAYOUT_SUCCEEDED, S.PAYOUT_PENDING, False, True),
     (S.PAYOUT_FAILED, S.EXECUTED, False, True)],
)
def test_only_a_failed_payout_may_be_tried_again(known: S, seen: S, news: bool,
                                                  stale: bool) -> None:
    assert (state.is_news(known, seen), state.is_stale(known, seen)) == (news, stale)


def test_with_webhooks_only_unannounced_successors_are_polled() -> None:
    polled = {s for s in S if state.needs_polling(s, webhooks=True)}
    assert polled == {S.SETTLED, S.PAYOUT_PENDING}
    assert {s for s in S if state.needs_polling(s, webhooks=False)} == set(S) - state.FINAL
    assert polled == state.WAITS_FOR_CHAIN


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def settled_then(confirmed: bool) -> str:
    data = jsonio.loads(ref.SETTLED)
    data["payout"]["confirmed"] = confirmed
    return jsonio.dumps(data)


def test_backoff_is_deterministic_jittered_and_capped(tmp_path: Path) -> None:
    with Store(tmp_path / "db") as store, pocket("http://127.0.0.1:9") as client:
        tracker = ExchangeTracker(client, store, base_interval=1.0, max_interval=8.0)
        delays = [tracker.backoff("e1", attempt) for attempt in range(8)]
        assert delays == [tracker.backoff("e1", attempt) for attempt in range(8)]
        for attempt, delay in enumerate(delays):
            ceiling = min(8.0, 2.0**attempt)
            assert ceiling / 2 <= delay < ceiling
        assert tracker.backoff("e1", 3) != tracker.backoff("e2", 3)


def test_poll_schedule_with_a_fake_clock(tmp_path: Path) -> None:
    replies: list[tuple[int, str] | str] = [
        (200, ref.EXECUTED), (200, ref.EXECUTED), (503, "{}"), (200, settled_then(False)),
        (200, settled_then(True)),
    ]
    clock = Clock()
    with ScriptedServer(replies) as server, Store(tmp_path / "db") as store, \
            pocket(server.url, retries=0) as client:
        tracker = ExchangeTracker(client, store, base_interval=10.0, max_interval=100.0,
                                  confirmation_interval=10.0, clock=clock)
        store.save_order("sandbox", "64decab6-4129-4fe7-9f6e-1db68283f5ce", ref.ORDER, "mainnet")
        exchange_id = "a2d75998-5ee5-4501-a4cf-4e3788732b7a"
        tracker.track(exchange_id)
        assert tracker.poll_due() == 1 and tracker.status(exchange_id) is S.EXECUTED
        assert tracker.poll_due() == 0  # not due yet
        clock.now += 10.0  # attempt 0 waits 5–10 s
        assert tracker.poll_due() == 1  # same state: the next wait doubles
        clock.now += 10.0
        assert tracker.poll_due() == 0
        clock.now += 10.0
        assert tracker.poll_due() == 1  # 503: counted as a failed attempt, no change
        assert tracker.status(exchange_id) is S.EXECUTED
        clock.now += 40.0
        assert tracker.poll_due() == 1 and tracker.status(exchange_id) is S.SETTLED
        clock.now += 10.0  # a change restarts the backoff
        assert tracker.poll_due() == 1 and tracker.status(exchange_id) is S.CONFIRMED
        clock.now += 1000.0
        assert tracker.poll_due() == 0 and tracker.open_exchanges() == []
        assert tracker.polls(exchange_id) == 5
        assert [t.state for t in store.timeline(exchange_id)] == ["executed", "settled",
                                                                  "confirmed"]


def test_a_polled_pending_after_a_failed_payout_is_stale_not_a_retry() -> None:
    """Only the answer to our own payout request retries; a poll that left before the failure
    and came back after it must not show the payout pending again."""
    assert not state.is_news(S.PAYOUT_FAILED, S.PAYOUT_PENDING, retry=False)
    assert state.is_stale(S.PAYOUT_FAILED, S.PAYOUT_PENDING, retry=False)
    assert state.is_news(S.PAYOUT_FAILED, S.PAYOUT_PENDING, retry=True)
