"""Pocket's published webhook shapes beside the reference's, and which identification links
the app may open (https on Pocket's own domain only)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pocketgui.api import Exchange, ExchangeStatus, jsonio, pocket_page_url

PORTAL = "https://portal.pocketbitcoin.com/identification/7bf967b5?lang=en"


def payload(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "exchange_id": "e1", "order_id": "o1", "fee_rate": Decimal("0.015"), "pair": "btc/chf",
        "type": "buy", "cost": Decimal("100.00"), "executed_on": None, "amount": None,
        "rate": None, "fee": None, "action": None, "reason": None, "payout": None}
    return {**base, **fields}


def test_the_published_identify_action_is_an_interruption_with_its_url() -> None:
    exchange = Exchange.from_webhook_payload(jsonio.loads(jsonio.dumps(payload(
        action={"code": "identify", "url": PORTAL}, welcomeReward={"amount": 10}))))
    assert exchange.status is ExchangeStatus.INTERRUPTED
    assert exchange.action is not None and exchange.action.url == PORTAL
    assert exchange.action.identification_id is None and exchange.action.needs_identification
    assert exchange.raw["welcomeReward"] == {"amount": 10}  # kept, never refused


def test_the_reference_action_keeps_its_identification_id_and_no_url() -> None:
    exchange = Exchange.from_webhook_payload(payload(
        action={"code": "identification_required", "identification_id": "7bf9"}))
    assert exchange.action is not None and exchange.action.identification_id == "7bf9"
    assert exchange.action.url is None and exchange.action.needs_identification


def test_a_refund_for_missing_identification_is_a_refund_with_its_reason() -> None:
    exchange = Exchange.from_webhook_payload(payload(
        reason={"code": "identification_required"}, welcomeReward=None))
    assert exchange.status is ExchangeStatus.REFUNDED
    assert exchange.reason is not None and exchange.reason.code == "identification_required"


@pytest.mark.parametrize("url", [
    "https://pocketbitcoin.com/identification/1",
    "https://portal.pocketbitcoin.com/x?y=1#z",
    "https://a.b.pocketbitcoin.com/",
    PORTAL,
])
def test_https_links_on_pockets_own_domain_may_be_opened(url: str) -> None:
    assert pocket_page_url(url) == url


@pytest.mark.parametrize("url", [
    "http://portal.pocketbitcoin.com/x",  # not encrypted
    "https://pocketbitcoin.com.evil.net/x",  # a look-alike
    "https://evilpocketbitcoin.com/x",
    "https://pocketbitcoin.com@evil.net/x",  # userinfo: the host is evil.net
    "https://evil.net@pocketbitcoin.com/x",  # userinfo at all
    "https://evil.net\\@pocketbitcoin.com/x",  # a backslash some browsers read as "/"
    "https://evil.net#@portal.pocketbitcoin.com",
    "https://portal.pocketbitcoin.com:8443/x",  # a port
    "https://portal.pocketbitcoin.com./x",  # a trailing dot
    "https://portal..pocketbitcoin.com/x",
    "https://PORTAL.pocketbitcoin.com/x",  # upper case: two parsers may not agree
    "https://pocketbitcoin.com /x",
    "https://pocketbitcoin.com/\nx",
    "https://pocketbıtcoin.com/x",  # a dotless ı
    "javascript:alert(1)//pocketbitcoin.com",
    "//pocketbitcoin.com/x",
    "https:///pocketbitcoin.com/x",
    "https://[::1]/x.pocketbitcoin.com",
    "",
    "https://pocketbitcoin.com/" + "a" * 3000,
    None,
    42,
])
def test_links_off_pockets_domain_or_odd_are_refused(url: object) -> None:
    assert pocket_page_url(url) is None
