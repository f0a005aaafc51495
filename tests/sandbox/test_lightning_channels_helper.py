"""PUT/DELETE /v1/sandbox/lightning/channels/{node_pubkey}: a direct channel, settable, decides
whether a channel payout is allowed; a bad key gets its own 400 code, never a 5xx."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from pocketgui.api import ChannelPayoutRequest, PocketClient
from pocketgui.api.errors import ApiError, ChannelPayoutError
from pocketgui.api.models import ChannelPayout
from pocketgui.flow.demo_bank import DemoBank
from pocketgui.sandbox import SandboxServer, lightning_node
from tests.api.sandbox_kit import Helpers, lightning_request, pocket

CHANNELS = "/v1/sandbox/lightning/channels/"


@pytest.fixture
def parts(sandbox: SandboxServer) -> Iterator[tuple[PocketClient, Helpers, DemoBank]]:
    client, helpers = pocket(sandbox, client_id="channels"), Helpers(sandbox, "channels")
    bank = DemoBank(sandbox.url, "channels")
    yield client, helpers, bank
    bank.close()
    helpers.close()
    client.close()


def _executed_exchange_id(client: PocketClient, helpers: Helpers) -> str:
    order = client.create_order(lightning_request(client))
    return str(helpers.transfer(order.id, "20.00")["id"])


def test_a_direct_channel_set_by_the_helper_refuses_channel_payouts(
        parts: tuple[PocketClient, Helpers, DemoBank]) -> None:
    client, helpers, bank = parts
    exchange_id = _executed_exchange_id(client, helpers)
    bank.set_direct_channel(lightning_node.NODE_PUBKEY, True)
    with pytest.raises(ChannelPayoutError) as raised:
        client.patch_exchange(exchange_id, ChannelPayoutRequest())
    assert raised.value.code == "channel_payout_not_allowed"


def test_deleting_the_direct_channel_allows_the_channel_payout(
        parts: tuple[PocketClient, Helpers, DemoBank]) -> None:
    client, helpers, bank = parts
    exchange_id = _executed_exchange_id(client, helpers)
    bank.set_direct_channel(lightning_node.NODE_PUBKEY, True)
    bank.set_direct_channel(lightning_node.NODE_PUBKEY, False)
    patched = client.patch_exchange(exchange_id, ChannelPayoutRequest())
    assert isinstance(patched.payout, ChannelPayout) and patched.payout.status == "pending"


def test_put_answers_the_channel_in_lower_case_and_is_idempotent(
        parts: tuple[PocketClient, Helpers, DemoBank]) -> None:
    _, helpers, _ = parts
    url = CHANNELS + lightning_node.NODE_PUBKEY.upper()
    first, second = helpers.http.put(url), helpers.http.put(url)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert first.json()["node_pubkey"] == lightning_node.NODE_PUBKEY
    assert first.json()["exchange_id"] is None and len(first.json()["channel_id"]) == 64


@pytest.mark.parametrize("key", ["zz", "04" + "11" * 32, "02" + "1" * 63, "02" + "g" * 64,
                                 "%00", " "])
def test_a_bad_node_key_answers_invalid_node_pubkey(
        parts: tuple[PocketClient, Helpers, DemoBank], key: str) -> None:
    _, helpers, _ = parts
    for method in ("PUT", "DELETE"):
        answer = helpers.http.request(method, CHANNELS + key)
        assert answer.status_code == 400, (method, key, answer.text)
        assert answer.json()["error"] == "invalid_node_pubkey"


def test_demo_bank_reports_a_bad_node_key_with_its_sentence(
        parts: tuple[PocketClient, Helpers, DemoBank]) -> None:
    _, _, bank = parts
    with pytest.raises(ApiError) as raised:
        bank.set_direct_channel("not-a-key", True)
    assert raised.value.code == "invalid_node_pubkey"
    assert "node public key is not valid" in raised.value.message


def test_the_helper_needs_the_client_id(sandbox: SandboxServer) -> None:
    answer = httpx.put(sandbox.url + CHANNELS + lightning_node.NODE_PUBKEY)
    assert answer.status_code == 401 and answer.json()["error"] == "unauthorized"


def test_the_helper_and_the_payout_options_are_documented(sandbox: SandboxServer) -> None:
    document = httpx.get(sandbox.url + "/openapi.json").json()
    path = document["paths"][CHANNELS + "{node_pubkey}"]
    assert {"put", "delete"} <= set(path)
    schemas = document["components"]["schemas"]
    assert set(schemas["LightningChannel"]["properties"]) == {
        "node_pubkey", "channel_id", "exchange_id"}
    assert set(schemas["PayoutOption"]["properties"]) == {"type", "fee", "amount"}
