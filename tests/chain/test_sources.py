"""The Settings button's source test against the sandbox's chain, and each way a source can be
wrong, as the sentence a person reads."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from pocketgui.bitcoin import Network
from pocketgui.chain import (
    ESPLORA_WARNING,
    BadAnswer,
    ElectrumSource,
    EsploraSource,
    SourceUnreachable,
    TlsFailure,
    WrongNetwork,
    check_source,
)
from pocketgui.sandbox import SandboxServer
from tests.chain.kit import sources


@pytest.mark.parametrize("kind", ["electrum", "esplora"])
def test_a_source_test_answers_the_tip_and_the_network(chain_server: SandboxServer,
                                                       kind: str) -> None:
    info = check_source(sources(chain_server)[kind], Network.REGTEST)
    assert info.chain == "regtest" and info.network is Network.REGTEST
    assert info.tip_height >= 100  # the hot wallet's coinbases are mature
    assert info.sentence().endswith(f"regtest, at block {info.tip_height:,}.")


def test_only_esplora_carries_the_privacy_warning() -> None:
    assert EsploraSource("https://esplora.example/api").warning == ESPLORA_WARNING
    assert "learns every address" in ESPLORA_WARNING
    assert ElectrumSource("node.local", 50002).warning == ""


def test_a_source_on_another_network_is_named_with_both_networks(chain_server: SandboxServer
                                                                 ) -> None:
    with pytest.raises(WrongNetwork, match="follows regtest, but these orders are on mainnet"):
        check_source(sources(chain_server)["electrum"], Network.MAINNET)


def test_tls_to_a_plain_tcp_server_is_a_tls_failure(chain_server: SandboxServer) -> None:
    port = chain_server.electrum_port
    assert port is not None
    with pytest.raises(TlsFailure, match="answers on this port, but the TLS connection failed"):
        check_source(ElectrumSource("localhost", port, tls=True))


def test_nothing_listening_is_unreachable_with_or_without_tls() -> None:
    for tls in (True, False):
        with pytest.raises(SourceUnreachable, match="does not answer"):
            check_source(ElectrumSource("127.0.0.1", 9, tls=tls))


def test_an_url_that_is_not_esplora_is_a_bad_answer(chain_server: SandboxServer) -> None:
    with pytest.raises(BadAnswer, match="Esplora"):
        check_source(EsploraSource(f"{chain_server.url}/v1"))


@pytest.fixture
def garbage_server() -> Iterator[int]:
    """A TCP server that answers every line with noise (not JSON-RPC)."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    while conn.recv(4096):
                        conn.sendall(b"\x00garbage, not json\n")
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(timeout=2)
    listener.close()


def test_an_electrum_port_that_answers_garbage_is_explained(garbage_server: int) -> None:
    with pytest.raises(BadAnswer, match="not Electrum protocol"):
        check_source(ElectrumSource("127.0.0.1", garbage_server, tls=False))


def test_an_invalid_source_is_refused_before_any_connection() -> None:
    with pytest.raises(SourceUnreachable, match="not an http"):
        check_source(EsploraSource("esplora.example"))
    with pytest.raises(SourceUnreachable, match="not a valid host and port"):
        check_source(ElectrumSource("", 50001))


def test_an_esplora_server_that_never_answers_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINREQ_TIMEOUT", "1")  # the app's default is ESPLORA_TIMEOUT
    listener = socket.create_server(("127.0.0.1", 0))  # accepts (backlog), never answers
    try:
        started = time.monotonic()
        with pytest.raises(SourceUnreachable, match="does not answer"):
            check_source(EsploraSource(f"http://127.0.0.1:{listener.getsockname()[1]}"))
        assert time.monotonic() - started < 5
    finally:
        listener.close()
