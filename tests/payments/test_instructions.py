from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import pytest

from pocketgui.payments import (
    Currency,
    InvalidAddress,
    InvalidAmount,
    InvalidBic,
    InvalidIban,
    InvalidReference,
    PaymentError,
    PaymentInstructions,
    PostalAddress,
    UnsupportedCurrency,
    bank_details,
    build_slip,
    uk_sort_code_and_account,
)

from .examples import EXAMPLE_PAYMENT_METHOD


def test_from_payment_method_normalises(chf: PaymentInstructions) -> None:
    assert chf.currency is Currency.CHF
    assert chf.creditor_address == PostalAddress("5242", "Lupfig", "CH", "Industriestrasse 33")
    assert chf.bank_address is not None and chf.bank_address.town == "Luzern"
    spaced = {**EXAMPLE_PAYMENT_METHOD, "creditor_iban": "ch94 0077 8214 7683 0200 2",
              "creditor_reference": "rf18 gw8k 79"}
    again = PaymentInstructions.from_payment_method(spaced)
    assert (again.creditor_iban, again.reference) == (chf.creditor_iban, chf.reference)


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("creditor_iban", "CH9400778214768302003", InvalidIban),
        ("debitor_iban", "DE75512108001245126190", InvalidIban),
        ("creditor_bank_bic", "LUKB", InvalidBic),
        ("creditor_reference", "RF19GW8K79", InvalidReference),
        ("creditor_reference", "", InvalidReference),
        ("currency", "usd", UnsupportedCurrency),
        ("creditor_name", "  ", InvalidAddress),
        ("creditor_town", "", InvalidAddress),
        ("creditor_country", "Schweiz", InvalidAddress),
    ],
)
def test_invalid_fields_raise_specific_errors(field: str, value: str, error: type) -> None:
    with pytest.raises(error) as caught:
        PaymentInstructions.from_payment_method({**EXAMPLE_PAYMENT_METHOD, field: value})
    assert isinstance(caught.value, PaymentError) and isinstance(caught.value, ValueError)
    assert str(caught.value)


@pytest.mark.parametrize(
    "amount", ["0", "-5", "12.345", "1000000000", "NaN", "abc", 12.5, "1e40"])
def test_amounts_are_exact_and_bounded(chf: PaymentInstructions, amount: Any) -> None:
    with pytest.raises(InvalidAmount):
        dataclasses.replace(chf, amount=amount)


def test_amount_keeps_cents(chf: PaymentInstructions) -> None:
    assert dataclasses.replace(chf, amount=Decimal("7.1")).amount == Decimal("7.10")
    assert str(dataclasses.replace(chf, amount=Decimal("999999999.99")).amount) == "999999999.99"


def test_gbp_shows_sort_code_and_account() -> None:
    gbp = PaymentInstructions.from_payment_method(
        {**EXAMPLE_PAYMENT_METHOD, "currency": "gbp", "creditor_iban": "GB29NWBK60161331926819",
         "creditor_bank_bic": "NWBKGB2L"}
    )
    assert uk_sort_code_and_account(gbp.creditor_iban) == ("60-16-13", "31926819")
    rows = {row.label: row for row in bank_details(gbp)}
    assert rows["Sort code"].display == "60-16-13" and rows["Sort code"].copy == "601613"
    assert rows["Account number"].copy == "31926819"
    assert rows["Reference"].copy == "RF18GW8K79"
    slip = build_slip(gbp)
    assert slip.code is None and "GBP" in slip.title


def test_slip_of_the_example_order(chf: PaymentInstructions) -> None:
    slip = build_slip(chf)
    assert slip.code is not None and slip.code.swiss_cross and slip.code.error_correction == "M"
    rows = {row.label: row for row in slip.rows}
    assert rows["IBAN"].display == "CH94 0077 8214 7683 0200 2"
    assert rows["Pay from"].copy == "DE75512108001245126199"
    assert any("standing order" in note for note in slip.notes)
