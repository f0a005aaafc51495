"""Error codes of the sandbox and the one exception that carries them to the HTTP edge.

Every 4xx answer is `{"error": <code>, "documentation_uri": ...}`. The codes of the reference
(lightning payouts) are kept verbatim; the others are the sandbox's own, chosen where the
reference is silent, and all of them are listed in the OpenAPI document (`ErrorCode`).
"""

from __future__ import annotations

from enum import StrEnum

DOCUMENTATION_URI = "https://pocketbitcoin.com/developers"


class ErrorCode(StrEnum):
    # transport and protocol
    UNAUTHORIZED = "unauthorized"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    INVALID_JSON = "invalid_json"
    VALIDATION_ERROR = "validation_error"
    UNKNOWN_FIELD = "unknown_field"
    BAD_REQUEST = "bad_request"
    # challenges and proof of ownership
    CHALLENGE_NOT_FOUND = "challenge_not_found"
    CHALLENGE_EXPIRED = "challenge_expired"
    CHALLENGE_COMPLETED = "challenge_completed"
    INVALID_SIGNATURE = "invalid_signature"
    # on-chain payout method
    INVALID_BITCOIN_ADDRESS = "invalid_bitcoin_address"
    ADDRESS_NETWORK_MISMATCH = "address_network_mismatch"
    UNSUPPORTED_ADDRESS_TYPE = "unsupported_address_type"
    INVALID_EXTENDED_PUBLIC_KEY = "invalid_extended_public_key"
    EXTENDED_PUBLIC_KEY_NETWORK_MISMATCH = "extended_public_key_network_mismatch"
    EXTENDED_PUBLIC_KEY_MISMATCH = "extended_public_key_mismatch"
    DERIVATION_PATH_REQUIRED = "derivation_path_required"
    INVALID_DERIVATION_PATH = "invalid_derivation_path"
    EXTENDED_PUBLIC_KEY_REQUIRED = "extended_public_key_required"
    INVALID_GAP_LIMIT = "invalid_gap_limit"
    # lightning payout method
    INVALID_NODE_PUBKEY = "invalid_node_pubkey"
    AMBIGUOUS_PAYOUT_METHOD = "ambiguous_payout_method"
    # order fields
    INVALID_FEE_RATE = "invalid_fee_rate"
    INVALID_CURRENCY = "invalid_currency"
    INVALID_IBAN = "invalid_iban"
    INVALID_AFFILIATE_ID = "invalid_affiliate_id"
    FIELD_NOT_PATCHABLE = "field_not_patchable"
    # exchanges: lightning payouts (reference)
    IN_PROGRESS = "in_progress"
    ALREADY_COMPLETED = "already_completed"
    INVOICE_AMOUNT = "invoice_amount"
    INVOICE_NETWORK = "invoice_network"
    INVOICE_EXPIRED = "invoice_expired"
    UNEXPECTED_NODE_PUBKEY = "unexpected_node_pubkey"
    INVALID_INVOICE = "invalid_invoice"
    CHANNEL_PAYOUT_NOT_ALLOWED = "channel_payout_not_allowed"
    NODE_ADDRESS_REQUIRED = "node_address_required"
    CONNECT = "connect"
    # exchanges: lightning payouts (sandbox)
    INVALID_PAYOUT_TYPE = "invalid_payout_type"
    INVALID_NODE_ADDRESS = "invalid_node_address"
    CHANNEL_AMOUNT_TOO_SMALL = "channel_amount_too_small"
    NOT_LIGHTNING_EXCHANGE = "not_lightning_exchange"
    EXCHANGE_NOT_EXECUTED = "exchange_not_executed"
    # test helpers
    INVALID_AMOUNT = "invalid_amount"
    INVALID_PAIR = "invalid_pair"
    INVALID_RATE = "invalid_rate"
    INVALID_BLOCK_COUNT = "invalid_block_count"
    INVALID_WEBHOOK_URL = "invalid_webhook_url"
    INVALID_WEBHOOK_SECRET = "invalid_webhook_secret"
    IDENTIFICATION_COMPLETED = "identification_completed"


STATUS_CODES: dict[int, ErrorCode] = {
    401: ErrorCode.UNAUTHORIZED,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    413: ErrorCode.PAYLOAD_TOO_LARGE,
}


class ApiError(Exception):
    """A request the sandbox refuses: an HTTP status and an error code."""

    def __init__(self, code: ErrorCode, status: int = 400, detail: str = "") -> None:
        super().__init__(f"{status} {code.value}{': ' + detail if detail else ''}")
        self.code = code
        self.status = status
        self.detail = detail


def not_found() -> ApiError:
    return ApiError(ErrorCode.NOT_FOUND, 404)


def invalid(detail: str = "", code: ErrorCode = ErrorCode.VALIDATION_ERROR) -> ApiError:
    return ApiError(code, 400, detail)


def error_body(code: ErrorCode) -> dict[str, str]:
    return {"error": code.value, "documentation_uri": DOCUMENTATION_URI}
