"""The wizard's steps, the two branches that order them, and what each step is doing right now.

A branch is where the bitcoin goes: to an address of the person's hardware wallet (on-chain),
or to their own lightning node. The lightning branch needs no device: it skips CONNECT, and its
PAYOUT and PROVE steps ask for the node's key and the node's signature instead. The steps after
those (payment, review, bank transfer, tracking) are the same in both.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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

# (heading of the page, name on the rail); a branch overrides only what differs
TITLES: dict[Step, tuple[str, str]] = {
    Step.CONNECT: ("Connect your hardware wallet", "Connect device"),
    Step.PAYOUT: ("Choose where the bitcoin goes", "Choose payout"),
    Step.PROVE: ("Prove the address is yours", "Prove ownership"),
    Step.PAYMENT: ("How you will pay", "Payment"),
    Step.REVIEW: ("Review and create the order", "Review & create"),
    Step.INSTRUCTIONS: ("Pay by bank transfer", "Pay"),
    Step.TRACK: ("Follow your purchase", "Track"),
}
BRANCH_TITLES: dict[Branch, dict[Step, tuple[str, str]]] = {
    Branch.ONCHAIN: {},
    Branch.LIGHTNING: {
        Step.PAYOUT: ("Your lightning node", "Lightning node"),
        Step.PROVE: ("Sign with your node", "Sign with node"),
    },
}


def steps_of(branch: Branch) -> tuple[Step, ...]:
    return BRANCH_STEPS[branch]


def heading(step: Step, branch: Branch = Branch.ONCHAIN) -> str:
    return BRANCH_TITLES[branch].get(step, TITLES[step])[0]


def rail_name(step: Step, branch: Branch = Branch.ONCHAIN) -> str:
    return BRANCH_TITLES[branch].get(step, TITLES[step])[1]


@dataclass
class StepState:
    """`busy` is what is happening ("" when idle); `error` a sentence for the person; `note` a
    neutral remark (a cancellation on the device is a note, never an error)."""

    busy: str = ""
    error: str = ""
    note: str = ""

    def clear(self) -> None:
        self.busy = self.error = self.note = ""
