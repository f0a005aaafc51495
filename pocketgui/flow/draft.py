"""The unfinished wizard, kept in a small JSON file so a restart does not lose the choices.

Only what stays valid is kept: which wallet (its fingerprint), the account, the address index,
the branch and the lightning node's key, and the payment choices. Never a challenge (it expires
and is single-use), never a signature, never "the person saw the address on the device" (they
look again after a restart).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pocketgui.flow.choices import FEE_DEFAULT
from pocketgui.flow.steps import Branch
from pocketgui.formats.atomic_file import write_text_atomically
from pocketgui.formats.json_file import read_json_object


@dataclass
class Draft:
    environment: str = ""
    fingerprint: str = ""
    script_type: str = "p2wpkh"
    account_index: int = 0
    address_index: int = 0
    currency: str = "EUR"
    iban: str = ""
    fee_rate: str = str(FEE_DEFAULT)
    fresh_addresses: bool = True
    affiliate_id: str = ""
    branch: str = Branch.ONCHAIN.value  # drafts written before the lightning branch: on-chain
    node_pubkey: str = ""
    saved_at: str = ""

    @property
    def fee(self) -> Decimal:
        try:
            return Decimal(self.fee_rate)
        except InvalidOperation:
            return FEE_DEFAULT

    @property
    def branch_chosen(self) -> Branch:
        try:
            return Branch(self.branch)
        except ValueError:
            return Branch.ONCHAIN


def load_draft(path: Path | None) -> Draft | None:
    """The saved draft, or None (no file, unreadable file: a draft is a convenience)."""
    if path is None:
        return None
    data = read_json_object(path)
    if data is None:
        return None
    known = {f.name: f.type for f in fields(Draft)}
    values = {key: value for key, value in data.items() if key in known}
    try:
        draft = Draft(**values)
    except TypeError:
        return None
    if not isinstance(draft.account_index, int) or not isinstance(draft.address_index, int):
        return None
    if not isinstance(draft.branch, str) or not isinstance(draft.node_pubkey, str):
        return None
    return draft


def save_draft(path: Path | None, draft: Draft) -> None:
    """Written to a temporary file and renamed, so a crash never leaves half a file."""
    if path is None:
        return
    write_text_atomically(path, json.dumps(asdict(draft), indent=1))


def clear_draft(path: Path | None) -> None:
    if path is not None:
        path.unlink(missing_ok=True)
