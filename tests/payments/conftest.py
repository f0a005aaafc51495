"""Payment instructions of the reference's example order, in CHF and in EUR."""

from __future__ import annotations

import pytest

from pocketgui.payments import PaymentInstructions

from .examples import EXAMPLE_PAYMENT_METHOD


@pytest.fixture
def chf() -> PaymentInstructions:
    return PaymentInstructions.from_payment_method(EXAMPLE_PAYMENT_METHOD)


@pytest.fixture
def eur() -> PaymentInstructions:
    """The same order paid in EUR to a German account (the reference's example IBAN)."""
    return PaymentInstructions.from_payment_method(
        {**EXAMPLE_PAYMENT_METHOD, "currency": "eur", "creditor_iban": "DE75512108001245126199",
         "creditor_bank_bic": "LUKBCH2260A", "debitor_iban": ""}
    )
