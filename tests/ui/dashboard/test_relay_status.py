"""Outside the Demo the dashboard says which news sources it has: what the person will not see
without a relay or a blockchain source and how to set them up, the relay's state when one is
set (connected, not reachable since…, untrustworthy), and the relay's settings."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from pocketgui.sandbox import SandboxServer
from pocketgui.tracking.relay_feed import CONNECTED, DOWN, UNTRUSTWORTHY, RelayFeed, RelayStatus
from pocketgui.ui import palette
from pocketgui.ui.dashboard.chain_status import CHAIN_BY_RELAY, ChainState
from pocketgui.ui.settings import ELECTRUM, NOT_SEEN, ChainChoice, RelayChoice, missing_news
from tests.ui.dashboard.kit import WAIT_MS, board
from tests.ui.dashboard.test_blockchain_settings import closed_port
from tests.ui.dashboard.test_chain_status import watch_of

RELAY = "https://relay.example.net"


def test_with_neither_source_the_dashboard_says_what_will_not_be_seen(
        qtbot: QtBot, sandbox: SandboxServer, tmp_path: Path) -> None:
    with board(qtbot, sandbox, tmp_path / "store.sqlite3", demo=False, webhooks=False,
               chain=watch_of(ChainChoice(), tmp_path / "chain")) as b:
        b.dashboard.relay_status.follow(None)
        assert b.dashboard.chain_status.text() == NOT_SEEN
        for words in ("executed", "identification", "refund", "payouts", "confirmations",
                      "docs/relay.md", "Settings → Relay", "Settings → Blockchain"):
            assert words in NOT_SEEN
        assert not b.dashboard.relay_status.isVisible()  # the line above says it all


def test_with_a_chain_but_no_relay_the_relay_line_says_what_is_missing(
        qtbot: QtBot, sandbox: SandboxServer, tmp_path: Path) -> None:
    choice = ChainChoice(ELECTRUM, "127.0.0.1", closed_port(), tls=False)
    with board(qtbot, sandbox, tmp_path / "store.sqlite3", demo=False, webhooks=False,
               chain=watch_of(choice, tmp_path / "chain")) as b:
        b.dashboard.relay_status.follow(None)
        line = b.dashboard.relay_status
        assert line.isVisible() and line.text() == missing_news(relay=False, chain=True)
        assert "identification" in line.text() and "docs/relay.md" in line.text()


def test_a_relay_that_cannot_be_reached_is_said_with_since_when(
        qtbot: QtBot, sandbox: SandboxServer, tmp_path: Path) -> None:
    with board(qtbot, sandbox, tmp_path / "store.sqlite3", demo=False, webhooks=False,
               chain=watch_of(ChainChoice(), tmp_path / "chain")) as b:
        feed = RelayFeed(b.store, b.tracker, f"http://127.0.0.1:{closed_port()}", "token",
                         "secret", min_backoff=0.05, max_backoff=0.2)
        feed.start()
        try:
            b.dashboard.relay_status.follow(feed.status)
            line = b.dashboard.relay_status
            qtbot.waitUntil(lambda: "not reachable since" in line.text(), timeout=WAIT_MS)
            assert "cannot be reached" in line.text() and line.isVisible()
            assert b.dashboard.chain_status.text() == CHAIN_BY_RELAY
        finally:
            feed.stop()


def test_an_untrustworthy_relay_is_named_in_red(qtbot: QtBot, sandbox: SandboxServer,
                                               tmp_path: Path) -> None:
    now = datetime.now(UTC)
    states = {"status": RelayStatus(detail=RELAY, state=CONNECTED, last_news=now)}
    with board(qtbot, sandbox, tmp_path / "store.sqlite3", demo=False, webhooks=False) as b:
        line = b.dashboard.relay_status
        line.follow(lambda: states["status"])
        assert line.text().startswith("Relay relay.example.net: connected · last delivery")
        assert line.styleSheet() == palette.QUIET_TEXT
        states["status"] = RelayStatus(detail=RELAY, state=CONNECTED, untrustworthy=True)
        qtbot.waitUntil(lambda: line.text().startswith(UNTRUSTWORTHY), timeout=WAIT_MS)
        assert "relay.example.net" in line.text() and line.styleSheet() == palette.BAD_TEXT
        states["status"] = RelayStatus(detail=RELAY, state=DOWN, down_since=now,
                                       problem="It is off.")
        line.refresh()
        assert "not reachable since" in line.text() and "It is off." in line.text()


def test_the_relay_settings_are_checked_and_handed_on_only_when_changed(
        qtbot: QtBot, sandbox: SandboxServer, tmp_path: Path) -> None:
    with board(qtbot, sandbox, tmp_path / "store.sqlite3", demo=False, webhooks=False) as b:
        b.dashboard.relay_choice = RelayChoice(RELAY, "tok", "sec")
        chosen: list[object] = []
        b.dashboard.relay_chosen.connect(chosen.append)
        dialog = b.dashboard.edit_settings()
        section = dialog.relay
        assert section is not None and section.url.text() == RELAY
        assert section.token.echoMode() == QLineEdit.EchoMode.Password
        assert section.secret.echoMode() == QLineEdit.EchoMode.Password
        assert dialog.save() and chosen == []  # nothing changed
        dialog = b.dashboard.edit_settings()
        assert dialog.relay is not None
        dialog.relay.url.setText("http://relay.example.net")
        assert not dialog.save() and "https://" in dialog.problem.text() and chosen == []
        dialog.relay.url.setText("https://other.example.net/")
        assert dialog.save()
        assert chosen == [RelayChoice("https://other.example.net", "tok", "sec")]


def test_the_demo_has_no_relay_settings_nor_line(qtbot: QtBot, sandbox: SandboxServer,
                                                 tmp_path: Path) -> None:
    with board(qtbot, sandbox, tmp_path / "store.sqlite3",
               chain=watch_of(ChainChoice(), tmp_path / "chain", demo=True)) as b:
        dialog = b.dashboard.edit_settings()
        assert dialog.relay is None
        dialog.close()
        b.dashboard.chain_status.show_state(ChainState("the sandbox's Electrum server"))
        b.dashboard._chain_state(b.dashboard.chain_status.state)  # a chain round in the Demo
        assert not b.dashboard.relay_status.isVisible()
