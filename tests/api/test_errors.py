"""One function maps (status, code) to the typed error, each with a sentence a person can act on."""

from __future__ import annotations

import pytest

from pocketgui.api import (
    AuthenticationError,
    BadRequest,
    ChallengeError,
    ChannelPayoutError,
    InvoicePayoutError,
    NotFound,
    OrderValidationError,
    PayoutError,
    PocketError,
    ServerError,
    error_for,
)
from pocketgui.api.errors import known_codes

REFERENCE_CODES = {
    "in_progress": PayoutError,
    "already_completed": PayoutError,
    "unexpected_node_pubkey": PayoutError,
    "invoice_amount": InvoicePayoutError,
    "invoice_network": InvoicePayoutError,
    "invoice_expired": InvoicePayoutError,
    "invalid_invoice": InvoicePayoutError,
    "channel_payout_not_allowed": ChannelPayoutError,
    "node_address_required": ChannelPayoutError,
    "connect": ChannelPayoutError,
}


@pytest.mark.parametrize(("code", "cls"), sorted(REFERENCE_CODES.items()))
def test_reference_codes(code: str, cls: type[PocketError]) -> None:
    error = error_for(400, code, "https://pocketbitcoin.com/developers")
    assert type(error) is cls
    assert (error.status, error.code) == (400, code)
    assert error.documentation_uri == "https://pocketbitcoin.com/developers"


def test_every_sandbox_code_has_its_own_sentence() -> None:
    from pocketgui.sandbox.errors import ErrorCode

    missing = {code.value for code in ErrorCode} - known_codes()
    assert not missing


def test_sentences_say_what_to_do() -> None:
    for code in known_codes():
        message = error_for(400, code).message
        assert message.endswith(".") and len(message) > 25, code
    assert "regtest" not in error_for(400, "invoice_network").message  # no guessing the network
    assert "wrong bitcoin network" in error_for(400, "invoice_network").message


def test_status_decides_when_the_code_does_not() -> None:
    assert type(error_for(401, None)) is AuthenticationError
    assert type(error_for(404, "not_found")) is NotFound
    assert type(error_for(404, "invoice_expired")) is NotFound  # a 404 is a 404
    assert type(error_for(503, "connect")) is ServerError
    unknown = error_for(422, "something_new")
    assert type(unknown) is BadRequest and "something_new" in unknown.message
    assert type(error_for(400, "challenge_expired")) is ChallengeError
    assert type(error_for(400, "invalid_iban")) is OrderValidationError


def test_str_carries_status_and_code() -> None:
    assert str(error_for(400, "invalid_iban")).endswith("(HTTP 400, invalid_iban)")
