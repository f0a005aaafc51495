"""The QR code on the payment page, as painted on screen, scanned with a real decoder (zxing-cpp)
and read back field by field against the order Pocket created: SPC for CHF, EPC for EUR."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from pocketgui.api.models import PaymentMethod
from pocketgui.flow import Outcome, PurchaseFlow, Step
from pocketgui.flow.demo import Demo
from pocketgui.payments import parse_epc_payload, parse_spc_payload
from pocketgui.ui.signals import AppSignals
from pocketgui.ui.wizard.wizard import WizardView
from tests.flow.conftest import unlock
from tests.ui.conftest import decode_qr
from tests.ui.wizard_kit import walk

CH_IBAN, DE_IBAN = "CH9300762011623852957", "DE75512108001245126199"


def shown_payload(qtbot: QtBot, demo: Demo, currency: str, iban: str
                  ) -> tuple[str, PaymentMethod, WizardView]:
    flow = PurchaseFlow(demo.services)
    unlock(flow, demo)
    walk(flow, Step.REVIEW)
    flow.set_payment(currency=currency, iban=iban)
    assert flow.create_order() is Outcome.CREATED
    flow.next()
    view = WizardView(flow, AppSignals())
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.instructions.panel is not None, timeout=10_000)
    panel = view.instructions.panel
    assert panel is not None and panel.qr is not None
    codes = decode_qr(panel.qr.canvas.grab().toImage())  # what the screen shows
    assert len(codes) == 1
    assert flow.data.order is not None
    return codes[0].decode("utf-8"), flow.data.order.payment_method, view


def test_chf_order_shows_a_swiss_qr_bill(qtbot: QtBot, demo: Demo) -> None:
    text, pm, view = shown_payload(qtbot, demo, "CHF", CH_IBAN)
    spc = parse_spc_payload(text)
    assert spc.version == "0200" and spc.currency == "CHF"
    assert spc.iban == pm.creditor_iban
    assert spc.reference_type == "SCOR" and spc.reference == pm.creditor_reference
    assert spc.amount is None  # left open: the same code serves a standing order
    assert spc.creditor.address_type == "S" and spc.creditor.name == pm.creditor_name
    assert (spc.creditor.postal_code, spc.creditor.town, spc.creditor.country) == (
        pm.creditor_postal_code, pm.creditor_town, pm.creditor_country)
    assert "Swiss QR-bill" in view.instructions.panel.qr.caption.text()


def test_eur_order_shows_an_epc_girocode(qtbot: QtBot, demo: Demo) -> None:
    text, pm, view = shown_payload(qtbot, demo, "EUR", DE_IBAN)
    epc = parse_epc_payload(text)
    assert epc.version == "002" and epc.charset == "1"
    assert epc.iban == pm.creditor_iban and epc.bic == pm.creditor_bank_bic
    assert epc.name == pm.creditor_name
    assert epc.reference == pm.creditor_reference and epc.text == ""
    assert epc.amount is None
    assert "GiroCode" in view.instructions.panel.qr.caption.text()


def test_gbp_order_has_bank_details_and_no_code(qtbot: QtBot, demo: Demo) -> None:
    flow = PurchaseFlow(demo.services)
    unlock(flow, demo)
    walk(flow, Step.REVIEW)
    flow.set_payment(currency="GBP", iban="GB33BUKB20201555555555")
    assert flow.create_order() is Outcome.CREATED
    flow.next()
    view = WizardView(flow, AppSignals())
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.instructions.panel is not None, timeout=10_000)
    panel = view.instructions.panel
    assert panel is not None and panel.qr is None
    labels = [row.label.text() for row in panel.rows]
    assert "Reference — required" in labels and "IBAN" in labels
