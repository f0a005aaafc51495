"""pocketgui.flow: the purchase wizard as plain Python (no Qt), tested without a display.

`PurchaseFlow` holds the steps, the data collected and the calls each step makes through
`Services` (a device manager, a Pocket client, the store). `ui/wizard/` renders it.
"""

from pocketgui.flow.choices import FEE_DEFAULT, FEE_MAX, FEE_MIN, SCRIPT_TYPES, fee_example
from pocketgui.flow.draft import Draft, load_draft, save_draft
from pocketgui.flow.errors import ChallengeExpired, FlowError, SignatureRefused
from pocketgui.flow.flow_data import FlowData, Outcome
from pocketgui.flow.model import PurchaseFlow, Services
from pocketgui.flow.steps import Branch, Step, StepState
from pocketgui.formats.bank_codes import IbanCheck, check_iban

__all__ = [
    "FEE_DEFAULT",
    "FEE_MAX",
    "FEE_MIN",
    "SCRIPT_TYPES",
    "Branch",
    "ChallengeExpired",
    "Draft",
    "FlowData",
    "FlowError",
    "IbanCheck",
    "Outcome",
    "PurchaseFlow",
    "Services",
    "SignatureRefused",
    "Step",
    "StepState",
    "check_iban",
    "fee_example",
    "load_draft",
    "save_draft",
]
