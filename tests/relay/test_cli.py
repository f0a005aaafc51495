"""`pocketgui-relay` as a process: secrets never on the command line, a plain refusal without
them, each delivery durable before its 200 even under SIGKILL, and its memory with 1,000."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pocketgui.relay.cli import SECRET_ENV, TOKEN_ENV, CannotStart, config_from
from tests.relay.kit import AUTH, SECRET, TOKEN, event_body, pocket_headers, rows_on_disk

SECRETS_ENV = {SECRET_ENV: SECRET, TOKEN_ENV: TOKEN}


def test_secrets_come_from_the_environment() -> None:
    config, level = config_from(["--db", "x.sqlite3"], SECRETS_ENV)
    assert (config.webhook_secret, config.token, config.port, level) == (
        SECRET, TOKEN, 8787, "INFO")
    assert SECRET not in repr(config) and TOKEN not in repr(config)


def test_trusted_proxies_are_ip_addresses() -> None:
    config, _ = config_from(["--db", "x", "--trusted-proxy", "127.0.0.1",
                             "--trusted-proxy", "::1"], SECRETS_ENV)
    assert config.trusted_proxies == ("127.0.0.1", "::1")
    with pytest.raises(SystemExit):
        config_from(["--db", "x", "--trusted-proxy", "localhost"], SECRETS_ENV)


def test_secret_files_win_over_the_environment(tmp_path: Path) -> None:
    (tmp_path / "secret").write_text("from-the-file\n")
    (tmp_path / "token").write_text("a-token-from-the-file-0123\n")
    config, _ = config_from(
        ["--db", "x", "--webhook-secret-file", str(tmp_path / "secret"),
         "--token-file", str(tmp_path / "token")], SECRETS_ENV)
    assert (config.webhook_secret, config.token) == ("from-the-file", "a-token-from-the-file-0123")


@pytest.mark.parametrize(
    ("env", "expected"),
    [({TOKEN_ENV: TOKEN}, "no webhook secret"), ({SECRET_ENV: SECRET}, "no feed token"),
     ({SECRET_ENV: SECRET, TOKEN_ENV: "short"}, "shorter than 16")],
)
def test_the_relay_refuses_to_start_without_both_secrets(
    env: dict[str, str], expected: str
) -> None:
    with pytest.raises(CannotStart, match=expected):
        config_from(["--db", "x"], env)


def test_the_command_line_has_no_secret_options() -> None:
    for option in ("--webhook-secret", "--token", "--secret"):
        with pytest.raises(SystemExit):
            config_from(["--db", "x", option, "value"], SECRETS_ENV)


def test_a_missing_secret_file_is_a_plain_sentence(tmp_path: Path) -> None:
    with pytest.raises(CannotStart, match="cannot be read"):
        config_from(["--webhook-secret-file", str(tmp_path / "none")], SECRETS_ENV)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in (SECRET_ENV, TOKEN_ENV)}
    env.update(extra)
    return env


def test_the_process_exits_with_a_sentence_without_secrets(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pocketgui.relay.cli", "--db", str(tmp_path / "r.sqlite3")],
        env=_env(), capture_output=True, text=True, timeout=30,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("pocketgui-relay: cannot start: no webhook secret")
    assert not (tmp_path / "r.sqlite3").exists()


@pytest.fixture
def relay_process(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    log = (tmp_path / "relay.log").open("w")  # a file: a full pipe would stall the relay
    process = subprocess.Popen(
        [sys.executable, "-m", "pocketgui.relay", "--port", "0",
         "--db", str(tmp_path / "relay.sqlite3")],
        env=_env(**SECRETS_ENV), stdout=subprocess.PIPE, stderr=log, text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"listening on (http://\S+)", line)
        assert match, line
        yield process, match.group(1)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        log.close()


def test_a_delivery_survives_a_kill_right_after_its_200(
    relay_process: tuple[subprocess.Popen[str], str], tmp_path: Path
) -> None:
    process, url = relay_process
    body = event_body()
    answer = httpx.post(url + "/webhook", content=body, headers=pocket_headers(body))
    assert answer.status_code == 200
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert rows_on_disk(tmp_path / "relay.sqlite3") == [(1, body)]


def test_the_log_names_correlation_ids_and_never_the_secrets(
    relay_process: tuple[subprocess.Popen[str], str], tmp_path: Path
) -> None:
    process, url = relay_process
    body = event_body()
    httpx.post(url + "/webhook", content=body, headers=pocket_headers(body, correlation="c-42"))
    httpx.get(url + "/v1/deliveries", headers=AUTH)
    httpx.get(url + "/v1/deliveries", headers={"Authorization": "Bearer wrong"})
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0
    log = (tmp_path / "relay.log").read_text()
    assert "'c-42'" in log
    assert SECRET not in log and TOKEN not in log


def test_ctrl_c_stops_the_process_cleanly(
    relay_process: tuple[subprocess.Popen[str], str],
) -> None:
    process, url = relay_process
    assert httpx.get(url + "/v1/health").status_code == 200
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0


def _rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"VmRSS:\s+(\d+) kB", status)
    assert match
    return int(match.group(1))


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_a_relay_holding_1000_deliveries_stays_under_80_mb(
    relay_process: tuple[subprocess.Popen[str], str],
) -> None:
    process, url = relay_process
    padding = "x" * 500  # about the size of a real exchange event
    with httpx.Client() as client:
        for n in range(1000):
            body = event_body(f"{n}-{padding}")
            assert client.post(url + "/webhook", content=body,
                               headers=pocket_headers(body)).status_code == 200
        after, seen = 0, 0
        while True:
            page = client.get(url + "/v1/deliveries", params={"after": after, "limit": 500},
                              headers=AUTH).json()
            if not page["deliveries"]:
                break
            seen += len(page["deliveries"])
            after = page["deliveries"][-1]["seq"]
    assert seen == 1000
    rss_mib = _rss_kib(process.pid) / 1024
    print(f"relay RSS with 1,000 deliveries: {rss_mib:.1f} MiB")
    assert rss_mib < 80
