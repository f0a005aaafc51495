"""The payment instructions as labelled rows, for the screen, the copy buttons and the slip.

Every currency gets them (a QR code is a convenience, the rows are the truth); for GBP they are
all there is, so a GB IBAN is also shown as the sort code and account number a UK bank asks for.
The labels are in the app's language; the values (IBANs, the reference, names) never are.
"""

from __future__ import annotations

from dataclasses import dataclass

from pocketgui.i18n.catalog import _
from pocketgui.i18n.formatting import format_number
from pocketgui.payments.instructions import PaymentInstructions


@dataclass(frozen=True)
class DetailRow:
    label: str
    display: str  # grouped for reading ("CH94 0077 8214 …")
    copy: str  # what the copy button puts on the clipboard (compact)
    monospace: bool = False  # account numbers and references: 0/O and 1/I must not be confused
    required: bool = False  # the reference: without it the transfer is delayed or refunded


def grouped(value: str, size: int = 4) -> str:
    return " ".join(value[i : i + size] for i in range(0, len(value), size))


def uk_sort_code_and_account(iban: str) -> tuple[str, str] | None:
    """GBkk BBBB SSSSSS AAAAAAAA → ("60-16-13", "31926819"); None for other countries."""
    if not iban.startswith("GB") or len(iban) != 22:
        return None
    sort_code = iban[8:14]
    return f"{sort_code[0:2]}-{sort_code[2:4]}-{sort_code[4:6]}", iban[14:22]


def bank_details(instructions: PaymentInstructions) -> list[DetailRow]:
    ins = instructions
    address = ", ".join(ins.creditor_address.lines())
    rows = [DetailRow(_("Payee"), ins.creditor_name, ins.creditor_name),
            DetailRow(_("Payee address"), address, address)]
    uk = uk_sort_code_and_account(ins.creditor_iban) if ins.currency == "GBP" else None
    if uk is not None:
        rows += [DetailRow(_("Sort code"), uk[0], uk[0].replace("-", ""), True),
                 DetailRow(_("Account number"), uk[1], uk[1], True)]
    rows.append(DetailRow(_("IBAN"), grouped(ins.creditor_iban), ins.creditor_iban, True))
    if ins.creditor_bic:
        rows.append(DetailRow(_("BIC"), ins.creditor_bic, ins.creditor_bic))
    if ins.bank_name:
        bank = ", ".join([ins.bank_name, *(ins.bank_address.lines() if ins.bank_address else [])])
        rows.append(DetailRow(_("Bank"), bank, bank))
    rows.append(DetailRow(_("Reference"), grouped(ins.reference), ins.reference, True,
                          required=True))
    if ins.amount is not None:
        # shown in the locale's marks (CHF 1'000.50 in Switzerland); copied as the banking
        # app's field takes it (1000.50), whatever the language
        shown = f"{ins.currency} {format_number(ins.amount, 2)}"
        rows.append(DetailRow(_("Amount"), shown, f"{ins.amount:.2f}"))
    else:
        rows.append(DetailRow(_("Amount"), _("Any amount (you choose)"), ""))
    if ins.debitor_iban:
        rows.append(DetailRow(_("Pay from"), grouped(ins.debitor_iban), ins.debitor_iban, True))
    return rows
