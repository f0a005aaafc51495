"""Demo only: the sandbox's simulated payee node, as the person's own lightning node.

In Demo the person has no node to sign with, so the wizard offers this one: its key fills the
node page, and it signs the challenge here as `lncli signmessage` would. The signature is then
pasted and checked like any other, so the demo shows exactly what a real node's owner sees.
"""

from __future__ import annotations

from pocketgui.bitcoin.lightning import lightning_sign_message


def demo_node_pubkey() -> str:
    from pocketgui.sandbox.lightning_node import NODE_PUBKEY

    return NODE_PUBKEY


def sign_as_demo_node(message: str) -> str:
    """What `lncli signmessage "<message>"` prints as "signature" on the demo node."""
    from pocketgui.sandbox.lightning_node import PRIVATE_KEY

    return lightning_sign_message(PRIVATE_KEY, message)
