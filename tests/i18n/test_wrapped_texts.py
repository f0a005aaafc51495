"""The texts that matter most, in German: what to pay with, and never a translated value."""

from __future__ import annotations

from pocketgui.flow.steps import Step, heading, rail_name
from pocketgui.i18n.catalog import set_language
from pocketgui.payments import PaymentInstructions
from pocketgui.payments.bank_details import grouped
from pocketgui.payments.slip import build_slip
from tests.payments.examples import EXAMPLE_PAYMENT_METHOD


def test_the_slip_says_pay_with_this_reference_in_german_and_keeps_every_value() -> None:
    instructions = PaymentInstructions.from_payment_method(EXAMPLE_PAYMENT_METHOD)
    english = build_slip(instructions)
    set_language("de")
    german = build_slip(instructions)
    reference = grouped(instructions.reference)
    assert f"Geben Sie immer die Referenz {reference} an" in german.notes[0]
    assert german.title.startswith("Banküberweisung in CHF")
    labels = {row.label: row for row in german.rows}
    assert labels["Referenz"].required and labels["Referenz"].display == reference
    # the values, the copied text and the QR payload are the same in every language (only the
    # open amount's "Any amount (you choose)" is words)
    assert [(r.display, r.copy) for r in german.rows if r.copy] == [
        (r.display, r.copy) for r in english.rows if r.copy]
    assert [r.copy for r in german.rows] == [r.copy for r in english.rows]
    assert german.code is not None and english.code is not None
    assert german.code.payload == english.code.payload
    assert german.code.standard == "QR-Rechnung"


def test_the_wizard_steps_in_german_and_back_in_english() -> None:
    set_language("de")
    assert heading(Step.INSTRUCTIONS) == "Per Banküberweisung bezahlen"
    assert rail_name(Step.CONNECT) == "Gerät verbinden"
    set_language("en")
    assert heading(Step.INSTRUCTIONS) == "Pay by bank transfer"


def test_no_german_text_has_the_sharp_s() -> None:
    from tests.i18n.catalog_check import ROOT, read_catalog

    catalog = read_catalog(ROOT / "pocketgui/locale/de/LC_MESSAGES/pocketgui.po")
    texts = [str(message.string) for message in catalog if message.id]
    assert texts and not any("ß" in text for text in texts)


def test_the_swiss_qr_bill_is_drawn_in_the_apps_language() -> None:
    from pocketgui.payments.qr_bill_svg import qr_bill_svg

    instructions = PaymentInstructions.from_payment_method(EXAMPLE_PAYMENT_METHOD)
    assert "Payment part" in qr_bill_svg(instructions)
    set_language("de")
    german = qr_bill_svg(instructions)
    assert "Zahlteil" in german and "Payment part" not in german
    set_language("xx")  # a language the QR-bill lacks: English
    assert "Payment part" in qr_bill_svg(instructions)
