"""`pocketgui-devsim`: run the simulated Trezor until Ctrl-C, showing its screen on stdout.

The person at the terminal is the person at the device: what the device would show (the
address, the message to sign, the scrambled PIN keypad) is printed, and confirmations are
given as --person says (confirm, reject, or wait N seconds).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from pocketgui.devices.simulator.keys import DEFAULT_MNEMONIC
from pocketgui.devices.simulator.person import Screen
from pocketgui.devices.simulator.server import DEFAULT_HOST, DEFAULT_PORT, SimulatedTrezor


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pocketgui-devsim", description=__doc__.splitlines()[0])
    p.add_argument("--host", default=DEFAULT_HOST)
    p.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"UDP port (debug link on PORT+1); HWI only probes {DEFAULT_PORT}; 0 = any free",
    )
    p.add_argument(
        "--mnemonic", default=DEFAULT_MNEMONIC, help="BIP-39 words (default: the test mnemonic)"
    )
    p.add_argument("--pin", default=None, help="lock the device with this PIN (digits 1-9)")
    p.add_argument(
        "--passphrase",
        nargs="?",
        const="",
        default=None,
        help="turn on passphrase protection (optionally: the passphrase you will use)",
    )
    p.add_argument("--label", default="pocketgui simulator")
    p.add_argument(
        "--person",
        default="confirm",
        help="what the person does on every confirmation: confirm | reject | SECONDS",
    )
    return p


def _show(screen: Screen) -> None:
    if screen.title == "PIN":
        rows = [screen.text[6:9], screen.text[3:6], screen.text[0:3]]
        print("Device asks for the PIN. Keypad (type the positions 7 8 9 / 4 5 6 / 1 2 3):")
        for row in rows:
            print("    " + " ".join(row))
    else:
        print(f"Device shows [{screen.title}]: {screen.text}")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        sim = SimulatedTrezor(
            args.port,
            args.mnemonic,
            args.pin,
            args.passphrase,
            host=args.host,
            label=args.label,
            on_screen=_show,
        )
    except ValueError as exc:
        print(f"pocketgui-devsim: {exc}", file=sys.stderr)
        return 2
    if args.person == "reject":
        sim.person.reject()
    elif args.person != "confirm":
        try:
            sim.person.wait(float(args.person))
        except ValueError:
            print(
                "pocketgui-devsim: --person is confirm, reject or a number of seconds",
                file=sys.stderr,
            )
            return 2
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())  # before anyone can know we run
    try:
        sim.start()
    except OSError as exc:
        print(f"pocketgui-devsim: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    print(
        f"Simulated Trezor (model {sim.firmware.config.model}) at {sim.path}, "
        f"fingerprint {sim.fingerprint()}. Ctrl-C stops it.",
        flush=True,
    )
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
