"""packaging/ is a folder of build scripts, not a package: its modules are loaded by path."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def load(relative: str) -> ModuleType:
    """Imports packaging/<relative> under a private name (once), the way the spec does."""
    name = "_pocketgui_packaging_" + relative.replace("/", "_").removesuffix(".py")
    if name in sys.modules:
        return sys.modules[name]
    if str(PACKAGING) not in sys.path:  # make_tarball and the spec `import buildinfo`
        sys.path.insert(0, str(PACKAGING))
    spec = importlib.util.spec_from_file_location(name, PACKAGING / relative)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
