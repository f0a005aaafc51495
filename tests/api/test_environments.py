"""Plain http only on loopback; the sandbox only on this computer."""

from __future__ import annotations

import pytest

from pocketgui.api import Environment, EnvironmentKind, InsecureURL, check_base_url
from pocketgui.bitcoin import Network


def test_production() -> None:
    production = Environment.production()
    assert production.base_url == "https://api.pocketbitcoin.com"
    assert (production.kind, production.network) == (EnvironmentKind.PRODUCTION, Network.MAINNET)


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080", "http://127.8.9.10", "http://[::1]:9000/", "http://localhost:1",
     "https://staging.example.com/"],
)
def test_accepted(url: str) -> None:
    assert check_base_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    ["http://api.pocketbitcoin.com", "http://192.168.1.10:8080", "http://localhost.evil.com",
     "ftp://127.0.0.1", "https://user:pw@example.com", "127.0.0.1:8080", "https://x.com/?a=1"],
)
def test_refused(url: str) -> None:
    with pytest.raises(InsecureURL):
        check_base_url(url)


def test_sandbox_must_be_local_and_staging_must_be_https() -> None:
    assert Environment.sandbox("http://127.0.0.1:5000").network is Network.REGTEST
    with pytest.raises(InsecureURL):
        Environment.sandbox("https://sandbox.example.com")
    with pytest.raises(InsecureURL):
        Environment.staging("http://staging.example.com")
    assert Environment.staging("https://staging.example.com").kind is EnvironmentKind.STAGING
