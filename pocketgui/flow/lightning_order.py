"""The wizard's lightning branch, Qt-free: the node's key and the node's signature, checked here.

The person types their node's public key and pastes what `lncli signmessage` or
`lightning-cli signmessage` printed. Both are checked as they come, each refusal in a sentence
that says what is wrong and what to do, so nothing is sent that Pocket would refuse. The
signature recovers the key that made it (lightning signatures carry it), which tells "another
node" from "not a signature"; a signature of an earlier challenge of this session is named as
such (the challenge was renewed while the person was signing).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from pocketgui.api.models import LightningPayoutRequest
from pocketgui.bitcoin.errors import BitcoinError
from pocketgui.bitcoin.lightning import lightning_recover_node_pubkey
from pocketgui.flow.lightning import signature_matches, valid_node_pubkey
from pocketgui.i18n.catalog import N_, _

KEY_CHARS = 66
_HEX = re.compile(r"[0-9a-fA-F]*")


def short_key(key: str) -> str:
    """02abcd…ef01: enough to tell two nodes apart in a sentence."""
    return f"{key[:8]}…{key[-6:]}" if len(key) > 16 else key


def node_key_problem(text: str) -> str:
    """What is wrong with a typed node key, for a person ("" when it is a valid key)."""
    key = text.strip()
    if not key:
        return _("Enter your node's public key: {count} characters, 02 or 03 first.").format(
            count=KEY_CHARS)
    if "@" in key:
        return _("That is a node address (key@host:port): enter only the key before the @.")
    if not _HEX.fullmatch(key):
        bad = next(char for char in key if not _HEX.fullmatch(char))
        return _("A node key has only the characters 0–9 and a–f; {character} is not one. Copy "
                 "it from “lncli getinfo” (identity_pubkey) or “lightning-cli getinfo” "
                 "(id).").format(character=repr(bad))
    if len(key) != KEY_CHARS:
        return _("A node key is {count} characters long; this is {length}.").format(
            count=KEY_CHARS, length=len(key))
    if not valid_node_pubkey(key):
        return _("A node key starts with 02 or 03 (a compressed key); this starts with "
                 "{start}.").format(start=key[:2])
    from embit.ec import PublicKey

    try:
        PublicKey.parse(bytes.fromhex(key))
    except Exception:  # embit raises assorted errors for bytes that are not a point
        return _("This is not a public key (not a point on the curve): check it was copied "
                 "whole.")
    return ""


def read_signature(pasted: str) -> str:
    """The signature out of what was pasted: the bare text, or the whole JSON either tool
    prints (LND: "signature"; Core Lightning: "zbase", its "signature" being hex)."""
    text = pasted.strip()
    if text.startswith("{"):
        try:
            answer = json.loads(text)
        except ValueError:
            return text
        if isinstance(answer, dict):
            for name in ("zbase", "signature"):
                if isinstance(answer.get(name), str):
                    return str(answer[name]).strip()
    return text.strip('"')


@dataclass(frozen=True)
class SignatureCheck:
    ok: bool
    signature: str  # as read from the pasted text
    reason: str  # why not, for a person ("" when ok or nothing pasted yet)


# marked here, translated where the check is made
NOT_A_SIGNATURE = N_("This is not a lightning signature. Paste what “lncli signmessage” printed "
                   "after \"signature\", or the \"zbase\" value of “lightning-cli signmessage” "
                   "(104 letters and digits).")
HEX_SIGNATURE = N_("This is Core Lightning's signature in hex: paste its \"zbase\" value "
                 "instead (104 letters and digits).")


def check_signature(node_pubkey: str, message: str, pasted: str,
                    earlier_messages: tuple[str, ...] = ()) -> SignatureCheck:
    """Whether `pasted` is the node's signature of `message`, and if not, why not."""
    signature = read_signature(pasted)
    if not signature:
        return SignatureCheck(False, "", "")
    if len(signature) in (128, 130) and _HEX.fullmatch(signature):
        return SignatureCheck(False, signature, _(HEX_SIGNATURE))
    node = node_pubkey.strip().lower()
    try:
        if signature_matches(node, message, signature):
            return SignatureCheck(True, signature, "")
        signer = lightning_recover_node_pubkey(message, signature)
    except BitcoinError:
        return SignatureCheck(False, signature, _(NOT_A_SIGNATURE))
    for earlier in earlier_messages:
        try:
            if lightning_recover_node_pubkey(earlier, signature) == node:
                return SignatureCheck(False, signature, _(
                    "This is your node's signature of an earlier challenge, which was renewed "
                    "since. Sign the message shown above (copy the command again)."))
        except BitcoinError:
            continue
    return SignatureCheck(False, signature, _(
        "This signature is not your node's: over the message above it was made by node "
        "{signer}, not {node}. Sign with the node whose key you entered (or correct the key), "
        "using the command above exactly as copied.").format(signer=short_key(signer),
                                                            node=short_key(node)))


@dataclass
class LightningProof:
    """The lightning branch's data: the node key as typed, the pasted signature and its check,
    and the messages of the challenges this session renewed (to name an outdated signature)."""

    node_pubkey: str = ""
    pasted: str = ""
    check: SignatureCheck = SignatureCheck(False, "", "")
    earlier_messages: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The key as sent: trimmed, lower case."""
        return self.node_pubkey.strip().lower()

    @property
    def key_problem(self) -> str:
        return node_key_problem(self.node_pubkey)

    @property
    def signature(self) -> str:
        """The verified signature, or ""."""
        return self.check.signature if self.check.ok else ""

    def set_node_pubkey(self, text: str) -> str:
        """Another key drops the signature (it was by the other key); answers the problem."""
        if text.strip().lower() != self.key:
            self.forget_signature()
        self.node_pubkey = text
        return self.key_problem

    def paste(self, text: str, message: str) -> SignatureCheck:
        self.pasted = text
        if self.key_problem:
            self.check = SignatureCheck(False, read_signature(text), _(
                "Enter a valid node key first (previous page)."))
        else:
            self.check = check_signature(self.key, message, text,
                                         tuple(self.earlier_messages))
        return self.check

    def forget_signature(self) -> None:
        self.pasted, self.check = "", SignatureCheck(False, "", "")

    def challenge_renewed(self, old_message: str) -> None:
        if old_message:
            self.earlier_messages.append(old_message)
        self.forget_signature()

    def payout_request(self, message: str) -> LightningPayoutRequest:
        return LightningPayoutRequest(node_pubkey=self.key, message=message,
                                      signature=self.signature)

    def review_rows(self, message: str) -> list[tuple[str, str]]:
        return [
            (_("Bitcoin goes to"), _("lightning node {key}").format(key=self.key)),
            (_("Payout of each purchase"), _("over lightning (beta): by invoice, or by opening "
                                             "a channel to your node, chosen when it is bought")),
            (_("Signed message"), message),
            (_("Signature"), self.signature),
        ]
