"""Settings, the client id in the keyring (or only for the session), and the device dialogs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import keyring
from keyring.backends import fail
from pytestqt.qtbot import QtBot

from pocketgui.ui.dialogs.passphrase import PassphraseDialog
from pocketgui.ui.dialogs.pin import PinDialog
from pocketgui.ui.main_window import MainWindow
from pocketgui.ui.modes import Mode
from pocketgui.ui.pages.welcome import IN_KEYRING, NO_KEYRING
from pocketgui.ui.settings import NOT_SEEN, ClientIdVault, Settings, config_dir
from pocketgui.ui.signals import AppSignals

ROOT = Path(__file__).resolve().parents[2]


def test_settings_live_in_the_user_config_dir(user_dirs: Path) -> None:
    assert config_dir().is_relative_to(user_dirs)  # never the real one in tests
    assert Settings.load().default_mode() == "demo"  # nothing configured: Demo
    Settings(staging_url="https://staging.example", saved_client_ids=("production",)).save()
    again = Settings.load()
    assert again.staging_url == "https://staging.example"
    assert again.default_mode() == "production"
    (config_dir() / "settings.json").write_text("[broken")
    assert Settings.load() == Settings()


def test_client_id_goes_to_the_keyring() -> None:
    vault = ClientIdVault()
    assert vault.has_keyring() and vault.set("production", "abc123")
    assert keyring.get_password("pocketgui", "production") == "abc123"
    assert ClientIdVault().get("production") == "abc123"  # after a restart


def test_without_a_keyring_the_id_is_kept_for_the_session_only() -> None:
    keyring.set_keyring(fail.Keyring())
    vault = ClientIdVault()
    assert not vault.has_keyring()
    assert vault.set("staging", "abc123") is False
    assert vault.get("staging") == "abc123"
    assert ClientIdVault().get("staging") == ""  # a restart forgets it


def test_production_asks_for_the_client_id_and_says_where_it_is_kept(
        qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow(AppSignals(), Mode.DEMO, data_dir=tmp_path, settings=Settings())
    qtbot.addWidget(window)
    window.show()
    window.welcome.chooser.set_mode(Mode.PRODUCTION)
    creds = window.welcome.credentials
    assert creds.isVisible() and creds.keyring_note.text() == IN_KEYRING
    assert not creds.url.isVisible()
    window.welcome.start_button.click()
    assert "Enter the client id" in window.welcome.status.text()
    assert window.session is None and window.wizard is None
    keyring.set_keyring(fail.Keyring())
    window.welcome.chooser.set_mode(Mode.STAGING)
    window.vault = None
    window.welcome.chooser.set_mode(Mode.PRODUCTION)
    assert creds.keyring_note.text() == NO_KEYRING


def test_pin_keypad_is_blank_and_sends_positions(qtbot: QtBot) -> None:
    dialog = PinDialog("Demo Trezor", "Demo device PIN: 1234", demo=True)
    qtbot.addWidget(dialog)
    assert {key.text() for key in dialog.keys.values()} == {"•"}  # digits only on the device
    assert "[DEMO]" in dialog.windowTitle()
    ok = dialog.buttons.buttons()[0]
    assert not ok.isEnabled()
    for position in "7193":
        dialog.keys[position].click()
    dialog.erase()
    assert dialog.positions() == "719" and dialog.shown.text() == "•••"
    assert ok.isEnabled()


def test_passphrase_typed_twice(qtbot: QtBot) -> None:
    dialog = PassphraseDialog("Trezor")
    qtbot.addWidget(dialog)
    dialog.first.setText("correct horse")
    dialog.second.setText("correct hose")
    ok = dialog.buttons.buttons()[0]
    assert not ok.isEnabled()
    dialog.second.setText("correct horse")
    assert ok.isEnabled() and dialog.passphrase() == "correct horse"


def test_python_dash_m_pocketgui_opens_the_window(user_dirs: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "pocketgui", "--exit-after-first-paint"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "first_paint_s=" in done.stdout


def test_staging_with_a_client_id_opens_the_wizard_and_remembers(
        qtbot: QtBot, tmp_path: Path, sandbox: object) -> None:
    settings = Settings()
    window = MainWindow(AppSignals(), Mode.DEMO, data_dir=tmp_path, settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.welcome.chooser.set_mode(Mode.STAGING)
    creds = window.welcome.credentials
    creds.url.setText(sandbox.url)  # type: ignore[attr-defined]  # loopback: plain http allowed
    creds.client_id.setText("my-client-id")
    window.welcome.start_button.click()
    qtbot.waitUntil(lambda: window.wizard is not None, timeout=30_000)
    assert not window.banner.isVisible() and "DEMO" not in window.windowTitle()
    assert window.wizard.flow.services.environment == "staging"
    assert window.wizard.side is None  # no simulated device panel outside the demo
    # no blockchain source was chosen: the last page does not promise to follow every purchase
    assert window.chain is not None and window.chain.watcher is None
    assert window.wizard.tracking.intro.text().endswith(NOT_SEEN)
    assert keyring.get_password("pocketgui", "staging") == "my-client-id"
    assert Settings.load().default_mode() == "staging"
    assert Settings.load().staging_url == sandbox.url  # type: ignore[attr-defined]
    window.close()
