from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pocketgui.bitcoin import InvalidInvoice, Network, _bech32, decode_invoice, encode_invoice
from pocketgui.bitcoin._secp import public_key, sign_recoverable
from pocketgui.bitcoin.bolt11 import _signing_hash

REF_INVOICE = (
    "lnbcrt585180n1pjrucjgpp5n64x8ugk4tuz3wkjuuqkmvsgf9xetq8l4ntj7nsr373zpmd5yvdsdqqcqzpgxqyz5vq"
    "sp5dhxsdywke3fuz3fhcv79n7y00zdxqdhz8japmpx2hgk5pa92llxs9qyyssqtk0wr35e65yupmsnzp9n3r2ynqdv4"
    "20kt9rnukwxwh744mmsusnn2600wpdfpcsx5r2cjsc0t5583fhrgcsejlqp7uept6tv0tnufdqp4jwez5"
)
REF_ORDER_NODE = "02765a281bd188e80a89e6ea5092dcb8ebaaa5c5da341e64327e3fadbadcbc686c"
# BOLT #11 "Examples", all signed by the spec's node key.
SPEC_SECRET = bytes.fromhex("e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734")
SPEC_NODE = "03e7156ae33b0a208d0744199163177e909e80176e55d97a2f221ede0f934dd9ad"
SPEC_HASH = "0001020304050607080900010203040506070809000102030405060708090102"
SPEC_DONATION = (
    "lnbc1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsy"
    "qcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5kgetjypeh2ursdae8g6twvus8g6rfwvs8qun0d"
    "fjkxaq9qrsgq357wnc5r2ueh7ck6q93dj32dlqnls087fxdwk8qakdyafkq3yap9us6v52vjjsrvywa6rt52cm9r9z"
    "qt8r2t7mlcwspyetp5h2tztugp9lfyql"
)
SPEC_COFFEE = (
    "lnbc2500u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqf"
    "qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpu9qrsgquk0rl77nj30yxdy8j9vd"
    "x85fkpmdla2087ne0xh8nhedh8w27kyke0lp53ut353s06fv3qfegext0eh0ymjpf39tuven09sam30g4vgpfna3rh"
)
SPEC_HASHED = (
    "lnbc20m1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqq"
    "qsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqhp58yjmdan79s6qqdhdzgynm4zwqd5d7xmw5fk98klysy043l2ahrqs9q"
    "rsgq7ea976txfraylvgzuxs8kgcw23ezlrszfnh8r6qtfpr6cxga50aj6txm9rxrydzd06dfeawfk6swupvz4erwnyu"
    "tnjq7x39ymw6j38gp7ynn44"
)
PAYMENT_HASH = bytes(range(32))
PAYMENT_SECRET = bytes([0x11]) * 32


def test_reference_invoice_is_regtest_58518_sat_from_another_node() -> None:
    invoice = decode_invoice(REF_INVOICE)
    assert invoice.network is Network.REGTEST
    assert invoice.amount_msat == 58_518_000
    assert invoice.payee.startswith("025e79bf") and invoice.payee.endswith("c6980")
    assert invoice.payee == "025e79bff567340dd3252f9158e3fa689f0e3f7179c640cf1ce1184c1ac04c6980"
    assert invoice.payee != REF_ORDER_NODE  # → unexpected_node_pubkey against the example order
    assert invoice.description == ""
    assert invoice.expiry_seconds == 86400
    assert len(invoice.payment_hash) == 64 and len(invoice.payment_secret or "") == 64
    assert invoice.timestamp == datetime(2023, 4, 18, 9, 26, 32, tzinfo=UTC)
    assert invoice.is_expired()  # issued in 2023 for one day


def test_spec_coffee_invoice_amount_expiry_description_and_payee() -> None:
    invoice = decode_invoice(SPEC_COFFEE)
    assert invoice.network is Network.MAINNET
    assert invoice.amount_msat == 250_000_000
    assert invoice.expiry_seconds == 60
    assert invoice.description == "1 cup coffee"
    assert invoice.payment_hash == SPEC_HASH
    assert invoice.payment_secret == "11" * 32
    assert invoice.payee == SPEC_NODE
    assert int(invoice.timestamp.timestamp()) == 1496314658


def test_spec_donation_invoice_without_amount_has_default_expiry() -> None:
    invoice = decode_invoice(SPEC_DONATION)
    assert invoice.amount_msat is None
    assert invoice.expiry_seconds == 3600
    assert invoice.description == "Please consider supporting this project"
    assert invoice.payee == SPEC_NODE


def test_spec_hashed_description_invoice_reports_the_hash() -> None:
    invoice = decode_invoice(SPEC_HASHED)
    assert invoice.amount_msat == 2_000_000_000
    assert invoice.description is None
    assert invoice.description_hash == (
        "3925b6f67e2c340036ed12093dd44e0368df1b6ea26c53dbe4811f58fd5db8c1"
    )


def test_uppercase_invoice_from_a_qr_code_decodes() -> None:
    assert decode_invoice(SPEC_COFFEE.upper()).payee == SPEC_NODE


@pytest.mark.parametrize(
    ("network", "prefix"),
    [(Network.MAINNET, "lnbc"), (Network.TESTNET, "lntb"), (Network.REGTEST, "lnbcrt")],
)
def test_encode_then_decode_round_trips_on_each_network(network: Network, prefix: str) -> None:
    text = encode_invoice(
        SPEC_SECRET, network, 58_518_000, PAYMENT_HASH, PAYMENT_SECRET, "coffee", 600, 1_700_000_000
    )
    assert text.startswith(prefix + "585180n1")
    invoice = decode_invoice(text)
    assert invoice.network is network
    assert invoice.amount_msat == 58_518_000
    assert invoice.payee == SPEC_NODE
    assert invoice.payment_hash == PAYMENT_HASH.hex()
    assert invoice.payment_secret == PAYMENT_SECRET.hex()
    assert invoice.description == "coffee"
    assert invoice.expiry_seconds == 600
    assert invoice.timestamp == datetime.fromtimestamp(1_700_000_000, UTC)


def test_signet_prefix_tbs_decodes_as_testnet() -> None:
    text = encode_invoice(SPEC_SECRET, Network.TESTNET, 1000, PAYMENT_HASH, PAYMENT_SECRET)
    hrp, data, _ = _bech32.decode(text, 7089)
    resigned = _resign("lntbs" + hrp[4:], data[:-104])
    assert decode_invoice(resigned).network is Network.TESTNET


def test_encoded_invoice_with_n_field_is_checked_against_it() -> None:
    text = encode_invoice(
        SPEC_SECRET, Network.REGTEST, None, PAYMENT_HASH, PAYMENT_SECRET, include_payee=True
    )
    assert decode_invoice(text).payee == SPEC_NODE


def test_n_field_naming_another_node_is_invalid() -> None:
    other = public_key(b"\x01" * 32)
    hrp, data, _ = _bech32.decode(
        encode_invoice(SPEC_SECRET, Network.REGTEST, None, PAYMENT_HASH, PAYMENT_SECRET),
        7089,
    )
    n_field = [_bech32.CHARSET.index("n"), 1, 21, *_bech32.to_words(other)]
    forged = _resign(hrp, data[:-104] + n_field, sign_with=SPEC_SECRET)
    with pytest.raises(InvalidInvoice, match="n field"):
        decode_invoice(forged)


@pytest.mark.parametrize(
    ("amount_msat", "hrp_amount"),
    [
        (10**11, "1"),
        (2 * 10**8, "2m"),
        (250_000_000, "2500u"),
        (100, "1n"),
        (1, "10p"),
        (15, "150p"),
    ],
)
def test_amount_uses_the_shortest_multiplier(amount_msat: int, hrp_amount: str) -> None:
    text = encode_invoice(SPEC_SECRET, Network.MAINNET, amount_msat, PAYMENT_HASH, PAYMENT_SECRET)
    assert text.startswith(f"lnbc{hrp_amount}1")
    assert decode_invoice(text).amount_msat == amount_msat


@pytest.mark.parametrize(
    ("hrp", "reason"),
    [
        ("lnbc2500000001p", "pico"),  # BOLT11: last decimal of a p amount must be 0
        ("lnbc025u", "leading zeros"),
        ("lnbc0", "zero"),
        ("lnbcm", "no amount"),
        ("lnbc2500x", "not a BOLT11 prefix"),
        ("lnxy2500u", "not a BOLT11 prefix"),
        ("lnbc21000001", "21 million"),
        ("lnbc" + "9" * 5000 + "p", "21 million"),  # beyond int()'s digit limit
    ],
)
def test_invalid_amounts_and_prefixes_are_refused(hrp: str, reason: str) -> None:
    _, data, _ = _bech32.decode(SPEC_COFFEE, 7089)
    with pytest.raises(InvalidInvoice, match=reason):
        decode_invoice(_bech32.encode(hrp, data))


def test_tampered_invoice_text_is_invalid() -> None:
    # an edited amount without a recomputed checksum
    with pytest.raises(InvalidInvoice, match="checksum"):
        decode_invoice(SPEC_COFFEE.replace("lnbc2500u", "lnbc2600u"))


def test_tampered_invoice_with_n_field_and_fixed_checksum_is_invalid() -> None:
    text = encode_invoice(
        SPEC_SECRET, Network.REGTEST, 1000, PAYMENT_HASH, PAYMENT_SECRET, include_payee=True
    )
    _, data, _ = _bech32.decode(text, 7089)
    with pytest.raises(InvalidInvoice, match="n field"):
        decode_invoice(_bech32.encode("lnbcrt1u", data))  # more money, same signature


def test_tampered_invoice_without_n_field_recovers_another_payee() -> None:
    # Recovery always yields some key: the tamper shows as an unexpected payee.
    _, data, _ = _bech32.decode(SPEC_COFFEE, 7089)
    assert decode_invoice(_bech32.encode("lnbc2600u", data)).payee != SPEC_NODE


def test_typo_in_invoice_fails_the_checksum() -> None:
    typo = SPEC_COFFEE[:-10] + ("q" if SPEC_COFFEE[-10] != "q" else "p") + SPEC_COFFEE[-9:]
    with pytest.raises(InvalidInvoice, match="checksum"):
        decode_invoice(typo)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "lightning:" + SPEC_COFFEE,
        SPEC_COFFEE[:20],
        "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu",
    ],
)
def test_not_an_invoice_is_invalid(text: str) -> None:
    with pytest.raises(InvalidInvoice):
        decode_invoice(text)


def test_high_s_signature_is_refused() -> None:
    hrp, data, _ = _bech32.decode(SPEC_COFFEE, 7089)
    sig = _bech32.to_bytes(data[-104:])
    assert sig is not None
    order = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
    high_s = (order - int.from_bytes(sig[32:64], "big")).to_bytes(32, "big")
    flipped = sig[:32] + high_s + bytes([sig[64] ^ 1])
    with pytest.raises(InvalidInvoice, match="low-S"):
        decode_invoice(_bech32.encode(hrp, data[:-104] + _bech32.to_words(flipped)))


def test_duplicate_payment_hash_is_refused() -> None:
    hrp, data, _ = _bech32.decode(SPEC_COFFEE, 7089)
    p_field = [_bech32.CHARSET.index("p"), 1, 20, *_bech32.to_words(bytes(32))]
    with pytest.raises(InvalidInvoice, match="more than one 'p'"):
        decode_invoice(_resign(hrp, data[:-104] + p_field))


def test_expiry_detection_uses_timestamp_plus_expiry() -> None:
    issued = 1_700_000_000
    text = encode_invoice(
        SPEC_SECRET, Network.REGTEST, 1000, PAYMENT_HASH, PAYMENT_SECRET, timestamp=issued
    )
    invoice = decode_invoice(text)
    start = datetime.fromtimestamp(issued, UTC)
    assert invoice.expires_at == start + timedelta(seconds=3600)
    assert not invoice.is_expired(start + timedelta(seconds=3599))
    assert invoice.is_expired(start + timedelta(seconds=3600))
    with pytest.raises(ValueError, match="timezone"):
        invoice.is_expired(datetime(2030, 1, 1))
    fresh = decode_invoice(
        encode_invoice(SPEC_SECRET, Network.REGTEST, 1000, PAYMENT_HASH, PAYMENT_SECRET)
    )
    assert not fresh.is_expired()


@settings(max_examples=40, deadline=None)
@given(
    secret=st.integers(min_value=1, max_value=2**255),
    network=st.sampled_from(list(Network)),
    amount=st.none() | st.integers(min_value=1, max_value=21_000_000 * 10**11),
    description=st.text(max_size=200),
    expiry=st.integers(min_value=0, max_value=10**9),
    timestamp=st.integers(min_value=0, max_value=2**35 - 1),
)
def test_property_encode_decode_round_trips(
    secret: int, network: Network, amount: int | None, description: str, expiry: int, timestamp: int
) -> None:
    key = secret.to_bytes(32, "big")
    invoice = decode_invoice(
        encode_invoice(
            key, network, amount, PAYMENT_HASH, PAYMENT_SECRET, description, expiry, timestamp
        )
    )
    assert (invoice.network, invoice.amount_msat, invoice.description) == (
        network,
        amount,
        description,
    )
    assert invoice.expiry_seconds == expiry
    assert invoice.payee == public_key(key).hex()


def _resign(hrp: str, body: list[int], sign_with: bytes = SPEC_SECRET) -> str:
    """Sign the words of an invoice body (timestamp and fields) under `hrp`."""
    rs, recid = sign_recoverable(_signing_hash(hrp, body), sign_with)
    return _bech32.encode(hrp, body + _bech32.to_words(rs + bytes([recid])))
