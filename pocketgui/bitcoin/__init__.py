"""Pure bitcoin verification: networks, addresses, extended keys, signed messages, references.

One implementation, used by the API client before it sends and by the sandbox when it receives.
Imports nothing else of pocketgui.
"""

from pocketgui.bitcoin.addresses import address_network, address_script_type, public_key_address
from pocketgui.bitcoin.amounts import (
    BTC_QUANT,
    FIAT_QUANT,
    btc,
    btc_to_msat,
    btc_to_sat,
    fiat,
    msat_to_btc,
    sat_to_btc,
)
from pocketgui.bitcoin.bolt11 import Invoice, decode_invoice, encode_invoice
from pocketgui.bitcoin.errors import (
    BitcoinError,
    InvalidAddress,
    InvalidExtendedKey,
    InvalidInvoice,
    InvalidSignature,
    UnsupportedAddressType,
)
from pocketgui.bitcoin.keys import (
    ExtendedKey,
    derive_address,
    find_address_in_gap,
    parse_extended_key,
    parse_relative_path,
)
from pocketgui.bitcoin.lightning import (
    NodeAddress,
    is_node_pubkey,
    lightning_recover_node_pubkey,
    lightning_sign_message,
    lightning_verify_message,
    parse_node_address,
)
from pocketgui.bitcoin.messages import (
    recover_message_pubkey,
    reheader_signature,
    sign_message,
    verify_message,
)
from pocketgui.bitcoin.networks import Network, ScriptType

__all__ = [
    "BTC_QUANT",
    "FIAT_QUANT",
    "BitcoinError",
    "ExtendedKey",
    "InvalidAddress",
    "InvalidExtendedKey",
    "InvalidInvoice",
    "InvalidSignature",
    "Invoice",
    "Network",
    "NodeAddress",
    "ScriptType",
    "UnsupportedAddressType",
    "address_network",
    "address_script_type",
    "btc",
    "btc_to_msat",
    "btc_to_sat",
    "decode_invoice",
    "derive_address",
    "encode_invoice",
    "fiat",
    "find_address_in_gap",
    "is_node_pubkey",
    "lightning_recover_node_pubkey",
    "lightning_sign_message",
    "lightning_verify_message",
    "msat_to_btc",
    "parse_extended_key",
    "parse_node_address",
    "parse_relative_path",
    "public_key_address",
    "recover_message_pubkey",
    "reheader_signature",
    "sat_to_btc",
    "sign_message",
    "verify_message",
]
