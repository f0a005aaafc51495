"""pocketgui.store: the local SQLite store (no Qt). See `repository` for what it keeps and why."""

from pocketgui.store.repository import (
    Intent,
    IntentOutcome,
    StateRecord,
    Store,
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
    "DamagedFile",
    "ForeignFile",
    "Intent",
    "IntentOutcome",
    "SchemaTooNew",
    "StateRecord",
    "Store",
    "StoreFileError",
    "StoredExchange",
    "StoredOrder",
    "WebhookDelivery",
    "default_path",
]
