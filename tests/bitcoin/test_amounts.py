from __future__ import annotations

from decimal import Decimal

import pytest

from pocketgui.bitcoin import btc, btc_to_msat, btc_to_sat, fiat, msat_to_btc, sat_to_btc


def test_btc_keeps_eight_decimals_exactly() -> None:
    assert btc("0.00197000") == Decimal("0.00197000")
    assert str(btc(Decimal("0.0019681"))) == "0.00196810"
    assert str(btc(1)) == "1.00000000"
    assert btc(Decimal("-0.5")) == Decimal("-0.5")


def test_fiat_keeps_two_decimals_exactly() -> None:
    assert str(fiat("100")) == "100.00"
    assert str(fiat(Decimal("1.5"))) == "1.50"


@pytest.mark.parametrize("value", ["0.000000001", Decimal("1E-9"), "0.123456789"])
def test_btc_more_precise_than_a_satoshi_raises(value: str | Decimal) -> None:
    with pytest.raises(ValueError, match="precision"):
        btc(value)


def test_fiat_more_precise_than_a_cent_raises() -> None:
    with pytest.raises(ValueError, match="precision"):
        fiat("1.001")


@pytest.mark.parametrize("value", [0.1, 1.0, True, None, "abc", "NaN", "Infinity", "1E+100", ""])
def test_floats_and_non_numbers_are_refused(value: object) -> None:
    with pytest.raises(ValueError):
        btc(value)  # type: ignore[arg-type]


def test_sat_and_msat_convert_exactly() -> None:
    assert sat_to_btc(58518) == Decimal("0.00058518")
    assert str(sat_to_btc(1)) == "1E-8"  # Decimal's own str; format with :f for display
    assert f"{sat_to_btc(1):f}" == "0.00000001"
    assert msat_to_btc(58518000) == Decimal("0.00058518")
    assert msat_to_btc(1) == Decimal("0.00000000001")
    assert btc_to_sat("0.00058518") == 58518
    assert btc_to_msat("0.00058518") == 58518000
    assert btc_to_msat(Decimal("0.00000000001")) == 1


def test_sub_satoshi_to_sat_raises() -> None:
    with pytest.raises(ValueError):
        btc_to_sat(msat_to_btc(1500))


@pytest.mark.parametrize("value", [1.0, True, "1"])
def test_sat_conversions_take_ints_only(value: object) -> None:
    with pytest.raises(ValueError):
        sat_to_btc(value)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        msat_to_btc(value)  # type: ignore[arg-type]
