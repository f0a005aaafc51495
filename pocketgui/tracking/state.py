"""The exchange state machine: which states are final, which answers are news, who announces what.

The wire has no status field; `Exchange.status` derives one (docs/dev/contracts.md). States only
move forward, so every state has a rank and an answer whose rank is lower than what we already
know is stale (a poll that left before a webhook arrived) and is ignored:

    pending ─┬─> interrupted ──> executed ──> settled ──> confirmed        (on-chain)
             ├─────────────────> executed ──> payout_pending ─┬─> payout_succeeded (lightning)
             └─> refunded                                     └─> payout_failed

Final: confirmed, refunded, payout_succeeded, payout_failed (interrupted is not: an
identification resumes it). The one move back: a failed lightning payout may be tried again
(a new invoice), so payout_failed → payout_pending is news, but only from the answer to our
own PATCH (`retry=`): a poll's pending after a failure is stale. Pocket announces by webhook
every move into executed, interrupted, refunded and settled; nothing announces confirmed or a
lightning payout's outcome, so those are the only states a tracker with webhooks has to poll
its way out of.
"""

from __future__ import annotations

from pocketgui.api.models import ExchangeStatus as S

FINAL = frozenset({S.CONFIRMED, S.REFUNDED, S.PAYOUT_SUCCEEDED, S.PAYOUT_FAILED})

RANK: dict[S, int] = {
    S.PENDING: 0,
    S.INTERRUPTED: 1,
    S.EXECUTED: 2,
    S.SETTLED: 3,
    S.PAYOUT_PENDING: 3,
    S.CONFIRMED: 4,
    S.REFUNDED: 4,
    S.PAYOUT_SUCCEEDED: 4,
    S.PAYOUT_FAILED: 4,
}

# States whose next state arrives as a webhook event: with webhooks there is nothing to poll for.
NEXT_IS_ANNOUNCED = frozenset({S.PENDING, S.INTERRUPTED, S.EXECUTED})


# States that only the chain (a block) or a lightning payment can end.
WAITS_FOR_CHAIN = frozenset({S.SETTLED, S.PAYOUT_PENDING})


def is_final(state: S) -> bool:
    return state in FINAL


RETRY = (S.PAYOUT_FAILED, S.PAYOUT_PENDING)  # a failed payout tried again


def is_news(known: S | None, seen: S, *, retry: bool = True) -> bool:
    """Whether `seen` moves an exchange forward from `known` (None: not known yet). `retry`:
    `seen` is the answer to our own payout request, the only source that may move a failed
    payout back to pending; a poll that left before the failure must not."""
    return known is None or RANK[seen] > RANK[known] or (retry and (known, seen) == RETRY)


def is_stale(known: S | None, seen: S, *, retry: bool = True) -> bool:
    """An answer older than what is known (it must not move the state back)."""
    return known is not None and RANK[seen] < RANK[known] and not (
        retry and (known, seen) == RETRY)


def needs_polling(state: S, *, webhooks: bool) -> bool:
    """Whether the tracker must poll to see this state's successor (besides its watchdog)."""
    if is_final(state):
        return False
    return not (webhooks and state in NEXT_IS_ANNOUNCED)
