"""A wizard on a real demo (sandbox + simulated Trezor, scripted person) for page-level tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pytestqt.qtbot import QtBot

from pocketgui.flow import PurchaseFlow, Step
from pocketgui.flow.demo import Demo
from pocketgui.ui.signals import AppSignals
from pocketgui.ui.wizard.wizard import WizardView
from tests.flow.conftest import IBAN, unlock


def open_wizard(qtbot: QtBot, demo: Demo, upto: Step = Step.CONNECT) -> WizardView:
    """The wizard with every step before `upto` done through the flow, showing `upto`."""
    flow = PurchaseFlow(demo.services)
    if upto is not Step.CONNECT:
        unlock(flow, demo)
        walk(flow, upto)
    view = WizardView(flow, AppSignals())
    qtbot.addWidget(view)
    view.show()
    return view


def walk(flow: PurchaseFlow, upto: Step) -> None:
    """Through the flow alone, the person confirming everything on the device."""
    steps: dict[Step, Callable[[], Any]] = {
        Step.PAYOUT: flow.show_address,
        Step.PROVE: flow.sign,
        Step.PAYMENT: lambda: flow.set_payment(iban=IBAN, currency="EUR"),
    }
    for step in flow.steps[1:]:
        if step is upto:
            break
        flow.next()
        if step in steps:
            steps[step]()
    flow.next()


def idle(view: WizardView) -> bool:
    return not view.page.working
