"""The wizard's tracking page never says "✓ Paid over lightning" without the preimage's proof."""

from __future__ import annotations

from pocketgui.ui.wizard.tracking import NOT_PROVEN, columns
from tests.history.test_lightning_proof import OTHER_PREIMAGE, PREIMAGE, paid_by_invoice


def test_the_wizard_says_paid_only_with_the_proof() -> None:
    assert columns(paid_by_invoice(PREIMAGE.hex()).exchange)[2] == "✓ Paid over lightning"
    for preimage in (None, OTHER_PREIMAGE):
        status = columns(paid_by_invoice(preimage).exchange)[2]
        assert status == NOT_PROVEN and "✓" not in status
