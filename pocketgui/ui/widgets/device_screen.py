"""Demo only: the simulated Trezor's screen and its two buttons, next to the wizard.

A real device shows the address, the message or its scrambled PIN keypad on its own screen and
waits for a button; this panel is that screen for the demo's simulated device. Its Confirm and
Reject answer the device (an `InteractivePerson`), so the person really confirms, as they will
on a real device. The simulator calls from its own thread; `device_bridge.ScreenBridge`'s
signals carry the screens to this panel on the UI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from pocketgui.devices.simulator.person import Screen
from pocketgui.i18n.catalog import N_, _
from pocketgui.ui import palette
from pocketgui.ui.widgets.device_bridge import ScreenBridge
from pocketgui.ui.widgets.labels import PlainLabel, emphasised, muted

if TYPE_CHECKING:
    from pocketgui.devices.simulator.interactive import InteractivePerson

SCREEN_STYLE = palette.box_style("deviceScreen", background=palette.DEVICE_SCREEN_BG, radius=8,
                                 ink=palette.DEVICE_SCREEN_INK)
# The simulator's screen titles as the Trezor One words them (devices/simulator/answers.py),
# translated where shown: the panel stands for the device, which speaks the person's language.
TITLES = {"Address": N_("Confirm address"), "Sign message": N_("Sign message?"),
          "PIN": N_("Enter PIN"), "Message signed by": N_("Confirm address? Message signed by:"),
          "Wrong address path": N_("⚠ Wrong address path")}


def on_device(text: str) -> str:
    """An address in groups of four, as a Trezor shows it (and so it wraps on this panel)."""
    if " " in text.strip():
        return text
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


class DeviceScreen(QFrame):
    def __init__(self, person: InteractivePerson, bridge: ScreenBridge, pin: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.person = person
        self.setObjectName("devicePanel")
        self.setFixedWidth(230)
        title = emphasised(PlainLabel("Demo Trezor"))
        hint = muted(PlainLabel(_("The simulated device's screen. On a real device you press "
                                  "its buttons."), wrap=True))
        self.display = QFrame()
        self.display.setObjectName("deviceScreen")
        self.display.setStyleSheet(SCREEN_STYLE)
        self.display.setMinimumHeight(150)
        self.screen_title = emphasised(PlainLabel(wrap=True))  # "Confirm address? Message…"
        self.screen_text = PlainLabel(wrap=True)
        self.screen_text.setStyleSheet("font-family: monospace;")
        self.keypad = QGridLayout()
        self.keys = [PlainLabel("") for _ in range(9)]
        for n, key in enumerate(self.keys):
            key.setStyleSheet("font-size: 16pt; font-weight: bold; padding: 2px 10px;")
            self.keypad.addWidget(key, n // 3, n % 3)
        inside = QVBoxLayout(self.display)
        inside.addWidget(self.screen_title)
        inside.addWidget(self.screen_text)
        inside.addLayout(self.keypad)
        inside.addStretch(1)
        self.reject_button = QPushButton(_("✗ Reject"))
        self.reject_button.setObjectName("deviceReject")
        self.confirm_button = QPushButton(_("✓ Confirm"))
        self.confirm_button.setObjectName("deviceConfirm")
        self.reject_button.clicked.connect(lambda: self.answer(False))
        self.confirm_button.clicked.connect(lambda: self.answer(True))
        buttons = QHBoxLayout()
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.confirm_button)
        self.pin_hint = muted(PlainLabel(_("Demo device PIN: {pin}").format(pin=pin), wrap=True))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 16, 16, 12)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.display)
        layout.addLayout(buttons)
        layout.addWidget(self.pin_hint)
        layout.addStretch(1)
        self.bridge = bridge  # kept: its signals are the simulator's way in
        bridge.shown.connect(self.show_screen)
        bridge.asked.connect(self.ask)
        self.idle()

    def idle(self) -> None:
        self.show_screen(Screen("", "pocketgui demo"))
        self.confirm_button.setEnabled(False)
        self.reject_button.setEnabled(False)

    def show_screen(self, screen: Screen) -> None:
        pin = screen.title == "PIN"
        title = TITLES.get(screen.title)
        self.screen_title.setText(_(title) if title else screen.title)
        self.screen_text.setText("" if pin else on_device(screen.text))
        self.screen_text.setVisible(not pin)
        for position, key in enumerate(self.keys):
            # screen.text[k-1] is at keypad position k: 7 8 9 on top, as on the device
            row, column = divmod(position, 3)
            index = (2 - row) * 3 + column
            key.setText(screen.text[index] if pin and index < len(screen.text) else "")
            key.setVisible(pin)

    def ask(self, screen: Screen) -> None:
        self.show_screen(screen)
        self.confirm_button.setEnabled(True)
        self.reject_button.setEnabled(True)

    def answer(self, confirm: bool) -> None:
        if self.person.waiting is None:
            return
        self.person.answer(confirm)
        self.idle()

    def cancel(self) -> None:
        """The app stopped waiting (Cancel): the device gives up too."""
        self.answer(False)
