from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from pocketgui.payments import (
    Currency,
    InvalidAddress,
    MalformedPayload,
    PaymentInstructions,
    UnsupportedCurrency,
    build_epc_payload,
    parse_epc_payload,
)


def test_eur_order_parses_back_field_by_field(eur: PaymentInstructions) -> None:
    text = build_epc_payload(dataclasses.replace(eur, amount=Decimal("12.5")))
    assert text == ("BCD\n002\n1\nSCT\nLUKBCH2260A\nPocket App\nDE75512108001245126199\n"
                    "EUR12.50\n\nRF18GW8K79")
    epc = parse_epc_payload(text)
    assert (epc.version, epc.charset) == ("002", "1")
    assert (epc.bic, epc.name, epc.iban) == ("LUKBCH2260A", "Pocket App", "DE75512108001245126199")
    assert epc.amount == Decimal("12.50")
    assert (epc.purpose, epc.reference, epc.text, epc.information) == ("", "RF18GW8K79", "", "")
    assert epc.payload() == text


def test_open_amount_is_empty(eur: PaymentInstructions) -> None:
    text = build_epc_payload(eur)
    assert text.split("\n")[7] == ""
    assert parse_epc_payload(text).amount is None


def test_refuses_other_currencies(chf: PaymentInstructions) -> None:
    with pytest.raises(UnsupportedCurrency):
        build_epc_payload(chf)
    with pytest.raises(UnsupportedCurrency):
        build_epc_payload(dataclasses.replace(chf, currency=Currency.GBP))


def test_name_longer_than_70_is_refused(eur: PaymentInstructions) -> None:
    with pytest.raises(InvalidAddress):
        build_epc_payload(dataclasses.replace(eur, creditor_name="P" * 71))


@pytest.mark.parametrize(
    "text",
    ["SPC\n0200", "BCD\n003\n1\nSCT\n\nA\nDE75512108001245126199",
     "BCD\n002\n1\nSCT\n\nA\nDE75512108001245126199\n12.50", "BCD\n002\n1\nSCT" + "\nx" * 9],
)
def test_parser_refuses_what_is_not_a_girocode(text: str) -> None:
    with pytest.raises(MalformedPayload):
        parse_epc_payload(text)
