"""The Windows .exe's version resource (Properties → Details), built from pyproject's version.

Imported by packaging/pocketgui.spec on Windows only: PyInstaller's versioninfo classes are
plain Python, but a version resource means nothing elsewhere.
"""

from __future__ import annotations

from typing import Any


def version_info(version: str) -> Any:
    from PyInstaller.utils.win32.versioninfo import (  # type: ignore[import-untyped]
        FixedFileInfo,
        StringFileInfo,
        StringStruct,
        StringTable,
        VarFileInfo,
        VarStruct,
        VSVersionInfo,
    )

    digits = [int(part) if part.isdigit() else 0 for part in version.split(".")[:4]]
    numbers = tuple(digits + [0] * (4 - len(digits)))
    strings = [
        StringStruct("CompanyName", "pocketgui"),
        StringStruct("FileDescription", "Pocket: buy bitcoin to your hardware wallet"),
        StringStruct("FileVersion", version),
        StringStruct("InternalName", "pocketgui"),
        StringStruct("LegalCopyright", "MIT licensed"),
        StringStruct("OriginalFilename", "pocketgui.exe"),
        StringStruct("ProductName", "pocketgui"),
        StringStruct("ProductVersion", version),
    ]
    return VSVersionInfo(
        ffi=FixedFileInfo(filevers=numbers, prodvers=numbers),
        kids=[StringFileInfo([StringTable("040904B0", strings)]),
              VarFileInfo([VarStruct("Translation", [0x0409, 1200])])],
    )
