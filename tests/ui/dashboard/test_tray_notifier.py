"""The notifier's fallback and dedupe, and closing to the tray (with and without a tray)."""

from __future__ import annotations

from PySide6.QtWidgets import QSystemTrayIcon, QWidget
from pytestqt.qtbot import QtBot

from pocketgui.history import DashboardPreferences
from pocketgui.ui.dashboard.notifications import MARKUP_NOTIFICATIONS, Notifier, tray_text
from pocketgui.ui.dashboard.tray import TrayPresence


def test_toast_when_there_is_no_tray_and_each_state_once(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(800, 500)
    window.show()
    notifier = Notifier()
    notifier.set_host(window)
    assert notifier.notify("ex-1", "executed", "Bitcoin bought", "0.001 BTC for <b>x</b>")
    assert not notifier.notify("ex-1", "executed", "Bitcoin bought", "again")
    assert notifier.notify("ex-1", "settled", "Sent", "on its way")
    toast = notifier.toast()
    assert toast.isVisible() and toast.message.text() == "on its way"
    assert toast.geometry().right() <= window.width()
    assert [n.via for n in notifier.shown] == ["toast", "toast"]
    assert notifier.of("ex-1") == ["executed", "settled"]


def test_closing_hides_to_the_tray_only_when_there_is_one_and_it_is_wanted(
        qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    notifier = Notifier()
    notifier.set_host(window)
    quits: list[bool] = []
    presence = TrayPresence(window, DashboardPreferences(), notifier, available=True,
                            on_quit=lambda: quits.append(True))
    window.close()
    assert not window.isVisible() and presence.hidden_to_tray == 1  # still running
    presence.show_window()
    assert window.isVisible()
    presence.preferences.keep_tracking_in_tray = False
    window.close()
    assert not window.isVisible() and presence.hidden_to_tray == 1
    window.show()
    presence.preferences.keep_tracking_in_tray = True
    presence.quit()
    assert not window.isVisible() and quits == [True]

    offscreen = QWidget()
    qtbot.addWidget(offscreen)
    offscreen.show()
    without = TrayPresence(offscreen, DashboardPreferences(), Notifier())
    assert not without.available and without.tray is None  # offscreen: no tray
    offscreen.close()
    assert not offscreen.isVisible() and without.hidden_to_tray == 0


class _DesktopTray(QSystemTrayIcon):
    """A real tray icon that reports a desktop with a tray (offscreen has none) and keeps
    what was handed to the notification server."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[tuple[str, str]] = []

    def isVisible(self) -> bool:
        return True

    @staticmethod
    def supportsMessages() -> bool:
        return True

    def showMessage(self, title: str, message: str, *args: object) -> None:
        self.messages.append((title, message))


def test_server_text_is_escaped_in_tray_notifications_where_the_server_reads_markup(
        qtbot: QtBot) -> None:
    tray = _DesktopTray()
    notifier = Notifier(tray)
    hostile = 'bc1q<a href="https://evil.example">claim</a><img src="x"> & more'
    assert notifier.notify("ex-1", "settled", "Sent <b>now</b>", hostile)
    title, message = tray.messages[0]
    if MARKUP_NOTIFICATIONS:
        assert "<" not in message and ">" not in message and "<" not in title
        assert message == ('bc1q&lt;a href="https://evil.example"&gt;claim&lt;/a&gt;'
                           '&lt;img src="x"&gt; &amp; more')
    assert notifier.shown[0].message == hostile  # the record keeps the text as received
    assert tray_text("<b>&</b>", markup=True) == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert tray_text("<b>", markup=False) == "<b>"
