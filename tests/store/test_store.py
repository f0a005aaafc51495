"""The store: migrations, orders with local facts, exchange timelines, deduplicated webhooks."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pocketgui.store import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    DamagedFile,
    ForeignFile,
    IntentOutcome,
    SchemaTooNew,
    Store,
)
from pocketgui.store.schema import MIGRATIONS, migrate


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "pocketgui.sqlite3") as opened:
        yield opened


def test_new_file_gets_the_current_schema_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "p.sqlite3"
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_keeps_data_and_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with Store(path) as store:
        store.save_environment("sandbox", "http://127.0.0.1:1", "regtest")
    with Store(path) as store:
        assert store.environments() == {"sandbox": ("http://127.0.0.1:1", "regtest")}


def test_a_file_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    Store(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(SchemaTooNew):
        Store(path)


def test_a_later_migration_runs_once_and_a_failing_one_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with Store(path) as store:
        store.record_intent("create_order", "{}", "sandbox")
    raw = sqlite3.connect(path, isolation_level=None)
    broken = (*MIGRATIONS, "ALTER TABLE intents ADD COLUMN note TEXT; SELECT * FROM nowhere;")
    with pytest.raises(sqlite3.OperationalError):
        migrate(raw, broken)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert "note" not in [row[1] for row in raw.execute("PRAGMA table_info(intents)")]
    added = (*MIGRATIONS, "ALTER TABLE intents ADD COLUMN note TEXT;")
    assert migrate(raw, added) == SCHEMA_VERSION + 1
    assert migrate(raw, added) == SCHEMA_VERSION + 1
    assert raw.execute("SELECT count(*) FROM intents").fetchone()[0] == 1
    raw.close()


def test_intents_are_unresolved_until_resolved(store: Store) -> None:
    first = store.record_intent("create_order", '{"fee_rate":0.03}', "sandbox")
    second = store.record_intent("create_order", "{}", "sandbox")
    third = store.record_intent("create_order", "{}", "sandbox")
    store.resolve_intent(first, IntentOutcome.SUCCEEDED, result_id="order-1")
    store.resolve_intent(third, IntentOutcome.UNKNOWN, detail="read timeout")
    pending = store.unresolved_intents()
    assert [intent.id for intent in pending] == [second, third]
    assert pending[0].summary == "Order creation outcome unknown — check with Pocket"
    assert pending[0].request_body == "{}"
    done = store.intent(first)
    assert done is not None and done.outcome is IntentOutcome.SUCCEEDED
    assert done.result_id == "order-1" and not done.needs_checking


def test_order_updates_keep_the_local_facts(store: Store) -> None:
    store.save_order("sandbox", "o1", '{"id":"o1"}', "regtest", device_fingerprint="d34db33f",
                     account_path="m/84h/1h/0h", script_type="p2wpkh")
    store.save_order("sandbox", "o1", '{"id":"o1","active":false}', "regtest")
    order = store.get_order("o1")
    assert order is not None
    assert order.raw_json == '{"id":"o1","active":false}'
    assert (order.device_fingerprint, order.account_path, order.script_type) == (
        "d34db33f", "m/84h/1h/0h", "p2wpkh")
    assert [o.id for o in store.orders("sandbox")] == ["o1"]
    assert store.orders("production") == []


def test_exchange_timeline_records_each_state_once_with_its_source(store: Store) -> None:
    assert store.record_exchange("sandbox", "e1", "o1", "executed", "{1}", "webhook",
                                 final=False) is None
    assert store.record_exchange("sandbox", "e1", "o1", "executed", "{2}", "poll",
                                 final=False) == "executed"
    assert store.record_exchange("sandbox", "e1", "o1", "settled", "{3}", "webhook",
                                 final=False) == "executed"
    store.record_exchange("sandbox", "e2", "o1", "refunded", "{4}", "poll", final=True)
    timeline = store.timeline("e1")
    assert [(r.state, r.source) for r in timeline] == [("executed", "webhook"),
                                                       ("settled", "webhook")]
    latest = store.get_exchange("e1")
    assert latest is not None and latest.raw_json == "{3}" and not latest.final
    assert [e.id for e in store.exchanges(open_only=True)] == ["e1"]
    assert [e.id for e in store.exchanges()] == ["e1", "e2"]


def test_flags_are_added_once(store: Store) -> None:
    store.record_exchange("sandbox", "e1", "o1", "settled", "{}", "poll", final=False)
    assert store.add_exchange_flag("e1", "payout_address_mismatch") is True
    assert store.add_exchange_flag("e1", "payout_address_mismatch") is False
    exchange = store.get_exchange("e1")
    assert exchange is not None and exchange.flags == {"payout_address_mismatch"}


def test_webhook_retries_count_as_one_event(store: Store) -> None:
    assert store.record_webhook("corr-1", "exchange.executed", "{}", 0) is True
    assert store.record_webhook("corr-1", "exchange.executed", "{}", 2) is False
    (delivery,) = store.webhook_deliveries(unprocessed_only=True)
    assert (delivery.deliveries, delivery.max_retry_count) == (2, 2)
    store.mark_webhook_processed("corr-1")
    assert store.webhook_deliveries(unprocessed_only=True) == []
    assert len(store.webhook_deliveries()) == 1


def test_concurrent_writers_from_threads(store: Store) -> None:
    def write(n: int) -> None:
        for i in range(20):
            store.record_webhook(f"{n}-{i}", "exchange.executed", "{}", 0)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.webhook_deliveries()) == 80


def test_default_path_is_in_the_user_data_directory(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    from pocketgui.store import default_path

    assert default_path() == tmp_path / "pocketgui" / "pocketgui.sqlite3"


# Opening refuses what is not ours, before any write --------------------------------------------


def fingerprint(path: Path) -> tuple[bytes, int, list[str]]:
    """The file's bytes, its mtime and the files beside it: what 'nothing written' means."""
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


def sqlite_file(path: Path, *statements: str) -> Path:
    raw = sqlite3.connect(path, isolation_level=None)
    for statement in statements:
        raw.execute(statement)
    raw.close()
    return path


def test_a_new_file_is_marked_as_pocketguis_own(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    Store(path).close()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    raw.close()


def test_a_file_from_before_the_mark_is_adopted_and_marked(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with Store(path) as store:
        store.save_environment("sandbox", "http://127.0.0.1:1", "regtest")
    sqlite_file(path, "PRAGMA application_id = 0")
    with Store(path) as store:
        assert store.environments() == {"sandbox": ("http://127.0.0.1:1", "regtest")}
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    raw.close()


@pytest.mark.parametrize("statements", [
    ("CREATE TABLE photos (id INTEGER PRIMARY KEY, jpeg BLOB)",),  # unmarked, not our tables
    ("CREATE TABLE orders (id TEXT)", "PRAGMA application_id = 1234"),  # marked by another app
    ("PRAGMA application_id = 1234",),  # another app's empty file
], ids=["unmarked-other-tables", "other-application-id", "other-app-empty"])
def test_a_foreign_sqlite_file_is_refused_and_left_untouched(
        tmp_path: Path, statements: tuple[str, ...]) -> None:
    path = sqlite_file(tmp_path / "other.sqlite3", *statements)
    before = fingerprint(path)
    with pytest.raises(ForeignFile, match=r"other\.sqlite3 is another application's database"):
        Store(path)
    assert fingerprint(path) == before
    raw = sqlite3.connect(path)
    assert "intents" not in {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
    raw.close()


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"my seed words are not here\n" * 200)
    before = fingerprint(path)
    with pytest.raises(ForeignFile, match=r"notes\.sqlite3 is not a pocketgui data file"):
        Store(path)
    assert fingerprint(path) == before


def test_a_newer_file_is_refused_before_any_write_even_the_switch_to_wal(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    Store(path).close()
    sqlite_file(path, "PRAGMA journal_mode = DELETE", f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = fingerprint(path)
    with pytest.raises(SchemaTooNew, match=r"p\.sqlite3 was written by a newer pocketgui.*Update"):
        Store(path)
    assert fingerprint(path) == before  # the header still says rollback journal, not WAL


def test_a_damaged_file_is_found_when_it_opens_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with Store(path) as store:
        for index in range(400):
            store.record_intent("create_order", "x" * 200, f"env-{index}")
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    for number in (3, 4, 5):  # b-tree page headers of tables; the file header stays sound
        data[(number - 1) * page:(number - 1) * page + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))
    before = fingerprint(path)
    with pytest.raises(DamagedFile, match=r"p\.sqlite3 is damaged .*backup"):
        Store(path)
    assert fingerprint(path) == before
