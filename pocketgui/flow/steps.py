"""The wizard's steps, in order, and what each one is doing right now (valid / busy / error)."""

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

    @property
    def heading(self) -> str:
        return TITLES[self]

    @property
    def number(self) -> int:
        return list(Step).index(self) + 1


TITLES = {
    Step.CONNECT: "Connect your hardware wallet",
    Step.PAYOUT: "Choose where the bitcoin goes",
    Step.PROVE: "Prove the address is yours",
    Step.PAYMENT: "How you will pay",
    Step.REVIEW: "Review and create the order",
    Step.INSTRUCTIONS: "Pay by bank transfer",
    Step.TRACK: "Follow your purchase",
}


@dataclass
class StepState:
    """`busy` is what is happening ("" when idle); `error` a sentence for the person; `note` a
    neutral remark (a cancellation on the device is a note, never an error)."""

    busy: str = ""
    error: str = ""
    note: str = ""

    def clear(self) -> None:
        self.busy = self.error = self.note = ""
