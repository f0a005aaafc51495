"""pocketgui.orders: placing and changing an order at Pocket so that no outcome is lost (no Qt).

`placing`: `new_challenge`, `place_order` and `change_order`, each with an intent in the store
around the call, and the creditor account trusted on first use. Used by the wizard (`flow`), the
dashboard's core (`purchases`) and scripts; it sits below them and beside `chain`, importing only
`api`, `store` and `formats`.
"""

from pocketgui.orders.placing import (
    CHANGE_ORDER,
    CreditorChanged,
    change_order,
    check_creditor,
    creditor_change,
    new_challenge,
    place_order,
)

__all__ = [
    "CHANGE_ORDER",
    "CreditorChanged",
    "change_order",
    "check_creditor",
    "creditor_change",
    "new_challenge",
    "place_order",
]
