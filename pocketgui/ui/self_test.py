"""`pocketgui --self-test`: prove that a build can do everything the app needs, without a screen.

A PyInstaller bundle only contains what its analysis found. What it misses fails late and far
from the cause: a device family's module, a native library loaded with ctypes (hidapi, libusb,
embit's libsecp256k1), a Qt plugin, the sandbox's web stack. So the bundle is run with this flag
in CI, and each check below does the real thing the app would do, one line per check:

    PASS  hwi backends     trezor keepkey ledger coldcard bitbox02 jade digitalbitbox
    ...
    self-test: 12/12 passed in 1.2 s

Exit status 0 only when every check passes. It runs offscreen unless QT_QPA_PLATFORM is set.
"""

from __future__ import annotations

import ctypes
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from pocketgui.ui.app_icon import ICON_NAME, resources_dir

# Every device family HWI supports: their modules import vendor code lazily enough that a
# bundle can build without one and fail only when that wallet is plugged in.
HWI_BACKENDS = ("trezor", "keepkey", "ledger", "coldcard", "bitbox02", "jade", "digitalbitbox")

def check_hwi_backends() -> str:
    import importlib

    for name in HWI_BACKENDS:
        importlib.import_module(f"hwilib.devices.{name}")
    return " ".join(HWI_BACKENDS)


def check_app_modules() -> str:
    """Every module of ours imports, with what it imports: the app loads many of them late (the
    warm-up after the first paint, the wizard's pages, the devices layer by name), so a module
    PyInstaller missed would otherwise only fail when a person reaches that page."""
    import importlib
    import pkgutil

    import pocketgui

    names = [info.name for info in pkgutil.walk_packages(pocketgui.__path__, "pocketgui.")
             if not info.name.endswith("__main__")]
    failed = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as error:  # report them all, not the first
            failed.append(f"{name} ({type(error).__name__}: {error})")
    if failed:
        raise RuntimeError(", ".join(failed))
    if len(names) < 20:  # the frozen importer lists modules; a short list means it did not
        raise RuntimeError(f"only {len(names)} pocketgui modules found")
    return f"{len(names)} pocketgui modules"


def check_hidapi() -> str:
    import hid  # type: ignore[import-not-found]

    hid.enumerate()  # calls into the native library: a missing symbol or .so fails here
    return f"hid {getattr(hid, '__file__', '?')}"


def loaded_library(fragment: str) -> str | None:
    """The file of a loaded shared library whose path contains `fragment` (Linux only)."""
    try:
        with open("/proc/self/maps") as maps:
            return next((line.split()[-1] for line in maps if fragment in line), None)
    except OSError:
        return None


def check_libusb() -> str:
    """A bundle carries its own libusb (the libusb1 wheel relies on the system's on Linux): it
    must be the one loaded, or the app would fail on a system without libusb."""
    import usb1  # type: ignore[import-untyped]

    version = usb1.getVersion()  # loads libusb-1.0 through ctypes
    library = loaded_library("libusb-1.0")
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle and library and not library.startswith(bundle):
        raise RuntimeError(f"libusb loaded from the system ({library}), not from the bundle")
    try:
        with usb1.USBContext() as context:
            count = sum(1 for _ in context.getDeviceIterator(skip_on_error=True))
        bus = f"{count} USB devices"
    except usb1.USBError as error:  # containers without /dev/bus/usb: the library did load
        bus = f"no USB bus here ({error})"
    return f"libusb {version.major}.{version.minor}.{version.micro} {library or ''}, {bus}"


def check_udev_rules() -> str:
    """The USB-permissions help points at the rules shipped inside hwilib: they must be there."""
    import hwilib

    from pocketgui.devices.usb_access import UDEV_FIX

    rules = sorted((Path(hwilib.__file__).resolve().parent / "udev").glob("*.rules"))
    if not rules:
        raise RuntimeError("hwilib/udev/*.rules missing: the USB help would point at nothing")
    if str(rules[0].parent) not in UDEV_FIX:
        raise RuntimeError("the USB help names another rules folder")
    return f"{len(rules)} rules files"


def check_secp256k1() -> str:
    """embit silently falls back to pure Python when its bundled library does not load: that
    works, but is a hundred times slower and not constant-time. Insist on the native one."""
    from embit.util import secp256k1

    if secp256k1.ec_pubkey_create.__module__ != "embit.util.ctypes_secp256k1":
        raise RuntimeError("embit fell back to its pure-Python secp256k1")
    from embit.util import ctypes_secp256k1

    library = ctypes_secp256k1._find_library()
    if not library or not os.path.isfile(library):
        raise RuntimeError(f"no libsecp256k1 file ({library})")
    ctypes.CDLL(library)
    return f"native {Path(library).name}"


def check_sandbox() -> str:
    import httpx

    from pocketgui.api.bounded import BoundedTransport, exchange
    from pocketgui.api.client import ANSWER_LIMIT, DEFAULT_DEADLINE
    from pocketgui.flow.demo import start_regtest_sandbox

    server = start_regtest_sandbox()
    port = server.port
    try:
        with httpx.Client(base_url=server.url, timeout=10,
                          transport=BoundedTransport(verify=False)) as http:
            answer = exchange(http, "GET", "/v1/orders/self-test", limit=ANSWER_LIMIT,
                              seconds=DEFAULT_DEADLINE,
                              headers={"Authorization": "client_id self-test"})
    finally:
        server.stop()
    text = answer.content.decode("utf-8", "replace")
    if answer.status_code != 404 or "error" not in text:
        raise RuntimeError(f"unexpected answer {answer.status_code}: {text[:200]}")
    return f"regtest on port {port}: started, answered 404, stopped"


def check_chain() -> str:
    """BDK's native library (loaded with ctypes: PyInstaller's analysis cannot see it) runs a
    watch-only wallet's full scan against the sandbox's chain over its Electrum server, and
    finds the one payment mined to the wallet's first address."""
    import tempfile
    from decimal import Decimal

    from embit import bip32, bip39
    from embit.networks import NETWORKS

    from pocketgui.bitcoin.keys import derive_address
    from pocketgui.bitcoin.networks import Network, ScriptType
    from pocketgui.chain.sources import ElectrumSource
    from pocketgui.chain.wallets import ChainWallet
    from pocketgui.chain.watcher import account_spec
    from pocketgui.devices.simulator import DEFAULT_MNEMONIC
    from pocketgui.flow.demo import start_regtest_sandbox
    from pocketgui.flow.demo_bank import DemoBank

    root = bip32.HDKey.from_seed(bip39.mnemonic_to_seed(DEFAULT_MNEMONIC))
    xpub = root.derive("m/84h/1h/0h").to_public().to_string(version=NETWORKS["regtest"]["zpub"])
    address = derive_address(xpub, "0/0", ScriptType.P2WPKH, Network.REGTEST)
    server = start_regtest_sandbox(electrum=True)
    try:
        bank = DemoBank(server.url, "self-test")
        try:
            txid = bank.pay_address(address, Decimal("0.001"))
            bank.mine(1)
        finally:
            bank.close()
        assert server.electrum_port is not None
        with tempfile.TemporaryDirectory() as directory:
            wallet = ChainWallet(account_spec(xpub, ScriptType.P2WPKH, Network.REGTEST, 5),
                                 Path(directory))
            connection = ElectrumSource("127.0.0.1", server.electrum_port, tls=False).connect()
            info = connection.check(Network.REGTEST)
            wallet.update(connection)
            payouts = wallet.payouts()
    finally:
        server.stop()
    if [(p.txid, p.address, p.confirmations(info.tip_height)) for p in payouts] != [
            (txid, address, 1)]:
        raise RuntimeError(f"the wallet saw {payouts}, not {txid} with 1 confirmation")
    library = loaded_library("libbdkffi")
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle and library and not library.startswith(bundle):
        raise RuntimeError(f"libbdkffi loaded from outside the bundle ({library})")
    return f"BDK full scan over Electrum: 1 payout, 1 confirmation; {library or 'libbdkffi'}"


def check_simulator() -> str:
    """One real HWI round trip (HWI's Trezor client over UDP) to the simulated Trezor, and the
    fingerprint it reports checked against the simulator's seed."""
    from embit import bip32, bip39

    from pocketgui.devices.hwi import HwiDevices
    from pocketgui.devices.simulator import DEFAULT_MNEMONIC, SimulatedTrezor

    expected = bip32.HDKey.from_seed(bip39.mnemonic_to_seed(DEFAULT_MNEMONIC)).my_fingerprint
    with SimulatedTrezor(port=0) as sim, HwiDevices() as devices:
        fingerprint = devices.open_path("trezor", sim.path).fingerprint()
    if fingerprint != expected.hex():
        raise RuntimeError(f"fingerprint {fingerprint}, expected {expected.hex()}")
    return f"simulated Trezor via HWI, fingerprint {fingerprint}"


def check_icon() -> str:
    """Loads the icon as PNG and SVG: proves Qt's imageformats plugins made it into the build."""
    from PySide6.QtGui import QImage

    resources = resources_dir()
    if resources is None:
        return "skipped: no resources/ folder (installed from a wheel)"
    base = resources / "icons" / "hicolor"
    for path in (base / "256x256" / "apps" / f"{ICON_NAME}.png",
                 base / "scalable" / "apps" / f"{ICON_NAME}.svg"):
        image = QImage(str(path))
        if image.isNull():
            raise RuntimeError(f"Qt cannot load {path}")
    return f"png and svg from {resources}"


def check_translations() -> str:
    """Each compiled catalog loads and Babel has its locale data: proves the .mo files and
    Babel's CLDR data made it into the build."""
    from decimal import Decimal

    from pocketgui.i18n.catalog import _, active_language, available_languages, set_language
    from pocketgui.i18n.formatting import format_number

    languages = [language for language in available_languages() if language != "en"]
    if not languages:
        raise RuntimeError("no compiled translations (pocketgui/locale/*/LC_MESSAGES/"
                           "pocketgui.mo): run make")
    before = active_language()
    try:
        for language in languages:
            set_language(language)
            if _("Next") == "Next":
                raise RuntimeError(f"the {language} catalog translates nothing")
    finally:
        set_language(before)
    amount = format_number(Decimal("1000.50"), 2, locale="de_CH")
    if amount != "1'000.50":
        raise RuntimeError(f"Babel writes 1000.50 as {amount!r} in de_CH")
    return f"catalogs {', '.join(languages)}; de_CH writes {amount}"


def check_first_page() -> str:
    """Builds the window the app shows first and paints it into an image."""
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QApplication

    from pocketgui.ui.main_window import MainWindow
    from pocketgui.ui.modes import Mode
    from pocketgui.ui.signals import AppSignals

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "pocketgui"])
    window = MainWindow(AppSignals(), Mode.DEMO)
    try:
        window.resize(window.size())
        window.ensurePolished()
        image = QImage(window.size(), QImage.Format.Format_ARGB32)
        image.fill(QColor(1, 2, 3))
        window.render(image)
        app.processEvents()
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
                   for y in range(0, image.height(), 7)}
    finally:
        window.close()
        window.deleteLater()
    if len(colours) < 3:
        raise RuntimeError("the first page rendered blank")
    return (f"{type(window).__name__} {image.width()}x{image.height()}, {len(colours)} colours, "
            f"platform {QApplication.platformName()}")


CHECKS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("hwi backends", check_hwi_backends),
    ("app modules", check_app_modules),
    ("hidapi", check_hidapi),
    ("libusb", check_libusb),
    ("udev rules", check_udev_rules),
    ("libsecp256k1", check_secp256k1),
    ("sandbox", check_sandbox),
    ("chain", check_chain),
    ("simulator", check_simulator),
    ("icon", check_icon),
    ("translations", check_translations),
    ("first page", check_first_page),
)


def run_self_test(out: Callable[[str], object] = print) -> int:
    """Runs every check, prints one line each, returns the exit status (0: all passed)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    passed = 0
    for name, check in CHECKS:
        try:
            detail = check()
        except Exception as error:  # a self-test reports every failure, whatever its kind
            out(f"FAIL  {name:16} {type(error).__name__}: {error}")
        else:
            passed += 1
            out(f"PASS  {name:16} {detail}")
    out(f"self-test: {passed}/{len(CHECKS)} passed in {time.perf_counter() - started:.1f} s")
    return 0 if passed == len(CHECKS) else 1


if __name__ == "__main__":
    raise SystemExit(run_self_test())
