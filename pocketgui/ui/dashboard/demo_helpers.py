"""`DemoHelpers`: the sandbox's test helpers the dashboard needs, Qt-free.

The demo's bank (`flow.demo_bank.DemoBank`) has transfers and blocks; the dashboard also
completes identifications and registers its webhook receiver. All are `/v1/sandbox/…` routes,
never Pocket's real ones.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from pocketgui.flow.demo_bank import DemoBank


class DemoHelpers(DemoBank):
    def complete_identification(self, identification_id: str) -> list[str]:
        """Pocket identified the person: the exchanges it held go ahead. Answers their ids."""
        answer: Any = self._post(
            f"/v1/sandbox/identifications/{quote(identification_id, safe='')}/complete", {})
        return [str(i) for i in answer.get("exchange_ids", [])] if isinstance(answer, dict) else []

    def register_webhook(self, url: str, secret: str) -> str:
        """The sandbox will POST every exchange event of this client to `url`."""
        answer: Any = self._post("/v1/sandbox/webhooks", {"url": url, "secret": secret})
        return str(answer["id"])

    def mine_block(self) -> int:
        """One block; answers the chain's new height (the tip, for confirmations)."""
        answer: Any = self.mine(1)
        return int(answer["height"])
