"""`pocketgui-sandbox`: run the sandbox until interrupted; prints its URL when it listens."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from decimal import Decimal, InvalidOperation
from pathlib import Path

from platformdirs import user_data_dir

from pocketgui.bitcoin.networks import Network
from pocketgui.sandbox.config import WEBHOOK_SHAPES, SandboxConfig, WebhookTarget
from pocketgui.sandbox.server import SandboxServer


def _webhook(text: str) -> WebhookTarget:
    url, separator, secret = text.rpartition("=")
    if not separator or not url or not secret:
        raise argparse.ArgumentTypeError("expected URL=SECRET")
    return WebhookTarget(url, secret)


def _amount(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise argparse.ArgumentTypeError(f"not an amount: {text}") from exc
    if not value.is_finite() or value < 0:
        raise argparse.ArgumentTypeError(f"not an amount: {text}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text}") from exc
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text}")
    return value


def default_db_path() -> str:
    directory = Path(user_data_dir("pocketgui"))
    directory.mkdir(parents=True, exist_ok=True)
    return str(directory / "sandbox.sqlite3")


def parse_args(argv: list[str] | None) -> SandboxConfig:
    parser = argparse.ArgumentParser(
        prog="pocketgui-sandbox", description="A local Pocket API v1 with test helpers."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument(
        "--electrum-port",
        type=int,
        default=None,
        metavar="PORT",
        help="also serve the chain over the Electrum protocol on this port (0: any free port)",
    )
    parser.add_argument(
        "--db",
        metavar="PATH|:memory:",
        default=None,
        help="SQLite file (default: in the user data directory)",
    )
    parser.add_argument("--network", choices=[n.value for n in Network], default="regtest")
    parser.add_argument(
        "--client-id",
        action="append",
        default=[],
        dest="client_ids",
        help="accept only these client ids (repeatable; default: any)",
    )
    parser.add_argument(
        "--webhook",
        action="append",
        default=[],
        type=_webhook,
        metavar="URL=SECRET",
        help="receives every client's events (repeatable)",
    )
    parser.add_argument(
        "--webhook-shape",
        choices=WEBHOOK_SHAPES,
        default="reference",
        help="event bodies as the API reference shows them (default) or as Pocket's published "
        "examples (action {code: identify, url}, welcomeReward)",
    )
    parser.add_argument("--retry-base", type=_seconds, default=300.0, metavar="SECONDS")
    parser.add_argument("--identification-threshold", type=_amount, default=Decimal("1000.00"))
    parser.add_argument("--max-transfer", type=_amount, default=Decimal("5000.00"))
    parser.add_argument(
        "--settle-delay",
        type=_seconds,
        default=0.0,
        metavar="SECONDS",
        help="seconds from execution to settlement (default 0: at once)",
    )
    args = parser.parse_args(argv)
    return SandboxConfig(
        network=Network(args.network),
        db_path=args.db or default_db_path(),
        host=args.host,
        port=args.port,
        electrum_port=args.electrum_port,
        client_ids=tuple(args.client_ids),
        webhooks=tuple(args.webhook),
        webhook_shape=args.webhook_shape,
        retry_base=args.retry_base,
        identification_threshold=args.identification_threshold,
        max_transfer=args.max_transfer,
        settle_delay=args.settle_delay,
    )


def main(argv: list[str] | None = None) -> int:
    config = parse_args(sys.argv[1:] if argv is None else argv)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        server = SandboxServer(config).start()
    except (OSError, RuntimeError) as exc:
        print(f"pocketgui-sandbox: cannot start: {exc}", file=sys.stderr)
        return 1
    print(f"Pocket sandbox ({config.network.value}) listening on {server.url}", flush=True)
    print(f"Esplora API: {server.esplora_url}", flush=True)
    if server.electrum_url is not None:
        print(f"Electrum server: {server.electrum_url}", flush=True)
    try:
        while not stopping.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
