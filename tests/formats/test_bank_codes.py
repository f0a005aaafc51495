from __future__ import annotations

import pytest

from pocketgui.formats.bank_codes import (
    BankCodeError,
    check_iban,
    create_creditor_reference,
    creditor_reference,
    iban,
    is_valid_creditor_reference,
    is_valid_iban,
)


def test_reference_creditor_reference_is_valid() -> None:
    assert is_valid_creditor_reference("RF18GW8K79")


def test_creditor_reference_created_with_iso_11649_check_digits() -> None:
    assert create_creditor_reference("GW8K79") == "RF18GW8K79"
    assert create_creditor_reference("539007547034") == "RF18539007547034"  # the ISO example
    assert create_creditor_reference("gw8k79") == "RF18GW8K79"


@pytest.mark.parametrize("payload", ["", "A" * 22, "GW8-K79", "GW8K7ß", "ÄBC"])
def test_bad_creditor_reference_payload_raises(payload: str) -> None:
    with pytest.raises(BankCodeError):
        create_creditor_reference(payload)


@pytest.mark.parametrize("reference", ["RF18 GW8K 79", "rf18gw8k79", "RF18 5390 0754 7034"])
def test_creditor_reference_ignores_print_spaces_and_case(reference: str) -> None:
    assert is_valid_creditor_reference(reference)


@pytest.mark.parametrize(
    "reference",
    ["RF19GW8K79", "RF18GW8K78", "RF18", "XX18GW8K79", "RF18GW8K79" + "A" * 16, "RF1ﬀGW8K79", ""],
)
def test_wrong_creditor_reference_is_invalid(reference: str) -> None:
    assert not is_valid_creditor_reference(reference)


@pytest.mark.parametrize(
    "iban",
    [
        "DE75512108001245126199",
        "CH9400778214768302002",
        "CH94 0077 8214 7683 0200 2",
        "de75512108001245126199",
        "GB82WEST12345698765432",
    ],
)
def test_reference_ibans_are_valid(iban: str) -> None:
    assert is_valid_iban(iban)


@pytest.mark.parametrize(
    "iban",
    [
        "DE75512108001245126198",  # one digit off
        "DE57512108001245126199",  # transposed check digits
        "CH9400778214768302002" + "0" * 14,  # longer than 34
        "D775512108001245126199",  # shape
        "DE7551210800124512619!",
        "DE7551210800124512619\u0663",  # non-ASCII digit
        "",
    ],
)
def test_wrong_iban_fails_the_checksum_or_shape(iban: str) -> None:
    assert not is_valid_iban(iban)


@pytest.mark.parametrize("payload", ["36", "54", "72"])  # their check digits: 02, 98 and 97
def test_check_digits_iso_11649_never_issues_are_refused_though_the_sum_holds(payload: str
                                                                              ) -> None:
    """00, 01 and 99 give the same mod-97 sum as 97, 98 and 02: stdnum passes them, the
    standard never issues them (98 minus a remainder of 0–96)."""
    issued = create_creditor_reference(payload)
    never = "RF" + {"02": "99", "98": "01", "97": "00"}[issued[2:4]] + payload
    assert is_valid_creditor_reference(issued)
    assert not is_valid_creditor_reference(never)
    with pytest.raises(BankCodeError):
        creditor_reference(never)


def test_creditor_reference_answers_the_compact_form() -> None:
    assert creditor_reference("rf18 5390 0754 7034") == "RF18539007547034"


def test_iban_refusal_names_what_is_wrong() -> None:
    assert check_iban("DE75512108001245126198").reason.startswith("The check digits do not match")
    assert "expected" in check_iban("DE7551210800124512619").reason
    assert check_iban("de75 5121 0800 1245 1261 99").compact == "DE75512108001245126199"


def test_an_iban_schwifty_cannot_read_is_refused_with_its_reason() -> None:
    # schwifty's own words travel as the value `problem`, beside the sentence's own `problem`
    with pytest.raises(BankCodeError) as refused:
        iban("hello")
    assert str(refused.value).startswith("Not a valid IBAN for HE")
    assert refused.value.values["problem"] == "Invalid characters in IBAN HELLO"
