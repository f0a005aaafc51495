"""What can go wrong when the app asks the blockchain, as typed errors a person can act on.

    ChainError                  every chain failure; str() is a sentence fit for the dashboard
    ├── SourceUnreachable       nothing answered (wrong host or port, server down, no network)
    ├── TlsFailure              the TLS handshake failed (plain TCP server, bad certificate)
    ├── WrongNetwork            the server follows another chain than the orders' network
    ├── BadAnswer               the server answered something that is not what the protocol says
    └── CannotWatch             an order whose wallet cannot be described (nothing was asked)

BDK's own exceptions are translated in one place (`translate`), by their type, never by their
text (a TLS failure is told apart from a server that is down by connecting without TLS: see
`ElectrumSource.connect`). Nothing persisted is touched when one of these is raised: a wallet
applies and persists an update only after the whole scan succeeded.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pocketgui.i18n.catalog import _


class ChainError(Exception):
    """A chain failure; the message is a sentence a person can act on."""


class SourceUnreachable(ChainError):
    pass


class TlsFailure(ChainError):
    pass


class WrongNetwork(ChainError):
    pass


class BadAnswer(ChainError):
    pass


class CannotWatch(ChainError):
    pass


def _bdk_error(name: str) -> tuple[type[BaseException], ...]:
    import bdkpython as bdk

    found = getattr(bdk, name, None)
    return (found,) if isinstance(found, type) and issubclass(found, BaseException) else ()


def _classify(exc: BaseException, where: str) -> ChainError:
    """One BDK exception → our error, by its variant's class name (uniffi nests variants)."""
    import bdkpython as bdk

    kind = type(exc).__name__
    if isinstance(exc, _bdk_error("CannotConnectError")):
        return WrongNetwork(_(
            "{server} follows a chain that does not connect to the one this wallet saw before "
            "(another network, or the server was reset). Check the server's network in Settings."
        ).format(server=where))
    if isinstance(exc, bdk.ElectrumError):
        if kind in {"Json", "Hex", "Protocol", "Bitcoin", "InvalidResponse"}:
            return BadAnswer(_("{server} answered something that is not Electrum protocol "
                               "({kind}). Check that the address points to an Electrum "
                               "server.").format(server=where, kind=kind))
        if kind in {"InvalidDnsNameError", "MissingDomain"}:
            return TlsFailure(_("{server}: TLS needs a host name, not an IP address. Turn TLS "
                                "off for a server on your own network, or use its "
                                "name.").format(server=where))
        return SourceUnreachable(_("{server} does not answer. Check the host and port, and "
                                   "that the server is running.").format(server=where))
    if isinstance(exc, bdk.EsploraError):
        if kind in {"Minreq"}:
            return SourceUnreachable(_("{server} does not answer. Check the URL and that the "
                                       "server is running.").format(server=where))
        if kind in {"HttpResponse", "StatusCode", "TransactionNotFound", "HeaderHeightNotFound",
                    "HeaderHashNotFound"}:
            return BadAnswer(_("{server} refused a request ({kind}). Check that the URL points "
                               "to an Esplora API (it usually ends in /api).").format(
                server=where, kind=kind))
        return BadAnswer(_("{server} answered something that is not Esplora's API "
                           "({kind}).").format(server=where, kind=kind))
    return BadAnswer(_("{server} could not be read ({kind}).").format(server=where, kind=kind))


@contextmanager
def translate(where: str) -> Iterator[None]:
    """Run BDK calls; their exceptions leave as ChainError (`where` names the server)."""
    import bdkpython as bdk

    bdk_errors: tuple[type[BaseException], ...] = (
        bdk.ElectrumError, bdk.EsploraError, *_bdk_error("CannotConnectError"),
        *_bdk_error("InternalError"),
    )
    try:
        yield
    except ChainError:
        raise
    except bdk_errors as exc:
        raise _classify(exc, where) from exc
