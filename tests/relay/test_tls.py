"""The relay's own TLS option: a real certificate, a real handshake over loopback."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from pocketgui.relay import RelayServer
from tests.relay.kit import AUTH, event_body, pocket_headers

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[str, str]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=relay",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )
    return str(cert), str(key)


@pytest.fixture
def tls_relay(
    relay_factory: Callable[..., RelayServer], certificate: tuple[str, str]
) -> RelayServer:
    cert, key = certificate
    return relay_factory(tls_cert=cert, tls_key=key, read_timeout=0.5)


def trusting(cert: str) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=cert)


def test_a_relay_with_a_certificate_serves_intake_and_feed_over_https(
    tls_relay: RelayServer, certificate: tuple[str, str]
) -> None:
    assert tls_relay.url.startswith("https://")
    with httpx.Client(verify=trusting(certificate[0])) as client:
        body = event_body()
        assert client.post(tls_relay.webhook_url, content=body,
                           headers=pocket_headers(body)).status_code == 200
        answer = client.get(tls_relay.url + "/v1/deliveries", headers=AUTH)
    assert answer.json()["last_seq"] == 1


def test_plain_http_to_the_tls_port_gets_no_answer_and_the_relay_goes_on(
    tls_relay: RelayServer, certificate: tuple[str, str]
) -> None:
    with pytest.raises(httpx.HTTPError):
        httpx.get(tls_relay.url.replace("https://", "http://") + "/v1/health")
    with httpx.Client(verify=trusting(certificate[0])) as client:
        assert client.get(tls_relay.url + "/v1/health").status_code == 200


def test_a_stalled_handshake_does_not_hold_up_other_clients(
    tls_relay: RelayServer, certificate: tuple[str, str]
) -> None:
    parts = urlsplit(tls_relay.url)
    assert parts.hostname is not None and parts.port is not None
    with socket.create_connection((parts.hostname, parts.port)) as _stalled, \
            httpx.Client(verify=trusting(certificate[0]), timeout=2) as client:
        assert client.get(tls_relay.url + "/v1/health").status_code == 200


def test_a_certificate_without_its_key_is_refused() -> None:
    from pocketgui.relay import RelayConfig

    with pytest.raises(ValueError, match="both"):
        RelayConfig(webhook_secret="s", token="t", tls_cert="cert.pem")
