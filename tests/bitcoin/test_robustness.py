"""Whatever text arrives (from the wire, the clipboard, a device), the bitcoin layer answers
with a result or a BitcoinError — never another exception, which would be a 5xx or a crash."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pocketgui.bitcoin import (
    BitcoinError,
    InvalidSignature,
    Network,
    ScriptType,
    address_network,
    address_script_type,
    decode_invoice,
    derive_address,
    find_address_in_gap,
    lightning_verify_message,
    parse_extended_key,
    parse_relative_path,
    recover_message_pubkey,
    reheader_signature,
    verify_message,
)
from pocketgui.bitcoin._bech32 import CHARSET
from pocketgui.bitcoin.lightning import zbase32_encode
from pocketgui.formats.bank_codes import is_valid_creditor_reference, is_valid_iban

REF_ADDRESS = "17wvJajWQjoVJuJe31tuiDs4MmVeBfSvGY"
REF_XPUB = (
    "xpub6C9cxxj5hCqTY7sYeofQPA4nXuLJpL5xBL5F874n8hremDiwrWPsPBmxjJxHqBL7jwxKy33j4uJmHXQSNxRegEY2"
    "MukehJUe8s4mBkaFGBU"
)
NODE = "02765a281bd188e80a89e6ea5092dcb8ebaaa5c5da341e64327e3fadbadcbc686c"
texts = st.text(max_size=120) | st.text(alphabet=CHARSET + "1lnbcrtp", max_size=400)
signatures = st.text(max_size=120) | st.binary(min_size=60, max_size=70).map(
    lambda raw: base64.b64encode(raw).decode()
)
networks = st.sampled_from(list(Network))


def _answers(call: object, *args: object) -> None:
    try:
        call(*args)  # type: ignore[operator]
    except BitcoinError:
        pass


@settings(max_examples=150, deadline=None)
@given(text=texts, message=st.text(max_size=50), signature=signatures, network=networks)
def test_arbitrary_text_only_ever_raises_bitcoin_errors(
    text: str, message: str, signature: str, network: Network
) -> None:
    _answers(address_network, text)
    _answers(address_script_type, text, network)
    _answers(verify_message, text, message, signature, network)
    _answers(verify_message, REF_ADDRESS, message, signature, Network.MAINNET)
    _answers(recover_message_pubkey, message, signature)
    _answers(reheader_signature, signature, ScriptType.P2WPKH)
    _answers(lightning_verify_message, NODE, message, text)
    _answers(decode_invoice, text)
    _answers(parse_extended_key, text)
    _answers(parse_relative_path, text)
    _answers(derive_address, REF_XPUB, text, None, network)
    _answers(find_address_in_gap, REF_XPUB, text, network, 3)
    assert isinstance(is_valid_iban(text), bool)
    assert isinstance(is_valid_creditor_reference(text), bool)


def test_message_without_a_utf8_form_is_an_invalid_signature_not_a_crash() -> None:
    lone_surrogate = "I confirm my bitcoin wallet. \ud800"  # json.loads lets this through
    signature = base64.b64encode(bytes([32]) + bytes(range(1, 65))).decode()
    with pytest.raises(InvalidSignature, match="Unicode"):
        verify_message(REF_ADDRESS, lone_surrogate, signature, Network.MAINNET)
    with pytest.raises(InvalidSignature, match="Unicode"):
        lightning_verify_message(NODE, lone_surrogate, zbase32_encode(bytes([31]) + bytes(64)))
