"""The wizard's steps, the two branches that order them, and what each step is doing right now.

A branch is where the bitcoin goes: to an address of the person's hardware wallet (on-chain),
or to their own lightning node. The lightning branch needs no device: it skips CONNECT, and its
PAYOUT and PROVE steps ask for the node's key and the node's signature instead. The steps after
those (payment, review, bank transfer, tracking) are the same in both.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pocketgui.i18n.catalog import N_, _


class Step(StrEnum):
    CONNECT = "connect"
    PAYOUT = "payout"
    PROVE = "prove"
    PAYMENT = "payment"
    REVIEW = "review"
    INSTRUCTIONS = "instructions"
    TRACK = "track"


class Branch(StrEnum):
    ONCHAIN = "onchain"
    LIGHTNING = "lightning"


BRANCH_STEPS: dict[Branch, tuple[Step, ...]] = {
    Branch.ONCHAIN: tuple(Step),
    Branch.LIGHTNING: tuple(step for step in Step if step is not Step.CONNECT),
}

# (heading of the page, name on the rail), translated where shown; a branch overrides only what
# differs
TITLES: dict[Step, tuple[str, str]] = {
    Step.CONNECT: (N_("Connect your hardware wallet"), N_("Connect device")),
    Step.PAYOUT: (N_("Choose where the bitcoin goes"), N_("Choose payout")),
    Step.PROVE: (N_("Prove the address is yours"), N_("Prove ownership")),
    Step.PAYMENT: (N_("How you will pay"), N_("Payment")),
    Step.REVIEW: (N_("Review and create the order"), N_("Review & create")),
    Step.INSTRUCTIONS: (N_("Pay by bank transfer"), N_("Pay")),
    Step.TRACK: (N_("Follow your purchase"), N_("Track")),
}
BRANCH_TITLES: dict[Branch, dict[Step, tuple[str, str]]] = {
    Branch.ONCHAIN: {},
    Branch.LIGHTNING: {
        Step.PAYOUT: (N_("Your lightning node"), N_("Lightning node")),
        Step.PROVE: (N_("Sign with your node"), N_("Sign with node")),
    },
}


def steps_of(branch: Branch) -> tuple[Step, ...]:
    return BRANCH_STEPS[branch]


def heading(step: Step, branch: Branch = Branch.ONCHAIN) -> str:
    return _(BRANCH_TITLES[branch].get(step, TITLES[step])[0])


def rail_name(step: Step, branch: Branch = Branch.ONCHAIN) -> str:
    return _(BRANCH_TITLES[branch].get(step, TITLES[step])[1])


@dataclass
class StepState:
    """`busy` is what is happening ("" when idle); `error` a sentence for the person; `note` a
    neutral remark (a cancellation on the device is a note, never an error)."""

    busy: str = ""
    error: str = ""
    note: str = ""

    def clear(self) -> None:
        self.busy = self.error = self.note = ""
