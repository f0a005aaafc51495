"""Message signing with the address's own script type, for the families whose firmware takes it.

HWI's `signmessage` asks every device for the key's legacy (P2PKH) signature: a Trezor One
then warns "Wrong address path for selected coin" at an 84h/49h path and shows the key's
legacy address, not the one the app proves; a Coldcard signs for the legacy address too. Their
own libraries, which HWI bundles, take the script type, so here the same HWI client object is
used one level down:
- Trezor and KeepKey: trezorlib's `btc.sign_message(..., script_type=…)` (SignMessage field 4 in
  both firmwares' protocols; a KeepKey shows only the message either way);
- Coldcard: ckcc-protocol's `sign_message(msg, path, addr_fmt)` with AF_P2WPKH / AF_P2WPKH_P2SH.
Every other family signs through HWI as before (families.py says what their screens show).
The BIP-137 header then says the type (39–42 native, 35–38 wrapped segwit), which
pocketgui.bitcoin.verify_message and the sandbox accept.
"""

from __future__ import annotations

import base64
import time
from typing import Any

from hwilib import commands
from hwilib.devices.ckcc.constants import AF_CLASSIC, AF_P2WPKH, AF_P2WPKH_P2SH
from hwilib.devices.ckcc.protocol import CCProtocolPacker
from hwilib.devices.coldcard import coldcard_exception
from hwilib.devices.trezor import trezor_exception
from hwilib.devices.trezorlib import btc
from hwilib.devices.trezorlib import messages as trezor_messages
from hwilib.devices.trezorlib.tools import parse_path
from hwilib.errors import DeviceFailureError
from hwilib.hwwclient import HardwareWalletClient

from pocketgui.bitcoin.networks import ScriptType

TREZOR_SCRIPT = {
    ScriptType.P2WPKH: trezor_messages.InputScriptType.SPENDWITNESS,
    ScriptType.P2SH_P2WPKH: trezor_messages.InputScriptType.SPENDP2SHWITNESS,
    ScriptType.P2PKH: trezor_messages.InputScriptType.SPENDADDRESS,
}
COLDCARD_FORMAT = {
    ScriptType.P2WPKH: AF_P2WPKH,
    ScriptType.P2SH_P2WPKH: AF_P2WPKH_P2SH,
    ScriptType.P2PKH: AF_CLASSIC,
}
COLDCARD_POLL = 0.25  # seconds between "done yet?" questions, as HWI polls


def sign_message(
    client: HardwareWalletClient, family: str, path: str, message: str, script_type: ScriptType
) -> str:
    """Base64 signature of `message` by the key at `path`, for the address of `script_type`."""
    if family in ("trezor", "keepkey"):
        return str(_trezor(client, path, message, script_type))
    if family == "coldcard":
        return str(_coldcard(client, path, message, script_type))
    return str(commands.signmessage(client, message, path)["signature"])


@trezor_exception
def _trezor(client: Any, path: str, message: str, script_type: ScriptType) -> str:
    client._check_unlocked()  # HWI's own check: a locked device raises DeviceNotReadyError
    result = btc.sign_message(
        client.client, client.coin_name, parse_path(path), message, TREZOR_SCRIPT[script_type]
    )
    return base64.b64encode(result.signature).decode("ascii")


@coldcard_exception
def _coldcard(client: Any, path: str, message: str, script_type: ScriptType) -> str:
    """HWI's ColdcardClient.sign_message with the address format as the one change."""
    device = client.device
    device.check_mitm()
    keypath = path.replace("h", "'").replace("H", "'")
    request = CCProtocolPacker.sign_message(message.encode(), keypath, COLDCARD_FORMAT[script_type])
    device.send_recv(request, timeout=None)
    if device.is_simulator:
        device.send_recv(CCProtocolPacker.sim_keypress(b"y"))
    while True:
        time.sleep(COLDCARD_POLL)
        done = device.send_recv(CCProtocolPacker.get_signed_msg(), timeout=None)
        if done is not None:
            break
    if len(done) != 2:
        raise DeviceFailureError(f"Failed: {done!r}")
    return base64.b64encode(done[1]).decode("ascii")
