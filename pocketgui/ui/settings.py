"""Settings in the user config directory, and the client id in the OS keyring.

`settings.json` (platformdirs' user config dir) keeps the environment last used and the staging
URL: nothing secret. A client id is a credential, so it goes to the OS keyring (service
"pocketgui", user = environment name). Where no keyring backend exists (keyring's fail or null
backend) the app says so and keeps the id for this session only, in memory.

Read at start-up before the first paint, so only `json` and `platformdirs` are imported here;
`keyring` loads on first use of the vault.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import platformdirs

SERVICE = "pocketgui"


def config_dir() -> Path:
    return platformdirs.user_config_path("pocketgui", appauthor=False)


def data_dir() -> Path:
    return platformdirs.user_data_path("pocketgui", appauthor=False)


@dataclass
class Settings:
    mode: str = ""  # "": never chosen → Demo unless a client id was saved
    staging_url: str = ""
    saved_client_ids: tuple[str, ...] = ()  # environments whose id is in the keyring

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or config_dir() / "settings.json"
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        ids = data.get("saved_client_ids", ())
        return cls(mode=str(data.get("mode", "")), staging_url=str(data.get("staging_url", "")),
                   saved_client_ids=tuple(str(i) for i in ids) if isinstance(ids, list) else ())

    def save(self, path: Path | None = None) -> None:
        path = path or config_dir() / "settings.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        data = asdict(self)
        data["saved_client_ids"] = list(self.saved_client_ids)
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(tmp, path)

    def default_mode(self) -> str:
        """Demo when nothing is configured; else what was used last."""
        if self.mode:
            return self.mode
        return self.saved_client_ids[0] if self.saved_client_ids else "demo"


class ClientIdVault:
    """The client ids: in the keyring when there is one, else in memory for this session."""

    def __init__(self) -> None:
        self._session: dict[str, str] = {}

    @staticmethod
    def has_keyring() -> bool:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        name = type(backend).__module__
        return not isinstance(backend, fail.Keyring) and not name.endswith("null")

    def get(self, environment: str) -> str:
        if environment in self._session:
            return self._session[environment]
        if not self.has_keyring():
            return ""
        import keyring

        return keyring.get_password(SERVICE, environment) or ""

    def set(self, environment: str, client_id: str) -> bool:
        """True when it was kept in the keyring, False when only for this session."""
        self._session[environment] = client_id
        if not self.has_keyring():
            return False
        import keyring

        keyring.set_password(SERVICE, environment, client_id)
        return True
