"""Work around PySide6 6.12.0 on CPython 3.11: every void Qt method drops a reference to None.

Measured here: 100 calls of `QLabel.setText` lower `sys.getrefcount(None)` by 100 with
PySide6-Essentials 6.12.0 (6.11.3 does not). From Python 3.12 on None is immortal and nothing
happens; on 3.11 None starts with ≈5,000 references, so after a few thousand calls
(one QR code painted module by module is enough) the interpreter aborts with
"Fatal Python error: none_dealloc". The real fix is a PySide6 release without the bug
(or pinning PySide6-Essentials below 6.12); until then `protect()` detects the leak and makes
None effectively immortal, as CPython 3.12 does, by raising its reference count far out of reach.
"""

from __future__ import annotations

import sys

IMMORTAL = 1 << 60  # ≈1e18 references: decades of leaked decrements at any call rate


def leaks_none() -> bool:
    """True when void Qt calls lower None's reference count (needs PySide6 imported)."""
    from PySide6.QtCore import QTimer

    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(20):
        timer.setInterval(1)  # a void method
    return sys.getrefcount(None) < before - 10


def protect() -> bool:
    """Make None immortal if this PySide6 leaks it; returns whether it had to."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    if hasattr(sys, "getobjects") or not leaks_none():  # a Py_TRACE_REFS build lays out differently
        return False
    import ctypes

    ctypes.c_ssize_t.from_address(id(None)).value = IMMORTAL  # ob_refcnt is the first field
    return True
