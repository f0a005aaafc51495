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


_BUG = "this is a bug in pocketgui, please report it"
_CODES: dict[str, tuple[type[ApiError], str]] = {
    # Authentication, routes and the request as a whole.
    "unauthorized": (AuthenticationError, "Pocket does not know this client id: check the API "
                     "credentials in the settings."),
    "not_found": (NotFound, "Pocket has no such resource for this client id: it may belong to "
                  "another environment or client id."),
    "method_not_allowed": (BadRequest, f"Pocket does not offer this call: {_BUG}."),
    "payload_too_large": (BadRequest, f"The request was too large for Pocket: {_BUG}."),
    "invalid_json": (BadRequest, f"Pocket could not read the request: {_BUG}."),
    "duplicate_key": (BadRequest, f"The request named a field twice: {_BUG}."),
    "unknown_field": (BadRequest, f"The request carried a field Pocket does not know: {_BUG}."),
    "validation_error": (BadRequest, "Pocket refused a value of the request: check the values "
                         "and try again."),
    "bad_request": (BadRequest, "Pocket refused the request: check the values and try again."),
    # Challenges and the proof of ownership.
    "challenge_not_found": (ChallengeError, "The signed message does not contain a challenge "
                            "Pocket knows: create a new challenge and sign again."),
    "challenge_expired": (ChallengeError, "The challenge has expired: create a new one and sign "
                          "the message again."),
    "challenge_completed": (ChallengeError, "This challenge was already used for an order: "
                            "create a new one and sign again."),
    "ambiguous_challenge": (ChallengeError, "The signed message contains more than one open "
                            "challenge: sign a message with exactly one challenge token."),
    "invalid_signature": (ChallengeError, "The signature does not prove ownership of the payout "
                          "address: sign the message again with the same wallet."),
    # On-chain payout method.
    "invalid_bitcoin_address": (OrderValidationError, "The payout address is not a valid bitcoin "
                                "address: read it from the wallet again."),
    "address_network_mismatch": (OrderValidationError, "The payout address is for another "
                                 "bitcoin network than this environment's: use an account of "
                                 "the right network."),
    "unsupported_address_type": (OrderValidationError, "Pocket cannot pay to this address type: "
                                 "use a native segwit, nested segwit or legacy account."),
    "invalid_extended_public_key": (OrderValidationError, "The extended public key is not valid: "
                                    "read it from the wallet again."),
    "extended_public_key_network_mismatch": (OrderValidationError, "The extended public key is "
                                             "for another bitcoin network than this "
                                             "environment's: use an account of the right "
                                             "network."),
    "extended_public_key_mismatch": (OrderValidationError, "The payout address is not derived "
                                     "from the extended public key at the derivation path: read "
                                     "both from the same account again."),
    "derivation_path_required": (OrderValidationError, "An extended public key needs the "
                                 "derivation path of the payout address (such as 0/0)."),
    "invalid_derivation_path": (OrderValidationError, "The derivation path must be relative and "
                                "non-hardened, such as 0/0."),
    "extended_public_key_required": (OrderValidationError, "A derivation path or gap limit needs "
                                     "the extended public key it belongs to."),
    "invalid_gap_limit": (OrderValidationError, "The gap limit must be a positive whole number "
                          "within Pocket's limits."),
    # Lightning payout method.
    "invalid_node_pubkey": (OrderValidationError, "The lightning node public key is not valid: "
                            "copy it from your node again."),
    "ambiguous_payout_method": (OrderValidationError, "Choose either a bitcoin address or a "
                                "lightning node for the payout, not both."),
    # Order fields.
    "invalid_fee_rate": (OrderValidationError, "The fee rate must be between 1.2 % and 4.5 %."),
    "invalid_currency": (OrderValidationError, "Pocket sells bitcoin for CHF, EUR or GBP only: "
                         "choose one of them."),
    "invalid_iban": (OrderValidationError, "Your IBAN is not valid: check it against your bank "
                     "statement."),
    "invalid_affiliate_id": (OrderValidationError, "This affiliate agreement does not exist for "
                             "your client id."),
    "field_not_patchable": (OrderValidationError, "Only active, fee rate and affiliate can be "
                            "changed on an existing order: create a new order for the rest."),
    # Lightning payouts, both kinds (reference).
    "in_progress": (PayoutError, "A payout of this exchange is already under way: wait until "
                    "it succeeds or fails; only a failed payout can be tried again."),
    "already_completed": (PayoutError, "This exchange is already paid out to your node: nothing "
                          "more to do."),
    "unexpected_node_pubkey": (PayoutError, "The invoice or node address belongs to another "
                               "lightning node than the one this order was signed for: create "
                               "the invoice on, or give the address of, that node."),
    # Lightning payouts, both kinds (sandbox).
    "invalid_payout_type": (PayoutError, "Choose an invoice or a channel payout."),
    "not_lightning_exchange": (PayoutError, "This exchange pays out on-chain: there is no "
                               "lightning payout to choose."),
    "exchange_not_executed": (PayoutError, "This exchange is not executed yet: wait until it is "
                              "before choosing a payout."),
    # Invoice payouts (reference).
    "invoice_amount": (InvoicePayoutError, "The invoice has no amount or the wrong amount: create "
                       "a new one on your node for exactly the exchange's amount."),
    "invoice_network": (InvoicePayoutError, "The invoice is for the wrong bitcoin network (not "
                        "this environment's): create one with a node on the right network."),
    "invoice_expired": (InvoicePayoutError, "The invoice has expired: create a new one on your "
                        "node and paste it soon after."),
    "invalid_invoice": (InvoicePayoutError, "This is not a valid BOLT11 invoice: copy the whole "
                        "invoice (it starts with ln) from your node again."),
    # Channel payouts (reference, then sandbox).
    "channel_payout_not_allowed": (ChannelPayoutError, "Pocket already has a direct channel to "
                                   "your node, so it opens no other: pay out by invoice "
                                   "instead."),
    "node_address_required": (ChannelPayoutError, "Pocket cannot find your node: enter its "
                              "address as pubkey@host:port and try again."),
    "connect": (ChannelPayoutError, "Pocket could not connect to your lightning node: check that "
                "it is online and reachable from the internet at the given address (or leave "
                "the address empty), or pay out by invoice."),
    "invalid_node_address": (ChannelPayoutError, "The node address must look like "
                             "pubkey@host:port, with your node's public key: copy it from your "
                             "node's info (its URI)."),
    "channel_amount_too_small": (ChannelPayoutError, "The amount does not cover the channel "
                                 "fee: pay out by invoice instead."),
    # Sandbox test helpers.
    "invalid_amount": (SandboxError, "The sandbox needs a positive amount with at most 2 "
                       "decimals."),
    "invalid_pair": (SandboxError, "The sandbox knows the pairs btc/chf, btc/eur and btc/gbp."),
    "invalid_rate": (SandboxError, "The sandbox needs a positive rate."),
    "invalid_block_count": (SandboxError, "The sandbox mines between 1 and its maximum number of "
                            "blocks at once."),
    "invalid_webhook_url": (SandboxError, "The webhook URL must be an http(s) URL."),
    "invalid_webhook_secret": (SandboxError, "The webhook secret must not be empty."),
    "identification_completed": (SandboxError, "This identification is already completed."),
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
    4xx), and the sentence names the code so support can still find it.
    """
    cls: type[ApiError]
    if status >= 500:
        cls, message = ServerError, (
            f"Pocket had a problem on its side (HTTP {status}): try again in a few minutes."
        )
    elif code in _CODES and (status not in _BY_STATUS or _BY_STATUS[status] == _CODES[code]):
        cls, message = _CODES[code]
    elif status in _BY_STATUS:
        cls, message = _BY_STATUS[status]
    else:
        cls, message = BadRequest, (
            f"Pocket refused the request ({code or 'no error code'}, HTTP {status}): check the "
            "values and try again."
        )
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
