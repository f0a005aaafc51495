"""pocketgui.ui: the PySide6 desktop app, the only package that imports Qt.

Kept import-light on purpose: `python -m pocketgui.ui.app` must paint its first window before
anything heavy (httpx, embit, hwilib, qrcode) is imported.

Importing it first protects the interpreter from the PySide6 6.12 reference leak on None (see
`none_refcount`), so the app, the tests and any script that drives the ui are all covered.
"""

from pocketgui.ui.none_refcount import protect as _protect

_protect()
