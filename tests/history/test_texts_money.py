"""Plain words for codes, amounts as people read them, the fee rate as people type it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pocketgui.api.models import ExchangeStatus as S
from pocketgui.history import (
    action_text,
    format_btc,
    format_fee_rate,
    format_fiat,
    mismatch_text,
    notification_text,
    parse_fee_percent,
    refund_text,
    state_label,
)
from tests.history.wire import purchase


def test_refund_reasons_in_plain_words_unknown_codes_as_the_code() -> None:
    assert "paused" in refund_text("order_inactive")
    assert "limit" in refund_text("threshold_exceeded")
    assert refund_text("sanctions_hit") == "Refunded by Pocket (sanctions_hit)."
    assert "identify" in action_text("identification_required")
    assert "(video_call)" in action_text("video_call")


def test_amounts() -> None:
    assert format_fiat(Decimal("1234.5"), "CHF") == "1,234.50 CHF"
    assert format_fiat(None, "CHF") == "—"
    assert format_btc(Decimal("0.00197")) == "0.00197000 BTC"
    assert format_btc(Decimal("1E-8"), unit=False) == "0.00000001"
    assert format_fee_rate(Decimal("0.015")) == "1.5 %"
    assert format_fee_rate(Decimal("0.03")) == "3 %"


@pytest.mark.parametrize(("typed", "rate"), [("1.2", "0.012"), ("2,5 %", "0.025"),
                                             ("4.5", "0.045"), (" 3 ", "0.03"),
                                             ("2.25", "0.0225")])
def test_fee_percent_accepted(typed: str, rate: str) -> None:
    assert parse_fee_percent(typed) == Decimal(rate)


@pytest.mark.parametrize(("typed", "says"), [("1.1", "between 1.2 % and 4.5 %"),
                                             ("4.6", "outside"), ("abc", "not a number"),
                                             ("", "not a number"), ("2.125", "two decimals"),
                                             ("NaN", "percent"), ("Infinity", "percent")])
def test_fee_percent_refused_with_a_sentence(typed: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_fee_percent(typed)


def test_state_labels_and_notifications() -> None:
    assert all(state_label(state) for state in S)
    title, message = notification_text(purchase("executed"))
    assert title == "Bitcoin bought" and "0.00197000 BTC" in message and "100.00 CHF" in message
    assert notification_text(purchase("confirmed"), ["settled"])[0] == "Bitcoin confirmed"
    assert notification_text(purchase("settled"), ["executed"])[0] == \
        "Bitcoin sent to your wallet"


def test_a_purchase_first_heard_of_settled_or_confirmed_is_announced_as_bought() -> None:
    """An instant settle: the settled webhook before the executed answer, which then is stale.
    The purchase news is not dropped: the first announcement says both."""
    title, message = notification_text(purchase("settled"))
    assert title == "Bitcoin bought and sent"
    assert "0.00197000 BTC" in message and "100.00 CHF" in message and "per BTC" in message
    assert "waiting for a block" in message
    title, message = notification_text(purchase("confirmed"), ["interrupted"])
    assert title == "Bitcoin bought and sent" and "confirmed in your wallet" in message
    assert notification_text(purchase("confirmed"), ["executed"])[0] == "Bitcoin confirmed"
    assert "identify" in notification_text(purchase("interrupted"))[1]
    assert "limit" in notification_text(purchase("refunded"))[1]
    assert "NOT paid to your wallet" in mismatch_text(purchase("settled"))
