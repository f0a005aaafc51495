"""The first page: what the app does, where to buy (Demo by default), where the bitcoin goes (the
hardware wallet by default, or the person's lightning node), and the orders made so far.

Built before the first paint, so it holds only light widgets; the orders list is filled once the
store is open (after the first paint), and the keyring is asked only when Staging or Production
is chosen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pocketgui.i18n.catalog import N_, _
from pocketgui.ui.modes import Mode

if TYPE_CHECKING:  # Qt passes it in; importing it costs start-up time
    from PySide6.QtGui import QKeyEvent
from pocketgui.ui import palette
from pocketgui.ui.widgets.environment_chooser import EnvironmentChooser
from pocketgui.ui.widgets.labels import PlainLabel, emphasised, muted
from pocketgui.ui.widgets.language_chooser import LanguageChooser

# The title and the steps follow the choice of where the bitcoin goes (Destination). Every text
# here is marked with N_ and translated as the page is built.
TITLE = {False: N_("Buy bitcoin straight to your own hardware wallet"),
         True: N_("Buy bitcoin straight to your own lightning node")}
STEPS = {
    False: (N_("1.  Connect your hardware wallet and confirm your own bitcoin address on its "
               "screen."),
            N_("2.  Pocket gives you bank details and a QR code: pay once, or set up a standing "
               "order."),
            N_("3.  Follow every purchase until the bitcoin is confirmed in your wallet.")),
    True: (N_("1.  Name your lightning node and sign Pocket's challenge with it."),
           N_("2.  Pocket gives you bank details and a QR code: pay once, or set up a standing "
              "order."),
           N_("3.  Follow every purchase until your node has received it.")),
}
CLIENT_ID_WHERE = N_("Pocket gives API client ids (and the staging URL) to the developers who "
                     "ask for one: pocketbitcoin.com/developers.")
NO_KEYRING = N_("This system has no keyring, so the client id is kept only until you close the "
                "app; you will enter it again next time.")
IN_KEYRING = N_("The client id is kept in your system's keyring, never in a file.")
ONCHAIN_HINT = N_("To an address of your hardware wallet, which you confirm on its screen and "
                  "prove is yours by signing on the device.")
LIGHTNING_HINT = N_("To your own lightning node, by invoice or a new channel: no hardware "
                    "wallet needed; your node signs to prove it is yours.")


class Credentials(QGroupBox):
    """Staging: base URL and client id; Production: client id."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Your Pocket API client"), parent)
        self.url = QLineEdit()
        self.url.setObjectName("stagingUrl")
        self.url.setPlaceholderText(_("https://… (given to you with the staging credentials)"))
        self.client_id = QLineEdit()
        self.client_id.setObjectName("clientId")
        self.client_id.setEchoMode(QLineEdit.EchoMode.Password)
        self.client_id.setPlaceholderText(_("client id"))
        self.where = muted(PlainLabel(_(CLIENT_ID_WHERE), wrap=True))
        self.where.setObjectName("clientIdWhere")
        self.keyring_note = muted(PlainLabel(wrap=True))
        notes = QVBoxLayout()
        notes.setSpacing(2)
        notes.addWidget(self.where)
        notes.addWidget(self.keyring_note)
        self.form = QFormLayout(self)
        self.form.addRow(_("Staging URL"), self.url)
        self.form.addRow(_("Client id"), self.client_id)
        self.form.addRow("", notes)

    def set_mode(self, mode: Mode, has_keyring: bool) -> None:
        self.setVisible(mode is not Mode.DEMO)
        self.form.setRowVisible(0, mode is Mode.STAGING)
        self.keyring_note.setText(_(IN_KEYRING if has_keyring else NO_KEYRING))


class Destination(QGroupBox):
    """Where the bitcoin goes; the wizard's steps follow (a lightning node needs no device).
    A plain bool, not the flow's Branch: this page is built before the flow may be imported."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Where should the bitcoin go?"), parent)
        layout = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.onchain = QRadioButton(_("My hardware wallet (on-chain)"))
        self.onchain.setObjectName("payoutOnchain")
        self.lightning = QRadioButton(_("My lightning node (beta)"))
        self.lightning.setObjectName("payoutLightning")
        for button, hint in ((self.onchain, ONCHAIN_HINT), (self.lightning, LIGHTNING_HINT)):
            label = muted(PlainLabel(_(hint), wrap=True))
            label.setContentsMargins(24, 0, 0, 6)
            self.group.addButton(button)
            layout.addWidget(button)
            layout.addWidget(label)
        self.onchain.setChecked(True)
        self.touched = False  # the person chose here: nothing else changes the choice
        self.group.buttonClicked.connect(lambda _: setattr(self, "touched", True))

    def lightning_chosen(self) -> bool:
        return self.lightning.isChecked()

    def choose(self, lightning: bool) -> None:
        (self.lightning if lightning else self.onchain).setChecked(True)


class WelcomePage(QWidget):
    start_requested = Signal(object)  # the chosen Mode
    dashboard_requested = Signal()  # "Back to the dashboard": shown once there is one
    order_opened = Signal(str)  # an order id of the list

    def __init__(self, mode: Mode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = emphasised(PlainLabel(_(TITLE[False])), 1.6)
        self.title.setObjectName("welcomeTitle")
        self.chooser = EnvironmentChooser(mode)
        self.credentials = Credentials()
        self.credentials.setVisible(False)
        self.destination = Destination()
        self.language = LanguageChooser()
        self.steps = [PlainLabel(_(step), wrap=True) for step in STEPS[False]]
        self.destination.lightning.toggled.connect(self._destination_changed)
        self.start_button = QPushButton(_("Get started"))
        self.start_button.setObjectName("getStarted")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(
            lambda: self.start_requested.emit(self.chooser.mode()))
        self.dashboard_button = QPushButton(_("Back to the dashboard"))
        self.dashboard_button.setObjectName("welcomeDashboard")
        self.dashboard_button.setVisible(False)
        self.dashboard_button.clicked.connect(self.dashboard_requested.emit)
        self.status = muted(PlainLabel(wrap=True))
        self.orders = QTreeWidget()
        self.orders.setObjectName("orderList")
        self.orders.setRootIsDecorated(False)
        self.orders.setHeaderLabels([_("Created"), _("Currency"), _("Reference"), _("Pays to")])
        self.orders.setMaximumHeight(150)
        self.orders.itemDoubleClicked.connect(self._open)
        self.open_button = QPushButton(_("Show payment details"))
        self.open_button.clicked.connect(lambda: self._open(self.orders.currentItem()))
        self.orders_box = QGroupBox(_("Your orders"))
        box = QVBoxLayout(self.orders_box)
        box.addWidget(self.orders)
        self.unknown = PlainLabel(wrap=True)
        self.unknown.setStyleSheet(palette.BAD_TEXT)
        box.addWidget(self.unknown)
        open_row = QHBoxLayout()
        open_row.addStretch(1)
        open_row.addWidget(self.open_button)
        box.addLayout(open_row)
        self.orders_box.setVisible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.dashboard_button)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        for label in self.steps:
            layout.addWidget(label)
        layout.addSpacing(8)
        # two columns, so a 1280×720 laptop shows everything: where to buy on the left, where
        # the bitcoin goes and the orders made so far on the right
        where = QVBoxLayout()
        where.addWidget(self.chooser)
        where.addWidget(self.credentials)
        where.addStretch(1)
        where.addWidget(self.language)
        goes = QVBoxLayout()
        goes.addWidget(self.destination)
        goes.addWidget(self.orders_box)
        goes.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addLayout(where, 1)
        columns.addLayout(goes, 1)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)

    def _destination_changed(self, lightning: bool) -> None:
        self.title.setText(_(TITLE[lightning]))
        for label, text in zip(self.steps, STEPS[lightning], strict=True):
            label.setText(_(text))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter presses "Get started" (the default button; a plain QWidget has none), except
        in the orders list, where it opens the order."""
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not self.orders.hasFocus() and self.start_button.isEnabled()):
            self.start_button.click()
            return
        super().keyPressEvent(event)

    def show_orders(self, rows: list[tuple[str, str, str, str, str]], unknown: list[str]) -> None:
        """rows: (order id, created, currency, reference, address); unknown: intent summaries."""
        self.orders.clear()
        for order_id, *columns in rows:
            item = QTreeWidgetItem(columns)
            item.setData(0, 256, order_id)
            self.orders.addTopLevelItem(item)
        for column in range(3):
            self.orders.resizeColumnToContents(column)
        self.unknown.setText("\n".join(unknown))
        self.unknown.setVisible(bool(unknown))
        self.open_button.setEnabled(bool(rows))
        self.orders_box.setVisible(bool(rows or unknown))

    def _open(self, item: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.order_opened.emit(str(item.data(0, 256)))
