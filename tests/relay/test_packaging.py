"""The relay's systemd unit, container image and compose file: they parse, are hardened, and
start the relay with options it has (and never with a secret on its command line)."""

from __future__ import annotations

import configparser
import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from pocketgui.relay.cli import SECRET_ENV, TOKEN_ENV, build_parser

ROOT = Path(__file__).resolve().parents[2]
RELAY = ROOT / "packaging" / "relay"


def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read(RELAY / "pocketgui-relay.service")
    return parser


def dockerfile() -> str:
    return (RELAY / "Dockerfile").read_text()


def json_list(instruction: str) -> list[str]:
    match = re.search(rf"^{instruction} (\[.*\])$", dockerfile(), re.MULTILINE)
    assert match, instruction
    return list(json.loads(match.group(1)))


def test_the_unit_is_hardened_and_keeps_secrets_in_its_environment_file() -> None:
    service = unit()["Service"]
    assert service["DynamicUser"] == "yes"
    assert service["StateDirectory"] == "pocketgui-relay"
    assert service["NoNewPrivileges"] == "yes"
    assert service["ProtectSystem"] == "strict"
    assert service["EnvironmentFile"].startswith("/etc/pocketgui-relay/")
    assert unit()["Install"]["WantedBy"] == "multi-user.target"


def test_the_unit_starts_the_relay_with_options_it_has() -> None:
    program, *args = shlex.split(unit()["Service"]["ExecStart"])
    assert program.endswith("/pocketgui-relay")
    options = build_parser().parse_args(args)
    assert options.db.startswith("/var/lib/pocketgui-relay/")  # inside its StateDirectory
    assert options.host == "127.0.0.1"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_systemd_finds_nothing_wrong_with_the_unit_but_the_absent_program() -> None:
    checked = subprocess.run(["systemd-analyze", "verify", str(RELAY / "pocketgui-relay.service")],
                             capture_output=True, text=True, timeout=60)
    complaints = [line for line in (checked.stdout + checked.stderr).splitlines()
                  if line.strip() and "/opt/pocketgui-relay/bin/pocketgui-relay" not in line]
    assert complaints == []


def test_the_image_is_slim_python_run_by_a_user_with_a_volume_and_a_health_check() -> None:
    text = dockerfile()
    assert re.search(r"^FROM python:3\.11-slim$", text, re.MULTILINE)
    assert re.search(r"^RUN pip install \.", text, re.MULTILINE)
    user = re.findall(r"^USER (\S+)$", text, re.MULTILINE)
    assert user and user[-1] not in ("root", "0")
    assert re.search(r'^VOLUME \["/data"\]$', text, re.MULTILINE)
    assert re.search(r"^HEALTHCHECK ", text, re.MULTILINE)
    assert "http://127.0.0.1:8787/v1/health" in text.split("HEALTHCHECK", 1)[1]


def test_the_image_starts_the_relay_with_options_it_has() -> None:
    program, *args = json_list("ENTRYPOINT")
    options = build_parser().parse_args(args + json_list("CMD"))
    assert program == "pocketgui-relay"
    assert options.db.startswith("/data/") and options.port == 8787
    assert options.webhook_secret_file.startswith("/run/secrets/")
    assert options.token_file.startswith("/run/secrets/")


def test_the_compose_file_mounts_secrets_and_the_data_volume() -> None:
    yaml = pytest.importorskip("yaml")
    compose = yaml.safe_load((RELAY / "compose.yaml").read_text())
    relay = compose["services"]["relay"]
    assert relay["build"]["dockerfile"] == "packaging/relay/Dockerfile"
    assert (RELAY / relay["build"]["context"] / relay["build"]["dockerfile"]).exists()
    assert relay["volumes"] == ["relay-data:/data"]
    assert set(relay["secrets"]) == set(compose["secrets"])
    assert all(port.startswith("127.0.0.1:") for port in relay["ports"])
    mounted = {f"/run/secrets/{name}" for name in relay["secrets"]}
    assert {arg for arg in json_list("CMD") if arg.startswith("/run/secrets/")} == mounted


def test_the_docs_name_the_secret_variables_and_both_proxies() -> None:
    docs = (ROOT / "docs" / "relay.md").read_text()
    for needed in (SECRET_ENV, TOKEN_ENV, "caddyfile", "proxy_pass", "/webhook",
                   "/v1/deliveries", "--tls-cert", "retention", ".backup"):
        assert needed in docs
