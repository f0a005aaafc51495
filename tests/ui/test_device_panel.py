"""The demo's device panel: what the simulated device shows, and its buttons answer it."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from pocketgui.devices.simulator.interactive import InteractivePerson
from pocketgui.devices.simulator.person import Decision, Screen
from pocketgui.ui.widgets.device_bridge import ScreenBridge
from pocketgui.ui.widgets.device_screen import DeviceScreen, on_device

ADDRESS = "tb1q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkl"


def ask_on_a_thread(person: InteractivePerson, screen: Screen) -> list[Decision]:
    answers: list[Decision] = []
    threading.Thread(target=lambda: answers.append(person.decide(screen)), daemon=True).start()
    return answers


def panel(qtbot: QtBot) -> tuple[DeviceScreen, InteractivePerson]:
    bridge = ScreenBridge()
    person = InteractivePerson(on_ask=bridge.asked.emit)
    screen = DeviceScreen(person, bridge, "1234")
    qtbot.addWidget(screen)
    return screen, person


def test_confirm_answers_the_device(qtbot: QtBot) -> None:
    screen, person = panel(qtbot)
    assert not screen.confirm_button.isEnabled()
    answers = ask_on_a_thread(person, Screen("Address", ADDRESS))
    qtbot.waitUntil(screen.confirm_button.isEnabled, timeout=5000)
    assert screen.screen_text.text() == on_device(ADDRESS) == "tb1q 6rz2 8mcf axtm d6v7 " \
        "89l9 rrlr usdp rr9p qcpv kl"
    screen.confirm_button.click()
    qtbot.waitUntil(lambda: answers == [Decision(confirm=True, delay=0.0)], timeout=5000)
    assert not screen.confirm_button.isEnabled()


def test_reject_and_cancel_refuse(qtbot: QtBot) -> None:
    screen, person = panel(qtbot)
    answers = ask_on_a_thread(person, Screen("Sign message", "I confirm my bitcoin wallet. [x]"))
    qtbot.waitUntil(screen.reject_button.isEnabled, timeout=5000)
    screen.reject_button.click()
    qtbot.waitUntil(lambda: len(answers) == 1, timeout=5000)
    assert answers[0].confirm is False
    answers = ask_on_a_thread(person, Screen("Address", ADDRESS))
    qtbot.waitUntil(screen.confirm_button.isEnabled, timeout=5000)
    screen.cancel()  # the app's Cancel while the device waits
    qtbot.waitUntil(lambda: len(answers) == 1, timeout=5000)
    assert answers[0].confirm is False


def test_pin_keypad_is_drawn_as_on_the_device(qtbot: QtBot) -> None:
    screen, _ = panel(qtbot)
    screen.show_screen(Screen("PIN", "916482357"))  # matrix[k-1] at keypad position k
    rows = [[screen.keys[r * 3 + c].text() for c in range(3)] for r in range(3)]
    assert rows == [["3", "5", "7"], ["4", "8", "2"], ["9", "1", "6"]]  # 7 8 9 / 4 5 6 / 1 2 3
