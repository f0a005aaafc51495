"""Every way a call to Pocket can fail, as one exception tree.

    PocketError                      code, status (None off the wire), message for a person
    ├── ApiError                     Pocket answered with an HTTP error
    │   ├── AuthenticationError      401: missing or unknown client id
    │   ├── NotFound                 404: no such resource for this client id
    │   ├── ServerError              5xx on a GET, after retries (a POST/PATCH: OutcomeUnknown)
    │   └── BadRequest               4xx with an error code
    │       ├── ChallengeError       the challenge or the signed message is not acceptable
    │       ├── OrderValidationError a field of the order (IBAN, fee rate, address, key…) is wrong
    │       ├── PayoutError          a lightning payout (PATCH /v1/exchanges) was refused
    │       │   ├── InvoicePayoutError   the BOLT11 invoice is not acceptable
    │       │   └── ChannelPayoutError   the channel could not be opened
    │       └── SandboxError         a sandbox test helper refused its input
    ├── NetworkError                 no HTTP answer at all
    │   ├── Timeout
    │   └── ConnectionFailed         nothing was sent: safe to try again
    ├── OutcomeUnknown               a POST/PATCH was sent but its answer was lost: check first
    ├── TamperedResponse             the answer does not match what was sent (order echo)
    └── MalformedResponse            the answer is not what the reference says it is

`error_for(status, code)` is the only place that turns an HTTP status and Pocket's snake_case
`error` code into one of these classes with its sentence; nothing reads message text to decide
anything. Codes the reference text lists and those the sandbox adds where the reference is silent
are all in `_CODES`; an unknown code still gets the family of its status and a generic sentence.
"""

from __future__ import annotations

from typing import Any

from pocketgui.i18n.catalog import N_, _


class PocketError(Exception):
    """Base of every error of pocketgui.api. `message` is fit to show to a person."""

    default_code = "error"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.status = status

    def __str__(self) -> str:
        where = f"HTTP {self.status}, " if self.status is not None else ""
        return f"{self.message} ({where}{self.code})"


class ApiError(PocketError):
    default_code = "api_error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        documentation_uri: str | None = None,
    ):
        super().__init__(message, code=code, status=status)
        self.documentation_uri = documentation_uri


class AuthenticationError(ApiError):
    default_code = "unauthorized"


class NotFound(ApiError):
    default_code = "not_found"


class ServerError(ApiError):
    default_code = "server_error"


class BadRequest(ApiError):
    default_code = "bad_request"


class ChallengeError(BadRequest):
    pass


class OrderValidationError(BadRequest):
    pass


class PayoutError(BadRequest):
    pass


class InvoicePayoutError(PayoutError):
    pass


class ChannelPayoutError(PayoutError):
    pass


class SandboxError(BadRequest):
    """A sandbox test helper refused its input (never raised by the real Pocket)."""


class NetworkError(PocketError):
    default_code = "network_error"


class Timeout(NetworkError):
    default_code = "timeout"


class ConnectionFailed(NetworkError):
    default_code = "connection_failed"


class OutcomeUnknown(PocketError):
    """The request left this computer but no answer came back: it may or may not have happened."""

    default_code = "outcome_unknown"


class TamperedResponse(PocketError):
    """Pocket's answer differs from what was sent: nothing of it may be shown as payable."""

    default_code = "tampered_response"

    def __init__(self, message: str, *, mismatches: tuple[str, ...] = (),
                 answer: dict[str, Any] | None = None):
        super().__init__(message)
        self.mismatches = mismatches
        self.answer = answer  # the answer as parsed: evidence to keep


class MalformedResponse(PocketError):
    default_code = "malformed_response"


_CODES: dict[str, tuple[type[ApiError], str]] = {
    # Authentication, routes and the request as a whole.
    "unauthorized": (AuthenticationError, N_(
        "Pocket does not know this client id: check the API credentials in the settings.")),
    "not_found": (NotFound, N_(
        "Pocket has no such resource for this client id: it may belong to another environment or "
        "client id.")),
    "method_not_allowed": (BadRequest, N_(
        "Pocket does not offer this call: this is a bug in pocketgui, please report it.")),
    "payload_too_large": (BadRequest, N_(
        "The request was too large for Pocket: this is a bug in pocketgui, please report it.")),
    "invalid_json": (BadRequest, N_(
        "Pocket could not read the request: this is a bug in pocketgui, please report it.")),
    "duplicate_key": (BadRequest, N_(
        "The request named a field twice: this is a bug in pocketgui, please report it.")),
    "unknown_field": (BadRequest, N_(
        "The request carried a field Pocket does not know: this is a bug in pocketgui, please "
        "report it.")),
    "validation_error": (BadRequest, N_(
        "Pocket refused a value of the request: check the values and try again.")),
    "bad_request": (BadRequest, N_("Pocket refused the request: check the values and try again.")),
    # Challenges and the proof of ownership.
    "challenge_not_found": (ChallengeError, N_(
        "The signed message does not contain a challenge Pocket knows: create a new challenge and "
        "sign again.")),
    "challenge_expired": (ChallengeError, N_(
        "The challenge has expired: create a new one and sign the message again.")),
    "challenge_completed": (ChallengeError, N_(
        "This challenge was already used for an order: create a new one and sign again.")),
    "ambiguous_challenge": (ChallengeError, N_(
        "The signed message contains more than one open challenge: sign a message with exactly one "
        "challenge token.")),
    "invalid_signature": (ChallengeError, N_(
        "The signature does not prove ownership of the payout address: sign the message again with "
        "the same wallet.")),
    # On-chain payout method.
    "invalid_bitcoin_address": (OrderValidationError, N_(
        "The payout address is not a valid bitcoin address: read it from the wallet again.")),
    "address_network_mismatch": (OrderValidationError, N_(
        "The payout address is for another bitcoin network than this environment's: use an account "
        "of the right network.")),
    "unsupported_address_type": (OrderValidationError, N_(
        "Pocket cannot pay to this address type: use a native segwit, nested segwit or legacy "
        "account.")),
    "invalid_extended_public_key": (OrderValidationError, N_(
        "The extended public key is not valid: read it from the wallet again.")),
    "extended_public_key_network_mismatch": (OrderValidationError, N_(
        "The extended public key is for another bitcoin network than this environment's: use an "
        "account of the right network.")),
    "extended_public_key_mismatch": (OrderValidationError, N_(
        "The payout address is not derived from the extended public key at the derivation path: "
        "read both from the same account again.")),
    "derivation_path_required": (OrderValidationError, N_(
        "An extended public key needs the derivation path of the payout address (such as 0/0).")),
    "invalid_derivation_path": (OrderValidationError, N_(
        "The derivation path must be relative and non-hardened, such as 0/0.")),
    "extended_public_key_required": (OrderValidationError, N_(
        "A derivation path or gap limit needs the extended public key it belongs to.")),
    "invalid_gap_limit": (OrderValidationError, N_(
        "The gap limit must be a positive whole number within Pocket's limits.")),
    # Lightning payout method.
    "invalid_node_pubkey": (OrderValidationError, N_(
        "The lightning node public key is not valid: copy it from your node again.")),
    "ambiguous_payout_method": (OrderValidationError, N_(
        "Choose either a bitcoin address or a lightning node for the payout, not both.")),
    # Order fields.
    "invalid_fee_rate": (OrderValidationError, N_("The fee rate must be between 1.2 % and 4.5 %.")),
    "invalid_currency": (OrderValidationError, N_(
        "Pocket sells bitcoin for CHF, EUR or GBP only: choose one of them.")),
    "invalid_iban": (OrderValidationError, N_(
        "Your IBAN is not valid: check it against your bank statement.")),
    "invalid_affiliate_id": (OrderValidationError, N_(
        "This affiliate agreement does not exist for your client id.")),
    "field_not_patchable": (OrderValidationError, N_(
        "Only active, fee rate and affiliate can be changed on an existing order: create a new "
        "order for the rest.")),
    # Lightning payouts, both kinds (reference).
    "in_progress": (PayoutError, N_(
        "A payout of this exchange is already under way: wait until it succeeds or fails; only a "
        "failed payout can be tried again.")),
    "already_completed": (PayoutError, N_(
        "This exchange is already paid out to your node: nothing more to do.")),
    "unexpected_node_pubkey": (PayoutError, N_(
        "The invoice or node address belongs to another lightning node than the one this order was "
        "signed for: create the invoice on, or give the address of, that node.")),
    # Lightning payouts, both kinds (sandbox).
    "invalid_payout_type": (PayoutError, N_("Choose an invoice or a channel payout.")),
    "not_lightning_exchange": (PayoutError, N_(
        "This exchange pays out on-chain: there is no lightning payout to choose.")),
    "exchange_not_executed": (PayoutError, N_(
        "This exchange is not executed yet: wait until it is before choosing a payout.")),
    # Invoice payouts (reference).
    "invoice_amount": (InvoicePayoutError, N_(
        "The invoice has no amount or the wrong amount: create a new one on your node for exactly "
        "the exchange's amount.")),
    "invoice_network": (InvoicePayoutError, N_(
        "The invoice is for the wrong bitcoin network (not this environment's): create one with a "
        "node on the right network.")),
    "invoice_expired": (InvoicePayoutError, N_(
        "The invoice has expired: create a new one on your node and paste it soon after.")),
    "invalid_invoice": (InvoicePayoutError, N_(
        "This is not a valid BOLT11 invoice: copy the whole invoice (it starts with ln) from your "
        "node again.")),
    # Channel payouts (reference, then sandbox).
    "channel_payout_not_allowed": (ChannelPayoutError, N_(
        "Pocket already has a direct channel to your node, so it opens no other: pay out by "
        "invoice instead.")),
    "node_address_required": (ChannelPayoutError, N_(
        "Pocket cannot find your node: enter its address as pubkey@host:port and try again.")),
    "connect": (ChannelPayoutError, N_(
        "Pocket could not connect to your lightning node: check that it is online and reachable "
        "from the internet at the given address (or leave the address empty), or pay out by "
        "invoice.")),
    "invalid_node_address": (ChannelPayoutError, N_(
        "The node address must look like pubkey@host:port, with your node's public key: copy it "
        "from your node's info (its URI).")),
    "channel_amount_too_small": (ChannelPayoutError, N_(
        "The amount does not cover the channel fee: pay out by invoice instead.")),
    # Sandbox test helpers.
    "invalid_amount": (SandboxError, N_(
        "The sandbox needs a positive amount with at most 2 decimals.")),
    "invalid_pair": (SandboxError, N_("The sandbox knows the pairs btc/chf, btc/eur and btc/gbp.")),
    "invalid_rate": (SandboxError, N_("The sandbox needs a positive rate.")),
    "invalid_block_count": (SandboxError, N_(
        "The sandbox mines between 1 and its maximum number of blocks at once.")),
    "invalid_webhook_url": (SandboxError, N_("The webhook URL must be an http(s) URL.")),
    "invalid_webhook_secret": (SandboxError, N_("The webhook secret must not be empty.")),
    "identification_completed": (SandboxError, N_("This identification is already completed.")),
}

_BY_STATUS: dict[int, tuple[type[ApiError], str]] = {
    401: _CODES["unauthorized"],
    404: _CODES["not_found"],
}


def error_for(
    status: int, code: str | None, documentation_uri: str | None = None
) -> ApiError:
    """The typed error for an HTTP error answer: `status` and Pocket's `error` code.

    A known code decides the class and sentence; otherwise the status does (401, 404, 5xx, other
    4xx), and the sentence names the code so support can still find it. The sentence is in the
    app's language (the table holds the English, marked with N_); the code never is.
    """
    cls: type[ApiError]
    if status >= 500:
        cls, message = ServerError, _(
            "Pocket had a problem on its side (HTTP {status}): try again in a few minutes."
        ).format(status=status)
    elif code in _CODES and (status not in _BY_STATUS or _BY_STATUS[status] == _CODES[code]):
        cls, message = _CODES[code][0], _(_CODES[code][1])
    elif status in _BY_STATUS:
        cls, message = _BY_STATUS[status][0], _(_BY_STATUS[status][1])
    elif code:
        cls, message = BadRequest, _(
            "Pocket refused the request ({code}, HTTP {status}): check the values and try again."
        ).format(code=code, status=status)
    else:
        cls, message = BadRequest, _(
            "Pocket refused the request (no error code, HTTP {status}): check the values and try "
            "again."
        ).format(status=status)
    return cls(message, code=code or cls.default_code, status=status,
               documentation_uri=documentation_uri)


def known_codes() -> frozenset[str]:
    """Every error code with its own sentence (for tests that walk the table)."""
    return frozenset(_CODES)


def error_from_body(status: int, body: Any) -> ApiError:
    """`error_for` on a parsed error body, tolerating bodies that are not Pocket's shape."""
    code = body.get("error") if isinstance(body, dict) else None
    uri = body.get("documentation_uri") if isinstance(body, dict) else None
    return error_for(
        status,
        code if isinstance(code, str) else None,
        uri if isinstance(uri, str) else None,
    )
