"""Payment instructions → QR payloads (Swiss QR-bill, EPC GiroCode), bank details and slips.

No Qt here: the ui layer paints what these functions compute.
"""

from pocketgui.payments.bank_details import DetailRow, bank_details, uk_sort_code_and_account
from pocketgui.payments.epc import EpcPayload, build_epc_payload, parse_epc_payload
from pocketgui.payments.errors import (
    InvalidAddress,
    InvalidAmount,
    InvalidBic,
    InvalidCharacters,
    InvalidIban,
    InvalidReference,
    MalformedPayload,
    PaymentError,
    QrDataTooLong,
    UnsupportedCurrency,
)
from pocketgui.payments.instructions import Currency, PaymentInstructions, PostalAddress
from pocketgui.payments.qr_bill_svg import qr_bill_svg
from pocketgui.payments.qr_matrix import ErrorCorrection, QrMatrix, make_qr_matrix
from pocketgui.payments.slip import PaymentCode, Slip, build_slip, payment_code
from pocketgui.payments.swiss_qr import SpcAddress, SpcPayload, build_spc_payload, parse_spc_payload

__all__ = [
    "Currency",
    "DetailRow",
    "EpcPayload",
    "ErrorCorrection",
    "InvalidAddress",
    "InvalidAmount",
    "InvalidBic",
    "InvalidCharacters",
    "InvalidIban",
    "InvalidReference",
    "MalformedPayload",
    "PaymentCode",
    "PaymentError",
    "PaymentInstructions",
    "PostalAddress",
    "QrDataTooLong",
    "QrMatrix",
    "Slip",
    "SpcAddress",
    "SpcPayload",
    "UnsupportedCurrency",
    "bank_details",
    "build_epc_payload",
    "build_slip",
    "build_spc_payload",
    "make_qr_matrix",
    "parse_epc_payload",
    "parse_spc_payload",
    "payment_code",
    "qr_bill_svg",
    "uk_sort_code_and_account",
]
