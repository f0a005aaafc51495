from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import pytest
import qrbill

from pocketgui.payments import (
    Currency,
    InvalidCharacters,
    InvalidIban,
    MalformedPayload,
    PaymentInstructions,
    UnsupportedCurrency,
    build_spc_payload,
    parse_spc_payload,
)

EMPTY = ("", "", "", "", "", "", "")


def test_example_order_parses_back_field_by_field(chf: PaymentInstructions) -> None:
    text = build_spc_payload(chf)
    assert text.startswith("SPC\r\n0200\r\n1\r\n") and text.endswith("\r\nEPD")
    assert len(text.split("\r\n")) == 31
    spc = parse_spc_payload(text)
    assert spc.version == "0200" and spc.coding == "1"
    assert spc.iban == "CH9400778214768302002"
    assert spc.creditor.fields() == [
        "S", "Pocket App", "Industriestrasse 33", "", "5242", "Lupfig", "CH"]
    assert tuple(spc.ultimate_creditor.fields()) == EMPTY
    assert spc.amount is None  # left open: a standing order chooses it
    assert spc.currency == "CHF"
    assert tuple(spc.debtor.fields()) == EMPTY
    assert (spc.reference_type, spc.reference, spc.message) == ("SCOR", "RF18GW8K79", "")
    assert spc.text() == text


def test_amount_has_two_decimals(chf: PaymentInstructions) -> None:
    text = build_spc_payload(dataclasses.replace(chf, amount=Decimal("100")))
    assert text.split("\r\n")[18] == "100.00"
    assert parse_spc_payload(text).amount == Decimal("100.00")


def test_same_payload_as_qrbill(chf: PaymentInstructions) -> None:
    """qrbill validates the data independently; both must produce the very same payload."""
    bill = qrbill.QRBill(
        account=chf.creditor_iban, amount=Decimal("250.50"), reference_number="RF18GW8K79",
        creditor={"name": "Pocket App", "street": "Industriestrasse 33", "pcode": "5242",
                  "city": "Lupfig", "country": "CH"},
    )
    assert build_spc_payload(dataclasses.replace(chf, amount=Decimal("250.50"))) == bill.qr_data()


def test_eur_qr_bill_is_allowed(chf: PaymentInstructions) -> None:
    eur = dataclasses.replace(chf, currency=Currency.EUR)
    assert parse_spc_payload(build_spc_payload(eur)).currency == "EUR"


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"currency": Currency.GBP}, UnsupportedCurrency),
        ({"creditor_iban": "DE75512108001245126199"}, InvalidIban),
        ({"creditor_iban": "CH4431999123000889012"}, InvalidIban),  # a QR-IBAN
        ({"creditor_name": "Pocket ✓ App"}, InvalidCharacters),
        ({"creditor_name": "Pocket – App"}, InvalidCharacters),  # en dash: not in the set
    ],
)
def test_refuses_what_a_qr_bill_cannot_carry(
    chf: PaymentInstructions, change: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        build_spc_payload(dataclasses.replace(chf, **change))


def test_latin_characters_are_carried(chf: PaymentInstructions) -> None:
    name = "Bäckerei Müller & Söhne, Zürich (Œuvre)"
    assert parse_spc_payload(build_spc_payload(dataclasses.replace(chf, creditor_name=name)))\
        .creditor.name == name


@pytest.mark.parametrize(
    "text", ["", "BCD\n002", "SPC\n0100\n1" + "\n" * 28 + "EPD", "SPC\n0200\n1" + "\n" * 30])
def test_parser_refuses_what_is_not_a_qr_bill(text: str) -> None:
    with pytest.raises(MalformedPayload):
        parse_spc_payload(text)


def test_qr_bill_svg_is_drawn_with_our_payload(chf: PaymentInstructions) -> None:
    from pocketgui.payments import qr_bill_svg

    svg = qr_bill_svg(dataclasses.replace(chf, amount=Decimal("50")), language="de")
    assert svg.startswith("<?xml") and "Zahlteil" in svg and "RF18 GW8K 79" in svg


def test_qr_bill_svg_refuses_what_the_payload_refuses(chf: PaymentInstructions) -> None:
    from pocketgui.payments import qr_bill_svg

    with pytest.raises(UnsupportedCurrency):
        qr_bill_svg(dataclasses.replace(chf, currency=Currency.GBP))
