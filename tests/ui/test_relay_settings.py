"""The relay's settings: its URL in settings.json, its token and the webhook secret in the
keyring only; a URL that would send the token in clear text is refused."""

from __future__ import annotations

import json
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from pocketgui.ui.settings import ClientIdVault, RelayChoice, Settings, config_dir

TOKEN, SECRET = "feed-token-abcdef", "whsec-xyz"


@pytest.mark.parametrize("url", ["https://relay.example.net", "https://relay.example.net:8787",
                                 "http://127.0.0.1:8787", "http://localhost:8787",
                                 "http://[::1]:8787"])
def test_https_or_loopback_relay_urls_are_taken(url: str) -> None:
    assert RelayChoice(url, TOKEN, SECRET).problem() == ""
    assert RelayChoice(url, TOKEN, SECRET).configured


@pytest.mark.parametrize("choice", [
    RelayChoice("http://relay.example.net", TOKEN, SECRET),  # the token in clear text
    RelayChoice("https://user:pw@relay.example.net", TOKEN, SECRET),
    RelayChoice("https://relay.example.net?x=1", TOKEN, SECRET),
    RelayChoice("ftp://relay.example.net", TOKEN, SECRET),
    RelayChoice("", TOKEN, SECRET),
    RelayChoice("https://relay.example.net", "", SECRET),
    RelayChoice("https://relay.example.net", "has space", SECRET),
    RelayChoice("https://relay.example.net", TOKEN, ""),
])
def test_a_relay_that_cannot_be_used_is_a_sentence(choice: RelayChoice) -> None:
    assert choice.problem().endswith(".") and len(choice.problem()) > 20


def test_no_relay_is_no_problem_and_not_configured() -> None:
    assert RelayChoice().problem() == "" and not RelayChoice().configured


def test_the_url_is_kept_in_settings_and_the_secrets_in_the_keyring(user_dirs: Path) -> None:
    settings, vault = Settings(), ClientIdVault()
    assert settings.keep_relay("staging", RelayChoice("https://r.example", TOKEN, SECRET), vault)
    settings.save()
    text = (config_dir() / "settings.json").read_text()
    assert json.loads(text)["relay_urls"] == {"staging": "https://r.example"}
    assert TOKEN not in text and SECRET not in text
    assert keyring.get_password("pocketgui", "staging/relay-token") == TOKEN
    assert keyring.get_password("pocketgui", "staging/webhook-secret") == SECRET
    again = Settings.load()  # after a restart
    assert again.relay_of("staging", ClientIdVault()) == RelayChoice("https://r.example", TOKEN,
                                                                     SECRET)
    assert again.relay_of("production", ClientIdVault()) == RelayChoice()
    again.keep_relay("staging", RelayChoice(), ClientIdVault())  # forgotten
    again.save()
    assert Settings.load().relay_urls == {}
    assert keyring.get_password("pocketgui", "staging/relay-token") is None


def test_a_hand_edited_insecure_relay_url_is_not_taken(user_dirs: Path) -> None:
    path = config_dir() / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"relay_urls": {"staging": "http://relay.example.net",
                                               "production": "https://ok.example"}}))
    assert Settings.load().relay_urls == {"production": "https://ok.example"}


def test_without_a_keyring_the_relay_secrets_last_this_session_only() -> None:
    keyring.set_keyring(fail.Keyring())
    settings, vault = Settings(), ClientIdVault()
    assert not settings.keep_relay("staging", RelayChoice("https://r.example", TOKEN, SECRET),
                                   vault)
    assert settings.relay_of("staging", vault).configured
    assert not settings.relay_of("staging", ClientIdVault()).configured
