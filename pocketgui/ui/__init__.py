"""pocketgui.ui: the PySide6 desktop app, the only package that imports Qt.

Kept import-light on purpose: `python -m pocketgui.ui.app` must paint its first window before
anything heavy (httpx, embit, hwilib, qrcode) is imported.

PySide6 6.12.0 releases a reference to None on every call that returns nothing, which aborts
Python 3.11 after a few thousand calls; pyproject.toml keeps PySide6 below 6.12 for that reason.
"""
