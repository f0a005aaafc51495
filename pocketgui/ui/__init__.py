"""pocketgui.ui: the PySide6 desktop app, the only package that imports Qt.

Kept import-light on purpose: `python -m pocketgui.ui.app` must paint its first window before
anything heavy (httpx, embit, hwilib, qrcode) is imported.
"""
