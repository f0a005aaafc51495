"""The relay's tables (migration 3): the feed's cursor per environment and relay URL, and the
deliveries refused, kept as served, each moving the cursor in the same step."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pocketgui.store import Store
from pocketgui.store.schema import MIGRATIONS, migrate

A, B = "https://relay-a.example", "https://relay-b.example"


def test_a_version_2_file_gains_the_relay_tables_and_keeps_its_orders(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    raw = sqlite3.connect(path, isolation_level=None)
    assert migrate(raw, MIGRATIONS[:2]) == 2
    raw.execute("INSERT INTO orders VALUES ('o1','staging','{}',NULL,NULL,NULL,'regtest','t','t')")
    raw.close()
    with Store(path) as store:
        assert store.schema_version == 3 and [o.id for o in store.orders()] == ["o1"]
        assert store.relay_cursor("staging", A) == 0 and store.relay_refusals("staging", A) == []


def test_each_relay_of_each_environment_has_its_own_cursor(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        store.save_relay_cursor("staging", A, 7)
        store.save_relay_cursor("staging", A, 9)
        store.save_relay_cursor("production", A, 3)
        assert (store.relay_cursor("staging", A), store.relay_cursor("production", A),
                store.relay_cursor("staging", B)) == (9, 3, 0)
    with Store(tmp_path / "s.sqlite3") as again:  # after a restart
        assert again.relay_cursor("staging", A) == 9


def test_a_refused_delivery_is_kept_as_served_and_moves_the_cursor(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        store.save_relay_cursor("staging", A, 4)
        store.refuse_relay_delivery("staging", A, 5, "invalid_signature", forged=True,
                                    headers='{"x-signature-256":"sha256=00"}', body=b"\x00{}")
        assert store.relay_cursor("staging", A) == 5
        [refusal] = store.relay_refusals("staging", A)
        assert (refusal.seq, refusal.reason, refusal.forged, refusal.body) == (
            5, "invalid_signature", True, b"\x00{}")
        assert store.relay_refusals("staging", B) == []
