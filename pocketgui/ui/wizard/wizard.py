"""The wizard: the steps on the left, the current page, Back and Next — a view of `PurchaseFlow`.

It owns the two runners (one thread for the device, a pool for HTTP), moves between pages only
through the flow (`flow.next()` / `flow.back()`), and enables Next exactly when the flow says
the step is valid and idle. It announces facts on the app signals (address confirmed, ownership
proved, order created, instructions ready, exchange updated).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from pocketgui.devices.errors import UserCancelled
from pocketgui.flow.model import PurchaseFlow
from pocketgui.flow.steps import Step
from pocketgui.i18n.catalog import N_, _
from pocketgui.ui import palette
from pocketgui.ui.signals import AppSignals
from pocketgui.ui.tasks import TaskRunner
from pocketgui.ui.widgets.device_screen import DeviceScreen
from pocketgui.ui.widgets.labels import PlainLabel, emphasised, muted
from pocketgui.ui.wizard.challenge_page import ChallengePage
from pocketgui.ui.wizard.choose_payout import ChoosePayoutPage
from pocketgui.ui.wizard.connect_device import ConnectDevicePage
from pocketgui.ui.wizard.instructions import InstructionsPage
from pocketgui.ui.wizard.lightning_node import LightningNodePage
from pocketgui.ui.wizard.lightning_sign import LightningSignPage
from pocketgui.ui.wizard.page import CANCEL_SENT, Runners, WizardPage
from pocketgui.ui.wizard.payment import PaymentPage
from pocketgui.ui.wizard.prove_ownership import ProveOwnershipPage
from pocketgui.ui.wizard.review import ReviewPage
from pocketgui.ui.wizard.tracking import TrackingPage

NEXT_TEXT = {Step.REVIEW: N_("Next: how to pay"), Step.INSTRUCTIONS: N_("I have paid: follow it")}


PREPARE_AFTER_MS = 150  # after the page's own first paint


class WizardView(QWidget):
    finished = Signal()
    transfer_simulated = Signal()  # Demo: the simulated bank transfer went through

    def __init__(self, flow: PurchaseFlow, signals: AppSignals, *, pin_hint: str = "",
                 side: QWidget | None = None, not_seen: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow, self.signals, self.side = flow, signals, side
        self.runners = Runners(device=TaskRunner(1, self, silent=(UserCancelled,)),
                               network=TaskRunner(4, self))
        if isinstance(side, DeviceScreen):
            self.runners.on_cancel_device = side.cancel
        else:  # a real device: Cancel is sent to it, so it stops asking (off the UI thread)
            self.runners.on_cancel_device = self._cancel_on_device
            self.runners.cancel_note = CANCEL_SENT
        # each page is built when first shown: "Get started" builds one page, not seven
        lightning = flow.is_lightning
        self._make: dict[Step, Callable[[], WizardPage]] = {
            Step.CONNECT: lambda: ConnectDevicePage(flow, self.runners, pin_hint=pin_hint),
            Step.PAYOUT: lambda: (LightningNodePage if lightning else ChoosePayoutPage)(
                flow, self.runners),
            Step.PROVE: lambda: (LightningSignPage if lightning else ProveOwnershipPage)(
                flow, self.runners),
            Step.PAYMENT: lambda: PaymentPage(flow, self.runners),
            Step.REVIEW: lambda: ReviewPage(flow, self.runners),
            Step.INSTRUCTIONS: lambda: InstructionsPage(flow, self.runners),
            Step.TRACK: lambda: TrackingPage(flow, self.runners, not_seen=not_seen),
        }
        self.pages: dict[Step, WizardPage] = {}
        self.track_after_transfer = True  # see _transferred
        self.stack = QStackedWidget()
        self.steps = QVBoxLayout()
        self.steps.setContentsMargins(20, 20, 12, 12)  # "Start page" in line with Back
        self.step_labels: dict[Step, PlainLabel] = {}
        for step in flow.steps:  # the chosen branch's steps, numbered 1..n
            # wrapped: a longer language's name takes two lines of the narrow rail
            label = PlainLabel(f"{flow.number(step)}.  {flow.rail_name(step)}", wrap=True)
            self.step_labels[step] = label
            self.steps.addWidget(label)
        self.steps.addStretch(1)
        self.home_button = QPushButton(_("Start page"))
        self.home_button.setObjectName("homeButton")
        self.home_button.setToolTip(_("Your orders and where to buy; an unfinished set-up is kept"))
        self.home_button.clicked.connect(self.finished.emit)
        self.steps.addWidget(self.home_button)
        rail = QWidget()
        rail.setObjectName("stepRail")
        rail.setStyleSheet(f"#stepRail {{ background: {palette.STEP_RAIL_BG}; }}")
        rail.setLayout(self.steps)
        rail.setFixedWidth(170)
        self.back_button = QPushButton(_("Back"))
        self.back_button.setObjectName("backButton")
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton(_("Next"))
        self.next_button.setObjectName("nextButton")
        self.next_button.clicked.connect(self.go_next)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(24, 4, 24, 12)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        centre = QVBoxLayout()
        centre.setContentsMargins(0, 0, 0, 0)
        centre.addWidget(self.stack, 1)
        centre.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(rail)
        layout.addLayout(centre, 1)
        if side is not None:
            layout.addWidget(side)
        self.show_step()

    # ----- pages by name, for the window and the tests -----------------------------------------
    def page_for(self, step: Step) -> WizardPage:
        if step not in self.pages:
            page = self._make[step]()
            self.pages[step] = page
            self.stack.addWidget(page)
            page.changed.connect(self.update_buttons)
            if isinstance(page, ReviewPage):
                page.challenge_expired.connect(self._challenge_expired)
            elif isinstance(page, InstructionsPage):
                page.transfer_simulated.connect(self._transferred)
            elif isinstance(page, ConnectDevicePage) and isinstance(self.side, DeviceScreen):
                page.pin_entry_ended.connect(self.side.idle)
        return self.pages[step]

    @property
    def connect_page(self) -> ConnectDevicePage:
        return cast(ConnectDevicePage, self.page_for(Step.CONNECT))

    @property
    def payout(self) -> ChoosePayoutPage:
        return cast(ChoosePayoutPage, self.page_for(Step.PAYOUT))

    @property
    def prove(self) -> ProveOwnershipPage:
        return cast(ProveOwnershipPage, self.page_for(Step.PROVE))

    @property
    def node_page(self) -> LightningNodePage:
        return cast(LightningNodePage, self.page_for(Step.PAYOUT))

    @property
    def sign_page(self) -> LightningSignPage:
        return cast(LightningSignPage, self.page_for(Step.PROVE))

    @property
    def payment(self) -> PaymentPage:
        return cast(PaymentPage, self.page_for(Step.PAYMENT))

    @property
    def review(self) -> ReviewPage:
        return cast(ReviewPage, self.page_for(Step.REVIEW))

    @property
    def instructions(self) -> InstructionsPage:
        return cast(InstructionsPage, self.page_for(Step.INSTRUCTIONS))

    @property
    def tracking(self) -> TrackingPage:
        return cast(TrackingPage, self.page_for(Step.TRACK))

    @property
    def page(self) -> WizardPage:
        return self.page_for(self.flow.step)

    # ----- moving ------------------------------------------------------------------------------
    def show_step(self) -> None:
        # the unfinished set-up, kept at every step (a file write: not on the UI thread)
        self.runners.network.submit(self.flow.save, name="save draft")
        page = self.page
        self.stack.setCurrentWidget(page)
        self._mark_rail()
        page.enter()
        self.update_buttons()
        QTimer.singleShot(PREPARE_AFTER_MS, self, self._prepare_next)

    def _prepare_next(self) -> None:
        """The next step's page built, polished and laid out while the person reads this one,
        each in a turn of its own (one turn for all three was itself a stall): "Next" then only
        shows it. The lightning signing page's first build and layout was the lightning demo's
        longest stall."""
        number = self.flow.number(self.flow.step)
        if number >= len(self.flow.steps) or self.flow.steps[number] in self.pages:
            return
        page = self.page_for(self.flow.steps[number])
        QTimer.singleShot(PREPARE_AFTER_MS, page, lambda: _polish(page))

    def _mark_rail(self) -> None:
        """The current step in bold, the steps still ahead greyed."""
        for step, label in self.step_labels.items():
            current = step is self.flow.step
            emphasised(label) if current else label.setFont(self.font())
            if self.flow.number(step) > self.flow.number(self.flow.step):
                muted(label)
            else:
                label.setPalette(self.palette())

    def showEvent(self, event: QShowEvent) -> None:
        """Again once shown: the rail's style sheet polishes the labels when they are first
        shown, which resets a palette set before (the first page's greyed steps)."""
        super().showEvent(event)
        self._mark_rail()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter does what a dialog's default button would (a plain QWidget has none): Next
        when it can go on, else the page's own default button ("Show on device", "Create
        order", …). Never "I have paid": that is said on purpose, with a click."""
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            super().keyPressEvent(event)
            return
        if self.flow.step is Step.INSTRUCTIONS:
            return
        if self.next_button.isVisible() and self.next_button.isEnabled():
            self.next_button.click()
            return
        for button in self.page.findChildren(QPushButton):
            if button.isDefault() and button.isVisible() and button.isEnabled():
                button.click()
                return

    def go_next(self) -> None:
        if not self.flow.can_go_next():
            return
        self._announce(self.flow.step)
        self.flow.next()
        self.show_step()

    def go_back(self) -> None:
        if self.flow.can_go_back():
            self.flow.back()
            self.show_step()

    def update_buttons(self) -> None:
        self.home_button.setEnabled(not self.page.working)
        self.next_button.setEnabled(self.flow.can_go_next())
        self.next_button.setVisible(self.flow.step is not Step.TRACK)
        self.next_button.setText(_(NEXT_TEXT.get(self.flow.step, "Next")))
        self.back_button.setEnabled(self.flow.can_go_back())
        self.back_button.setVisible(self.flow.step not in (Step.INSTRUCTIONS, Step.TRACK))

    def _transferred(self) -> None:
        """Demo: the simulated transfer went through. The wizard follows it on its own tracking
        page, unless the window hands the purchase over to the dashboard (`track_after_transfer`
        False): then building a page that is dropped at once only stalls the window."""
        if self.track_after_transfer:
            self.go_next()
        self.transfer_simulated.emit()

    def _challenge_expired(self) -> None:
        self.show_step()  # the flow went back to PROVE with a new challenge
        self.page_for(Step.PROVE).show_note(_(
            "The challenge expired before the order was sent; a new one was created. Sign it "
            "with your node again.") if self.flow.is_lightning else _(
            "The challenge expired before the order was sent; a new one was created. Sign it "
            "on your device again."))

    def _announce(self, step: Step) -> None:
        if step is Step.REVIEW:  # the dashboard shows the new order
            self.signals.order_created.emit(self.flow.data.order)

    def _cancel_on_device(self) -> None:
        cancel = getattr(self.flow.wallet, "cancel_prompt", None)
        if callable(cancel):
            self.runners.network.submit(cancel, name="cancel on device")

    def shut_down(self) -> None:
        """Stop waiting for anything: the window is closing."""
        for page in self.pages.values():
            if isinstance(page, TrackingPage | ChallengePage):
                page.timer.stop()
        self.runners.device.cancel_all()
        self.runners.network.cancel_all()


def _polish(page: QWidget) -> None:
    page.ensurePolished()  # the page and all its children (QWidget::ensurePolished)
    QTimer.singleShot(PREPARE_AFTER_MS, page, lambda: _lay_out(page))


def _lay_out(page: QWidget) -> None:
    layout = page.layout()
    if layout is not None:
        layout.activate()
