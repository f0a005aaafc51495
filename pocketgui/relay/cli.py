"""`pocketgui-relay`: run the relay until SIGTERM or Ctrl-C; prints its URLs when it listens.

The two secrets come from the environment or from files, never from the command line (any
user on the machine can read a command line in `ps`).
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import signal
import sqlite3
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from pocketgui.relay.config import MIB, RelayConfig
from pocketgui.relay.server import RelayServer

SECRET_ENV = "POCKETGUI_RELAY_WEBHOOK_SECRET"
TOKEN_ENV = "POCKETGUI_RELAY_TOKEN"
MIN_TOKEN_LENGTH = 16


class CannotStart(Exception):
    """A plain sentence for the person starting the relay."""


def _positive(kind: type[int] | type[float]) -> Callable[[str], int | float]:
    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"not a number: {text}") from exc
        if not value > 0:
            raise argparse.ArgumentTypeError(f"must be more than 0: {text}")
        return value

    return parse


def _address(text: str) -> str:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an IP address: {text}") from exc


def default_db_path() -> str:
    from platformdirs import user_data_dir  # only when no --db is given

    directory = Path(user_data_dir("pocketgui"))
    directory.mkdir(parents=True, exist_ok=True)
    return str(directory / "relay.sqlite3")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pocketgui-relay",
        allow_abbrev=False,  # `--webhook-secret VALUE` must not pass as --webhook-secret-file
        description="Receive Pocket's webhooks on an always-on machine and serve them to "
        f"pocketgui. Secrets: {SECRET_ENV} and {TOKEN_ENV}, or the --*-file options.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8787)
    parser.add_argument("--db", metavar="PATH", default=None,
                        help="SQLite file (default: relay.sqlite3 in the user data directory)")
    parser.add_argument("--retention-days", type=_positive(float), default=90.0)
    parser.add_argument("--max-body", type=_positive(int), default=MIB, metavar="BYTES")
    parser.add_argument("--max-connections", type=_positive(int), default=32)
    parser.add_argument("--tls-cert", metavar="PEM", default=None)
    parser.add_argument("--tls-key", metavar="PEM", default=None)
    parser.add_argument("--trusted-proxy", action="append", default=[], type=_address,
                        metavar="ADDRESS", dest="trusted_proxies",
                        help="a reverse proxy whose X-Forwarded-For names the client "
                        "(repeatable; e.g. 127.0.0.1)")
    parser.add_argument("--webhook-secret-file", metavar="PATH", default=None,
                        help=f"file holding the webhook secret (else ${SECRET_ENV})")
    parser.add_argument("--token-file", metavar="PATH", default=None,
                        help=f"file holding the desktop's feed token (else ${TOKEN_ENV})")
    parser.add_argument("--log-level", default="INFO",
                        choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    return parser


def _secret(path: str | None, env_name: str, env: Mapping[str, str], what: str) -> str:
    if path is not None:
        try:
            value = Path(path).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise CannotStart(f"the {what} file {path} cannot be read ({exc}).") from exc
        if not value:
            raise CannotStart(f"the {what} file {path} is empty.")
        return value
    value = env.get(env_name, "").strip()
    if not value:
        raise CannotStart(f"no {what}: set {env_name} or give its file.")
    return value


def config_from(argv: list[str], env: Mapping[str, str]) -> tuple[RelayConfig, str]:
    """The relay's settings and the log level, or CannotStart."""
    args = build_parser().parse_args(argv)
    secret = _secret(args.webhook_secret_file, SECRET_ENV, env, "webhook secret")
    token = _secret(args.token_file, TOKEN_ENV, env, "feed token")
    if len(token) < MIN_TOKEN_LENGTH:
        raise CannotStart(f"the feed token is shorter than {MIN_TOKEN_LENGTH} characters; "
                          "make one with: openssl rand -hex 32")
    if (args.tls_cert is None) != (args.tls_key is None):
        raise CannotStart("TLS needs both --tls-cert and --tls-key.")
    config = RelayConfig(
        webhook_secret=secret,
        token=token,
        db_path=args.db or default_db_path(),
        host=args.host,
        port=args.port,
        retention_days=args.retention_days,
        max_body=args.max_body,
        max_connections=args.max_connections,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
        trusted_proxies=tuple(args.trusted_proxies),
    )
    return config, str(args.log_level)


def main(argv: list[str] | None = None) -> int:
    try:
        config, level = config_from(sys.argv[1:] if argv is None else argv, os.environ)
    except CannotStart as exc:
        print(f"pocketgui-relay: cannot start: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        server = RelayServer(config).start()
    except (OSError, ValueError, sqlite3.Error) as exc:  # ssl.SSLError is an OSError
        print(f"pocketgui-relay: cannot start: {exc}", file=sys.stderr)
        return 1
    print(f"pocketgui-relay listening on {server.url} "
          f"(Pocket's webhook URL: {server.webhook_url})", flush=True)
    stopping = threading.Event()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signal_number, lambda *_: stopping.set())
    try:
        stopping.wait()  # POSIX: a signal's handler runs while the main thread waits here
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
