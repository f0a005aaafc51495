"""pocketgui.tracking: from a created order to every exchange's final state (no Qt).

`WebhookReceiver` (signed, stored, deduplicated events), `RelayFeed` (a relay's deliveries,
verified again, as hints), `ExchangeTracker` (state machine, polling, payout check, subscribers;
chain news with `observe_chain`, its disagreement flags in `chain_news`).
"""

from pocketgui.tracking.chain_news import (
    CHAIN_ADDRESS_MISMATCH,
    CHAIN_AMOUNT_MISMATCH,
    CHAIN_FLAGS,
    CHAIN_TX_MISSING,
    MISSING_AFTER,
)
from pocketgui.tracking.lightning_proof import PAYOUT_NOT_PROVEN, unproven
from pocketgui.tracking.payout_check import (
    PAYOUT_ADDRESS_MISMATCH,
    PAYOUT_NODE_MISMATCH,
    PayoutVerdict,
    check_lightning_payout,
    check_payout_address,
)
from pocketgui.tracking.receiver import WebhookEvent, WebhookReceiver, sign, signature_matches
from pocketgui.tracking.relay_feed import RelayFeed, RelayStatus
from pocketgui.tracking.state import FINAL, is_final
from pocketgui.tracking.tracker import ExchangeTracker

__all__ = [
    "CHAIN_ADDRESS_MISMATCH",
    "CHAIN_AMOUNT_MISMATCH",
    "CHAIN_FLAGS",
    "CHAIN_TX_MISSING",
    "FINAL",
    "MISSING_AFTER",
    "PAYOUT_ADDRESS_MISMATCH",
    "PAYOUT_NODE_MISMATCH",
    "PAYOUT_NOT_PROVEN",
    "ExchangeTracker",
    "PayoutVerdict",
    "RelayFeed",
    "RelayStatus",
    "WebhookEvent",
    "WebhookReceiver",
    "check_lightning_payout",
    "check_payout_address",
    "is_final",
    "sign",
    "signature_matches",
    "unproven",
]
