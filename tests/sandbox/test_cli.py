"""The `pocketgui-sandbox` command: flags, the printed URL, a clean stop on SIGTERM."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from pocketgui.bitcoin import Network
from pocketgui.sandbox.cli import parse_args
from pocketgui.sandbox.config import WebhookTarget


def test_flags_map_to_the_config(tmp_path: Path) -> None:
    config = parse_args(
        ["--host", "127.0.0.1", "--port", "0", "--db", str(tmp_path / "s.db"),
         "--network", "testnet", "--client-id", "a", "--client-id", "b",
         "--webhook", "http://127.0.0.1:1/hook?x=1=s3cret", "--retry-base", "0.5",
         "--identification-threshold", "250.50", "--max-transfer", "900",
         "--settle-delay", "2", "--electrum-port", "50001"]
    )  # fmt: skip
    assert config.electrum_port == 50001
    assert parse_args([]).electrum_port is None
    assert config.network is Network.TESTNET and config.port == 0
    assert config.db_path == str(tmp_path / "s.db")
    assert config.client_ids == ("a", "b")
    assert config.webhooks == (WebhookTarget("http://127.0.0.1:1/hook?x=1", "s3cret"),)
    assert config.retry_base == 0.5 and config.settle_delay == 2.0
    assert config.identification_threshold == Decimal("250.50")
    assert config.max_transfer == Decimal("900")


@pytest.mark.parametrize(
    "argv",
    [["--network", "signet"], ["--webhook", "no-secret"], ["--retry-base", "-1"],
     ["--max-transfer", "lots"]],
)  # fmt: skip
def test_bad_flags_exit_with_usage(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_args(argv)
    assert exited.value.code == 2


def test_command_prints_its_url_and_stops_on_sigterm() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "pocketgui.sandbox.cli", "--port", "0", "--db", ":memory:",
         "--client-id", "cli", "--electrum-port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = line.rsplit(" ", 1)[-1].strip()
        assert url.startswith("http://127.0.0.1:"), line
        response = httpx.post(f"{url}/v1/challenges", headers={"Authorization": "client_id cli"})
        assert response.status_code == 201
        assert process.stdout.readline().strip() == f"Esplora API: {url}/esplora"
        electrum = process.stdout.readline().rsplit(" ", 1)[-1].strip()
        host, port = electrum.removeprefix("tcp://").rsplit(":", 1)
        with socket.create_connection((host, int(port)), timeout=5) as connection:
            connection.sendall(b'{"jsonrpc": "2.0", "id": 1, "method": "server.ping"}\n')
            assert b'"result":null' in connection.makefile("rb").readline()
        assert httpx.get(f"{url}/esplora/blocks/tip/height").text == "100"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
    finally:
        process.kill()
        process.wait()
