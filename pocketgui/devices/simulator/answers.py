"""What the firmware answers to a seed request once it is unlocked: keys, addresses, signatures.

Pure: the request and the master key in, the answer out — with the screens the person must
confirm first, in order (an address with show_display, every message signature). The screens
are the Trezor One firmware's (legacy/firmware/fsm_msg_coin.h): a path that does not match the
script type and coin first shows "Wrong address path for selected coin. Continue at your own
risk!" (ButtonRequest UnknownDerivationPath); SignMessage then shows "Confirm address? Message
signed by:" with the address of the requested script type, then the message.
"""

from __future__ import annotations

from dataclasses import dataclass

from embit import bip32
from hwilib.devices.trezorlib import messages as m

from pocketgui.devices.simulator import keys
from pocketgui.devices.simulator.person import Screen
from pocketgui.devices.simulator.wire import Message

Step = tuple[m.ButtonRequestType, Screen]
PATH_WARNING = Screen("Wrong address path", "for selected coin. Continue at your own risk!")
SIGNED_BY = "Message signed by"  # the title over the address on the signing screen


@dataclass(frozen=True)
class Answer:
    result: Message
    confirm: tuple[Step, ...] = ()  # shown before the result, in order


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
        path = list(request.address_n)
        if isinstance(request, m.GetAddress):
            address = keys.address(node, coin, script_type)
            if not request.show_display:
                return Answer(m.Address(address=address))
            shown = (m.ButtonRequestType.Address, Screen("Address", address))
            steps = (*_path_check(coin, script_type, path), shown)
            return Answer(m.Address(address=address), steps)
        message = bytes(request.message)
        address = keys.address(node, coin, script_type)
        signature = keys.sign_message(node, message, script_type, bool(request.no_script_type))
        text = message.decode("utf-8", errors="replace")
        steps = (
            *_path_check(coin, script_type, path),
            (m.ButtonRequestType.Other, Screen(SIGNED_BY, address)),
            (m.ButtonRequestType.Other, Screen("Sign message", text)),
        )
        return Answer(m.MessageSignature(address=address, signature=signature), steps)
    except (keys.UnknownCoin, keys.UnsupportedScript, keys.ForbiddenPath) as exc:
        return Answer(failure(m.FailureType.DataError, str(exc)))


def _path_check(coin: keys.Coin, script_type: int, path: list[int]) -> tuple[Step, ...]:
    """The firmware's path warning, when the path does not fit the script type and coin."""
    if keys.path_matches(coin, script_type, path):
        return ()
    return ((m.ButtonRequestType.UnknownDerivationPath, PATH_WARNING),)


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
    return Answer(result, (screen,) if request.show_display else ())
