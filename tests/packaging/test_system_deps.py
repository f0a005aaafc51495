"""packaging/system-deps.sh on a fresh machine: what `make run` needs for Qt's X11 plugin.

The script asks the dynamic linker (`ldconfig -p`, `ldd`) and `id`; here those three answer
as a fresh Debian 12 without root would (a shell stand-in for each on PATH), and the script
itself runs for real.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.packaging.conftest import ROOT

SCRIPT = ROOT / "packaging" / "system-deps.sh"
# a fresh Debian 12 desktop: the X11 core libraries, not the xcb helper libraries Qt links
FRESH_LDCONFIG = """libusb-1.0.so.0 libEGL.so.1 libGL.so.1 libxkbcommon.so.0 libfontconfig.so.1
libglib-2.0.so.0 libdbus-1.so.3 libxcb.so.1 libX11.so.6 libxcb-cursor.so.0 libxcb-image.so.0
libxcb-randr.so.0 libxcb-render-util.so.0 libxcb-shape.so.0 libxcb-xkb.so.1
libxkbcommon-x11.so.0"""


def run_fresh(tmp_path: Path, ldd_not_found: str = "") -> subprocess.CompletedProcess[str]:
    shims = tmp_path / "bin"
    shims.mkdir()
    listing = "\n".join(f"\t{so} (libc6,x86-64) => /lib/{so}" for so in FRESH_LDCONFIG.split())
    (shims / "ldconfig").write_text(f"#!/bin/sh\ncat <<'END'\n{listing}\nEND\n")
    (shims / "id").write_text("#!/bin/sh\necho 1000\n")
    not_found = "".join(f"\t{so} => not found\n" for so in ldd_not_found.split())
    (shims / "ldd").write_text(f"#!/bin/sh\nprintf '%b' '{not_found}'\n")
    for shim in shims.iterdir():
        shim.chmod(0o755)
    qt = tmp_path / "clone" / ".venv" / "lib" / "python3.11" / "site-packages" / "PySide6" / "Qt"
    (qt / "plugins" / "platforms").mkdir(parents=True)
    (qt / "plugins" / "platforms" / "libqxcb.so").write_bytes(b"\x7fELF")
    env = dict(os.environ, PATH=f"{shims}:{os.environ['PATH']}")
    return subprocess.run(["bash", str(SCRIPT)], cwd=tmp_path / "clone", env=env,
                          capture_output=True, text=True)


@pytest.mark.skipif(os.uname().sysname != "Linux", reason="Debian packages: Linux only")
def test_make_run_names_the_xcb_libraries_a_fresh_debian_lacks(tmp_path: Path) -> None:
    done = run_fresh(tmp_path)
    assert done.returncode == 1
    assert "libxcb-icccm4" in done.stderr and "libxcb-keysyms1" in done.stderr
    assert "sudo apt-get install" in done.stderr
    assert "libxcb-randr0" not in done.stderr  # present: not asked for


@pytest.mark.skipif(os.uname().sysname != "Linux", reason="Debian packages: Linux only")
def test_a_library_the_plugin_cannot_find_is_named_by_debians_rule(tmp_path: Path) -> None:
    """What the installed Qt's plugin links is read with ldd, so a library a newer PySide6 adds
    is named too: libfoo.so.N → libfooN, libfoo1.so.N → libfoo1-N."""
    done = run_fresh(tmp_path, "libxcb-cursor2.so.0 libxcb-ewmh.so.2")
    assert done.returncode == 1
    assert "libxcb-cursor2-0" in done.stderr and "libxcb-ewmh2" in done.stderr
