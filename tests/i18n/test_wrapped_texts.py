"""The texts that matter most, in German: what to pay with, and never a translated value."""

from __future__ import annotations

import pytest

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


@pytest.mark.parametrize(("language", "note", "reference_label", "standard", "bill_words"), [
    ("fr", "Indiquez toujours la référence {reference}\u00a0:", "Référence", "QR-facture",
     ("Section paiement", "Récépissé")),
    ("it", "Indichi sempre il riferimento {reference}:", "Riferimento", "QR-fattura",
     ("Sezione pagamento", "Ricevuta"))])
def test_the_slip_and_the_swiss_qr_bill_in_french_and_italian(
        language: str, note: str, reference_label: str, standard: str,
        bill_words: tuple[str, str]) -> None:
    from pocketgui.payments.qr_bill_svg import qr_bill_svg

    instructions = PaymentInstructions.from_payment_method(EXAMPLE_PAYMENT_METHOD)
    english = build_slip(instructions)
    set_language(language)
    slip = build_slip(instructions)
    reference = grouped(instructions.reference)
    assert slip.notes[0].startswith(note.format(reference=reference))
    labels = {row.label: row for row in slip.rows}
    assert labels[reference_label].required and labels[reference_label].display == reference
    assert [r.copy for r in slip.rows] == [r.copy for r in english.rows]
    assert slip.code is not None and english.code is not None
    assert slip.code.payload == english.code.payload and slip.code.standard == standard
    bill = qr_bill_svg(instructions)
    assert all(word in bill for word in bill_words) and "Payment part" not in bill


@pytest.mark.parametrize("language", ["fr", "it"])
def test_the_glossary_terms_are_the_ones_on_screen(language: str) -> None:
    # docs/i18n-glossary.md: the same word for the same thing everywhere
    terms = {
        "fr": ("ordre permanent", "référence", "virement bancaire", "portefeuille matériel"),
        "it": ("ordine permanente", "riferimento", "bonifico bancario", "portafoglio hardware")}
    set_language(language)
    slip = build_slip(PaymentInstructions.from_payment_method(EXAMPLE_PAYMENT_METHOD))
    shown = " ".join([*slip.notes, heading(Step.INSTRUCTIONS), heading(Step.CONNECT)]).lower()
    assert [term for term in terms[language] if term not in shown] == []


def test_french_punctuation_is_held_to_its_word() -> None:
    # a plain space before : ; ? ! or inside « » lets the line break before the mark
    from tests.i18n.catalog_check import ROOT, read_catalog

    catalog = read_catalog(ROOT / "pocketgui/locale/fr/LC_MESSAGES/pocketgui.po")
    texts = [form for message in catalog if message.id for form in (
        message.string if isinstance(message.string, tuple) else [message.string])]
    loose = [text for text in texts if any(mark in text for mark in (" :", " ;", " ?", " !",
                                                                      "« ", " »", " %"))]
    assert texts and loose == []
