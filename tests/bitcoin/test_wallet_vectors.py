"""Signatures made by real wallets (collected in bitonicnl/verify-signed-message's test suite,
which cites Trezor's firmware tests, btclib, python-bitcoinlib, bitcoinjs-message and wallets'
own output). They pin the conventions a verifier must accept: Trezor's BIP-137 segwit headers,
and Electrum, Mycelium, Coinomi, Samourai and UniSat signing segwit with header 31–34."""

from __future__ import annotations

import pytest
from embit import bip32, bip39

from pocketgui.bitcoin import (
    InvalidSignature,
    Network,
    ScriptType,
    UnsupportedAddressType,
    public_key_address,
    recover_message_pubkey,
    reheader_signature,
    sign_message,
    verify_message,
)

EXAMPLE = "This is an example of a signed message."
LONG = "VeryLongMessage!" * 64  # 1024 bytes: a 3-byte CompactSize length
COMPACT_SIZE = (
    "Integer can be encoded depending on the represented value to save space. Variable length "
    "integers always precede an array/vector of a type of data that may vary in length. Longer "
    "numbers are encoded in little endian. If you're reading the Satoshi client code (BitcoinQT) "
    'it refers to this encoding as a "CompactSize". Modern Bitcoin Core also has the VARINT macro '
    "which implements an even more compact integer for the purpose of local storage (which is "
    'incompatible with "CompactSize" described here). VARINT is not a part of the protocol.'
)

VALID = {
    "trezor p2pkh (31-34)": (
        "1JAd7XCBzGudGpJQSDSfpmJhiygtLQWaGL",
        EXAMPLE,
        "IP2PL321I4/N0HfVIEw+aUnCYdcAJpzvwdnS3O9rlQI2MO5hf2yKz560DI7dcEycp06kr8OT9D81tOiVgyTL3Rw=",
    ),
    "trezor p2wpkh (39-42)": (
        "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk",
        EXAMPLE,
        "KLVddgDZ6afipJFV3fPP2455bCB/qrgzAQ+kH7eCiIm8R89iNIp6qgkjwIMqWJ+rVB6PEutU+3EckOIwfw9msZQ=",
    ),
    "trezor p2wpkh long message": (
        "bc1qannfxke2tfd4l7vhepehpvt05y83v3qsf6nfkk",
        LONG,
        "KMb4biVeqnaMRH1jXZHaAWMaxUryI8LBgtT6NnbP7K5KGZrTOnT+BPtGw5QyrLjYPedNqQ9fARI7O32LwlK8f3E=",
    ),
    "trezor p2sh-p2wpkh (35-38)": (
        "3L6TyTisPBmrDAj6RoKmDzNnj4eQi54gD2",
        EXAMPLE,
        "I3RN5FFvrFwUCAgBVmRRajL+rZTeiXdc7H4k28JP4TMHWsCTAcTMjhl76ktkgWYdW46b8Z2Le4o4Ls21PC7gdQ0=",
    ),
    "trezor p2sh-p2wpkh #1 (35-38)": (
        "3LbZqMMHu371r5Fjve9qNhSQzuNi7EzqUR",
        "test123",
        "I2ehXowFWMZohHrJN+1IRdDwqN/UILqVmhIOHpeBdS4BYDCQpfDL1tTH7mNg6eeypno+Is8ApgWinkPnnz1NEq8=",
    ),
    "electrum p2sh-p2wpkh (31-34), same r||s as trezor #1": (
        "3LbZqMMHu371r5Fjve9qNhSQzuNi7EzqUR",
        "test123",
        "H2ehXowFWMZohHrJN+1IRdDwqN/UILqVmhIOHpeBdS4BYDCQpfDL1tTH7mNg6eeypno+Is8ApgWinkPnnz1NEq8=",
    ),
    "electrum p2wpkh (31-34), CompactSize length": (
        "bc1qsdjne3y6ljndzvg9z9qrhje8k7p2m5yas704hn",
        COMPACT_SIZE,
        "H3TkHAXCKRfyDowCra5YRDF/Vkk2HQCel/pgEgTj9LYaWpnviSRcuYtv/CZk7NTyHsJnYP56bqbvuU3PejwLCnA=",
    ),
    "electrum uncompressed p2pkh (27-30)": (
        "18J72YSM9pKLvyXX1XAjFXA98zeEvxBYmw",
        "Test123",
        "Gzhfsw0ItSrrTCChykFhPujeTyAcvVxiXwywxpHmkwFiKuUR2ETbaoFcocmcSshrtdIjfm8oXlJoTOLosZp3Yc8=",
    ),
    "btclib compressed p2pkh": (
        "1DAag8qiPLHh6hMFVu9qJQm9ro1HtwuyK5",
        "test message",
        "IFqUo4/sxBEFkfK8mZeeN56V13BqOc0D90oPBChF3gTqMXtNSCTN79UxC33kZ8Mi0cHy4zYCnQfCxTyLpMVXKeA=",
    ),
    "btclib uncompressed p2pkh": (
        "19f7adDYqhHSJm2v7igFWZAqxXHj1vUa3T",
        "test message",
        "HFqUo4/sxBEFkfK8mZeeN56V13BqOc0D90oPBChF3gTqMXtNSCTN79UxC33kZ8Mi0cHy4zYCnQfCxTyLpMVXKeA=",
    ),
    "mycelium p2sh-p2wpkh (31-34)": (
        "325ZMWMu9vaWQeUG8Gc8MzsVKzt3Rqn8H7",
        "Test message!",
        "IM/bkqpERGRFDGgxnceinULcqz1iRVBSUVlnDPZRKHGUQMC5t1P5wRp2/1b1+rpjFHhSS2pExB88cA750PNRlaw=",
    ),
    "mycelium p2wpkh (31-34)": (
        "bc1q58dh2fpwms37g29nw979pa65lsvjkqxq82jzvv",
        "Test message!",
        "ILNax/LC+m3WwzIhnrieNN8DRzWTAgcVStSJmwdabUQII2fIlYUlEgnlNf4j2G4yJQoO4zFqCwaLOX4PDj1XwjA=",
    ),
    "coinomi p2sh-p2wpkh (31-34)": (
        "39FT3L2wH56h2jmae5abPU1A7nVs6QyApV",
        "Test message!",
        "HzpoLFjr+eUPkseb+i0Vaqj7FRm5o1+Ei/kae7XWN6nmFLmvLi7uWicerYNXjCMUf3nCnm/9UPb6SYJLI60Nh8A=",
    ),
    "coinomi p2wpkh (31-34)": (
        "bc1q0utxws6ptfdfcvaz29y4st065t5ku6vcqd364f",
        "Test message!",
        "H+G7Fz3EVxX02kIker4HPgnP8Mlf3bT52p81hnNAahTOGJ8ANSaU0bF5RsprgTH6LXLx/PmCka48Ov7OrPw2bms=",
    ),
    "samourai p2wpkh (31-34)": (
        "bc1qnxhkjd3kcjdzqz4u0m47xj3dne907cd8yg7qdr",
        "hello foo",
        "IJruGdQX+V6s+zvzTD3msz2l1obPchx19/bsefr+QGihcRArLSzXtkoUXA8k0NkBsIpFXGRxbG/s+eimZ+eGg70=",
    ),
    "unisat p2sh-p2wpkh (31-34)": (
        "3MqrCDcTK16rkLEbu9Wfojdf7jbUMAJBRW",
        "hello world~",
        "IGCFq01RhaGbMOOuPWFn5H/ZCKx+P4srkb7O3BRS7mcISazqQbS9QThf3gSmH1Vrq/RLL+1pZQZISWe/XRIr1O0=",
    ),
    "unisat p2wpkh (31-34)": (
        "bc1qvhnxd953tzt4kcqpcgk83wu2r9shf59q2t4egu",
        "hello world",
        "INuYn+2RZPLOzOXBYffJeMSVKRwIf+XaD3SrQa+WTO/aaKR/+JzS0zJplnc3H7dN8Da3bxvrQx3rPL/MCwZ5z7s=",
    ),
}

NOT_BY_THIS_KEY = {
    "signature for another address": (
        "14wPe34dikRzK4tMYvtwMMJCEZbJ7ar35V",
        "test message",
        "IFqUo4/sxBEFkfK8mZeeN56V13BqOc0D90oPBChF3gTqMXtNSCTN79UxC33kZ8Mi0cHy4zYCnQfCxTyLpMVXKeA=",
    ),
    "another message": (
        "14wPe34dikRzK4tMYvtwMMJCEZbJ7ar35V",
        "Totally different message, thus different calculated address",
        "IFqUo4/sxBEFkfK8mZeeN56V13BqOc0D90oPBChF3gTqMXtNSCTN79UxC33kZ8Mi0cHy4zYCnQfCxTyLpMVXKeA=",
    ),
    "r + n >= p: recovers no key": (
        "1C9CRMGBYrGKKQ6eEpwm4dzMqkRZxPB5xa",
        "test",
        "IQt3ycjmA6LCbcTiFcj7o6odqX5PKeYPmL+dwcblLc/Xor1E2szTlEZKtHdzSrSz78PbYQUlX5a5VuDeSJLrEr0=",
    ),
    "old unisat: uncompressed header for a compressed p2pkh": (
        "15tbg628HntFEB7xjyVrSo3ck5jbKuGhQD",
        "hello world",
        "G5WBoAY8ehQtP8UnS2boqjid2vYxH2/m69Il3T1SySRGVO2H1KIrTwVkPe2aU3BXyX/CYzBUaXYyWmC8vxXFIyw=",
    ),
    "old unisat: uncompressed header for p2sh-p2wpkh": (
        "32ypXz5xwzGLbEnfLJWw1VUKcLbvDDVTVV",
        "hello world",
        "HEZseoQ4aMFs8ERwwB9jm4qgoUH/sFRMTEADV9pr5EQadve7ebbsQ/LH/c7QpnDY/ygi24jlnPoZUcOT7Vo8vOw=",
    ),
    "old unisat: uncompressed header for p2wpkh": (
        "bc1qzex95t5x94sq70g8u7zyc5jcn6vv27swtm5uqs",
        "hello world",
        "HCxsLSgGi9RduaXTTzQvbpTNVR/KyWX9Rk4SU0LnhXN8T+A+8titHwMZea2PiOSQzfSu2J+og307rEw2GRZDeDE=",
    ),
}


@pytest.mark.parametrize(("address", "message", "signature"), VALID.values(), ids=VALID.keys())
def test_real_wallet_signature_verifies(address: str, message: str, signature: str) -> None:
    assert verify_message(address, message, signature, Network.MAINNET) is True


@pytest.mark.parametrize(
    ("address", "message", "signature"), NOT_BY_THIS_KEY.values(), ids=NOT_BY_THIS_KEY.keys()
)
def test_real_wallet_signature_not_by_the_address_key_is_false(
    address: str, message: str, signature: str
) -> None:
    assert verify_message(address, message, signature, Network.MAINNET) is False


def test_trezor_and_electrum_differ_only_in_the_header() -> None:
    _, trezor_message, trezor = VALID["trezor p2sh-p2wpkh #1 (35-38)"]
    _, _, electrum = VALID["electrum p2sh-p2wpkh (31-34), same r||s as trezor #1"]
    assert recover_message_pubkey(trezor_message, trezor)[1] == 35
    assert recover_message_pubkey(trezor_message, electrum)[1] == 31
    assert reheader_signature(electrum, ScriptType.P2SH_P2WPKH) == trezor
    assert reheader_signature(trezor, ScriptType.P2PKH) == electrum


def test_trezor_bip137_p2wpkh_signature_is_refused_for_the_keys_legacy_address() -> None:
    address, message, signature = VALID["trezor p2wpkh (39-42)"]
    key, header = recover_message_pubkey(message, signature)
    assert header in range(39, 43)
    legacy = public_key_address(key, ScriptType.P2PKH, Network.MAINNET)
    assert verify_message(legacy, message, signature, Network.MAINNET) is False
    electrum_style = reheader_signature(signature, ScriptType.P2PKH)
    assert verify_message(legacy, message, electrum_style, Network.MAINNET) is True
    assert verify_message(address, message, electrum_style, Network.MAINNET) is True


def test_unisat_taproot_ecdsa_signature_is_unsupported_not_false() -> None:
    # UniSat signs for taproot with the internal key's ECDSA; only BIP-322 proves a taproot key.
    with pytest.raises(UnsupportedAddressType):
        verify_message(
            "bc1pgc9k3vdmr9aecmwj09qg5qv550qyyrydufyfmxrsvk5474rxenuqrq4lcz",
            "hello world",
            "H/KLWcCfl/P34V9TdPzcSlG3sdhllArBXjypbz9BBY1GXDRCwYogO50Crznm8I9P/JAfhnojgbV5vPYSAhWA1p0=",
            Network.MAINNET,
        )


@pytest.mark.parametrize(
    "signature",
    [
        "zPOBbkXzwDgGVU3Gxk0noVuLq8P1pGfQUxnS0nzuxEN3qR/U/s63P81io7LV04ZxN88gVX/Qw0rzLFBR8q4IkUc=",
        "VGhpcyBpcyBub3QgdmFsaWQ=",
    ],
    ids=["header 204", "17 bytes"],
)
def test_non_bitcoin_signature_is_malformed(signature: str) -> None:
    with pytest.raises(InvalidSignature):
        verify_message(
            "1DAag8qiPLHh6hMFVu9qJQm9ro1HtwuyK5", "test message", signature, Network.MAINNET
        )


@pytest.mark.parametrize(
    ("path", "script_type", "vector"),
    [
        ("m/44h/0h/0h/0/0", ScriptType.P2PKH, "trezor p2pkh (31-34)"),
        ("m/49h/0h/0h/0/0", ScriptType.P2SH_P2WPKH, "trezor p2sh-p2wpkh (35-38)"),
        ("m/84h/0h/0h/0/0", ScriptType.P2WPKH, "trezor p2wpkh (39-42)"),
        ("m/84h/0h/0h/0/0", ScriptType.P2WPKH, "trezor p2wpkh long message"),
    ],
)
def test_signing_reproduces_trezor_byte_for_byte(
    path: str, script_type: ScriptType, vector: str
) -> None:
    """Trezor's fixtures use the 'all all … all' seed; RFC 6979 makes the signature unique."""
    key = bip32.HDKey.from_seed(bip39.mnemonic_to_seed(" ".join(["all"] * 12))).derive(path)
    address, message, signature = VALID[vector]
    secret = bytes(key.key.serialize())
    assert public_key_address(bytes(key.sec()), script_type, Network.MAINNET) == address
    assert sign_message(secret, message, script_type, "bip137") == signature
