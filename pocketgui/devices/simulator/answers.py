"""What the firmware answers to a seed request once it is unlocked: keys, addresses, signatures.

Pure: the request and the master key in, the answer out — with the screen the person must
confirm first, if any (an address with show_display, every message signature).
"""

from __future__ import annotations

from dataclasses import dataclass

from embit import bip32
from hwilib.devices.trezorlib import messages as m

from pocketgui.devices.simulator import keys
from pocketgui.devices.simulator.person import Screen
from pocketgui.devices.simulator.wire import Message


@dataclass(frozen=True)
class Answer:
    result: Message
    confirm: tuple[m.ButtonRequestType, Screen] | None = None  # shown before the result


def failure(code: m.FailureType, text: str) -> Message:
    return m.Failure(code=code, message=text)


def answer(request: Message, root: bip32.HDKey) -> Answer:
    """Answer GetPublicKey, GetAddress or SignMessage with the keys below `root`."""
    if isinstance(request, m.GetPublicKey) and request.ecdsa_curve_name not in (None, "secp256k1"):
        return Answer(failure(m.FailureType.DataError, "Unsupported curve"))
    if isinstance(request, m.GetAddress) and request.multisig is not None:
        return Answer(failure(m.FailureType.DataError, "Multisig is not simulated"))
    try:
        coin = keys.coin(request.coin_name)
        node = keys.derive(root, list(request.address_n))
        script_type = request.script_type or keys.SPENDADDRESS
        if isinstance(request, m.GetPublicKey):
            return _public_key(request, root, coin, node, script_type)
        if isinstance(request, m.GetAddress):
            address = keys.address(node, coin, script_type)
            screen = (m.ButtonRequestType.Address, Screen("Address", address))
            return Answer(m.Address(address=address), screen if request.show_display else None)
        message = bytes(request.message)
        signature = keys.sign_message(node, message, script_type, bool(request.no_script_type))
        result = m.MessageSignature(
            address=keys.address(node, coin, script_type), signature=signature
        )
        text = message.decode("utf-8", errors="replace")
        return Answer(result, (m.ButtonRequestType.ProtectCall, Screen("Sign message", text)))
    except (keys.UnknownCoin, keys.UnsupportedScript) as exc:
        return Answer(failure(m.FailureType.DataError, str(exc)))


def _public_key(
    request: Message, root: bip32.HDKey, coin: keys.Coin, node: bip32.HDKey, script_type: int
) -> Answer:
    result = m.PublicKey(
        node=m.HDNodeType(
            depth=node.depth,
            fingerprint=int.from_bytes(node.fingerprint, "big"),  # the parent's
            child_num=node.child_number,
            chain_code=node.chain_code,
            public_key=node.get_public_key().sec(),
        ),
        xpub=keys.xpub(node, coin, script_type, bool(request.ignore_xpub_magic)),
        root_fingerprint=keys.fingerprint(root),
    )
    screen = (m.ButtonRequestType.PublicKey, Screen("Public key", result.xpub))
    return Answer(result, screen if request.show_display else None)
