"""The settings' Blockchain section: the source the person chose, checked, kept, and tested.

The connection test is the real one (BDK's client over loopback): against the sandbox's own
Electrum server it says the tip height and the network; against a closed port, or a server on
another network, it says what to do, and nothing is kept until Save.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from pocketgui.bitcoin import Network
from pocketgui.flow.demo_bank import DemoBank
from pocketgui.history import DashboardPreferences
from pocketgui.sandbox import SandboxServer
from pocketgui.ui import palette
from pocketgui.ui.dashboard.blockchain_section import BlockchainSection
from pocketgui.ui.dashboard.settings_dialog import DashboardSettingsDialog
from pocketgui.ui.settings import ELECTRUM, ESPLORA, ChainChoice, Settings
from pocketgui.ui.tasks import TaskRunner

WAIT_MS = 20_000


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def section(qtbot: QtBot, choice: ChainChoice = ChainChoice(),
            network: Network = Network.REGTEST, **options: object) -> BlockchainSection:
    runner = TaskRunner(1)
    widget = BlockchainSection(choice, runner, network, **options)  # type: ignore[arg-type]
    runner.setParent(widget)
    qtbot.addWidget(widget)
    return widget


def test_nothing_is_picked_for_the_person_and_esplora_carries_its_warning(
        qtbot: QtBot) -> None:
    widget = section(qtbot)
    widget.show()
    assert widget.none.isChecked() and widget.choice() == ChainChoice()
    assert widget.hint.isVisible() and "no confirmations" in widget.hint.text()
    assert not widget.test.isEnabled()
    widget.esplora.setChecked(True)
    assert widget.warning.isVisible() and "learns every address" in widget.warning.text()
    assert widget.url.isEnabled() and not widget.host.isEnabled()
    widget.electrum.setChecked(True)
    assert not widget.warning.isVisible() and widget.host.isEnabled()
    assert widget.test.isEnabled()


def test_tls_moves_the_usual_port_but_not_one_the_person_typed(qtbot: QtBot) -> None:
    widget = section(qtbot, ChainChoice(ELECTRUM, "node.local", 50002, True))
    widget.tls.setChecked(False)
    assert widget.port.value() == 50001
    widget.port.setValue(60001)
    widget.tls.setChecked(True)
    assert widget.port.value() == 60001
    assert widget.choice() == ChainChoice(ELECTRUM, "node.local", 60001, True)


def test_a_closed_port_is_explained_on_the_worker_and_changes_nothing(qtbot: QtBot,
                                                                      tmp_path: Path) -> None:
    port = closed_port()
    widget = section(qtbot, ChainChoice(ELECTRUM, "127.0.0.1", port, False))
    task = widget.run_test()
    assert task is not None and not widget.test.isEnabled()  # on the worker, not here
    assert widget.result.text().startswith("Connecting to your Electrum server")
    qtbot.waitUntil(lambda: widget.test.isEnabled(), timeout=WAIT_MS)
    text = widget.result.text()
    assert "does not answer" in text and "host and port" in text, text
    assert palette.BAD in widget.result.styleSheet()
    assert not (tmp_path / "settings.json").exists()


def test_a_malformed_source_is_refused_before_any_connection(qtbot: QtBot) -> None:
    widget = section(qtbot, ChainChoice(ELECTRUM, "", 50002))
    assert widget.run_test() is None
    assert "host name" in widget.result.text()
    widget.esplora.setChecked(True)
    widget.url.setText("blockstream.info/api")
    assert widget.run_test() is None and "https://" in widget.result.text()


def test_the_dialog_keeps_a_valid_source_and_refuses_a_wrong_one(qtbot: QtBot,
                                                                 tmp_path: Path) -> None:
    runner = TaskRunner(1)
    blockchain = BlockchainSection(ChainChoice(), runner, Network.REGTEST)
    dialog = DashboardSettingsDialog(DashboardPreferences(), tmp_path / "dashboard.json",
                                     blockchain=blockchain)
    runner.setParent(dialog)
    qtbot.addWidget(dialog)
    chosen: list[ChainChoice] = []
    dialog.chain_chosen.connect(chosen.append)
    blockchain.esplora.setChecked(True)
    blockchain.url.setText("ftp://example.org")
    assert not dialog.save() and "https://" in dialog.problem.text() and chosen == []
    blockchain.url.setText("https://esplora.example.org/api/")
    assert dialog.save()
    assert chosen == [ChainChoice(ESPLORA, url="https://esplora.example.org/api")]


def test_the_source_of_each_environment_survives_a_restart_and_a_bad_file_is_not_guessed(
        tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    electrum = ChainChoice(ELECTRUM, "node.local", 50002, True)
    Settings(mode="staging", chain={"staging": electrum, "production": ChainChoice()}).save(path)
    again = Settings.load(path)
    assert again.chain_of("staging") == electrum
    assert not again.chain_of("production").chosen and not again.chain_of("demo").chosen
    path.write_text('{"chain": {"staging": {"kind": "electrum", "host": "a b", "port": 99999}}}')
    assert Settings.load(path).chain_of("staging") == ChainChoice()


def test_the_sandboxs_electrum_server_says_its_height_and_network(
        qtbot: QtBot, sandbox_factory: Callable[..., SandboxServer]) -> None:
    server = sandbox_factory(electrum_port=0)
    port = server.electrum_port
    assert port is not None
    bank = DemoBank(server.url, "settings")
    tip = bank.chain_tip()[0]
    bank.close()
    widget = section(qtbot, ChainChoice(ELECTRUM, "127.0.0.1", port, False))
    widget.run_test()
    qtbot.waitUntil(lambda: widget.test.isEnabled(), timeout=WAIT_MS)
    assert widget.result.text() == (
        f"✓ Electrum server 127.0.0.1:{port}: regtest, at block {tip:,}.")
    assert palette.OK in widget.result.styleSheet()
    widget.esplora.setChecked(True)  # the same chain over Esplora
    widget.url.setText(server.esplora_url)
    widget.run_test()
    qtbot.waitUntil(lambda: widget.test.isEnabled(), timeout=WAIT_MS)
    assert widget.result.text().endswith(f": regtest, at block {tip:,}.")


def test_a_server_on_another_network_than_the_orders_is_refused_in_words(
        qtbot: QtBot, sandbox_factory: Callable[..., SandboxServer]) -> None:
    server = sandbox_factory(electrum_port=0)
    assert server.electrum_port is not None
    widget = section(qtbot, ChainChoice(ELECTRUM, "127.0.0.1", server.electrum_port, False),
                     network=Network.MAINNET)
    widget.run_test()
    qtbot.waitUntil(lambda: widget.test.isEnabled(), timeout=WAIT_MS)
    text = widget.result.text()
    assert "follows regtest, but these orders are on mainnet" in text, text
    assert "Choose a mainnet server" in text and not text.startswith("✓")
