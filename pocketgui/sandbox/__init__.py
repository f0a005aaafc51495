"""pocketgui.sandbox — a local, faithful Pocket API v1 with test helpers (like Stripe's test mode).

`SandboxServer(SandboxConfig(...))` runs it in-process; `pocketgui-sandbox` runs it from the
shell. Its regtest chain (`pocketgui.sandbox.chain`) is served at `server.esplora_url` and, with
`electrum_port`, at `server.electrum_url`. Imports only pocketgui.bitcoin and pocketgui.formats
(and embit, schwifty, stdnum): the same verification the client runs (a contract in pyproject).
"""

from pocketgui.sandbox.config import SandboxConfig, WebhookTarget
from pocketgui.sandbox.server import SandboxServer

__all__ = ["SandboxConfig", "SandboxServer", "WebhookTarget"]
