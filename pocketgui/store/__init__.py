"""pocketgui.store: the local SQLite store (no Qt). See `repository` for what it keeps and why."""

from pocketgui.store.repository import (
    ChainPayoutRow,
    ChainStatus,
    Intent,
    IntentOutcome,
    RelayRefusal,
    StateRecord,
    Store,
    StoredChainPayout,
    StoredExchange,
    StoredOrder,
    WebhookDelivery,
    default_path,
)
from pocketgui.store.schema import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    DamagedFile,
    ForeignFile,
    SchemaTooNew,
    StoreFileError,
)

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "ChainPayoutRow",
    "ChainStatus",
    "DamagedFile",
    "ForeignFile",
    "Intent",
    "IntentOutcome",
    "RelayRefusal",
    "SchemaTooNew",
    "StateRecord",
    "Store",
    "StoreFileError",
    "StoredChainPayout",
    "StoredExchange",
    "StoredOrder",
    "WebhookDelivery",
    "default_path",
]
