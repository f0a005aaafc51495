"""Qt's own words (a file dialog's buttons, a text field's Copy and Paste, standard dialog
buttons) in the app's language.

The app's texts come from its gettext catalog (docs/i18n.md); the words Qt draws itself come
only from Qt's catalogs, which PySide6 ships as `qtbase_<language>.qm`. Without one, a German
window would offer an English "Save" in its file dialogs.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

QT_CATALOG = "qtbase"


def qt_catalog_folders() -> list[Path]:
    """Where Qt's catalogs are: Qt's own idea, then PySide6's folder (the bundle keeps them
    there and has no qt.conf saying so)."""
    import PySide6

    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
               Path(PySide6.__file__).parent / "Qt" / "translations"]
    return [folder for index, folder in enumerate(folders) if folder not in folders[:index]]


def install_qt_translations(app: QCoreApplication, language: str) -> QTranslator | None:
    """Install Qt's catalog for `language` on `app`; None for English (Qt's source language)
    or when no catalog for it is found (Qt's words then stay English, nothing fails)."""
    if language in ("", "en"):
        return None
    translator = QTranslator(app)
    for folder in qt_catalog_folders():
        if translator.load(f"{QT_CATALOG}_{language}", str(folder)):
            app.installTranslator(translator)
            return translator
    translator.deleteLater()
    return None
