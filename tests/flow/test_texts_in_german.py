"""The flow's sentences in German (Swiss numbers), built when shown: the review's rows, the
fresh-start reason, the fee example, the node key and signature checks; values untouched."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from pocketgui.flow import ChallengeExpired, PurchaseFlow, fee_example
from pocketgui.flow.demo import Demo
from pocketgui.flow.fresh_start import FreshStart
from pocketgui.flow.lightning_order import check_signature, node_key_problem
from pocketgui.i18n.catalog import SOURCE_LANGUAGE, set_language
from tests.flow.conftest import through_payment


@pytest.fixture
def swiss_german(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for variable in ("LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LC_ALL", "de_CH.UTF-8")
    set_language("de")
    yield
    monkeypatch.undo()
    set_language(SOURCE_LANGUAGE)


def test_the_fee_example_speaks_german_with_swiss_numbers(swiss_german: None) -> None:
    assert fee_example(Decimal("0.015"), "CHF", Decimal("1000")) == (
        "Bei einem Kauf über 1'000 CHF: 15.00 CHF Gebühr, Bitcoin für 985.00 CHF.")


def test_the_fresh_start_reason_is_one_german_sentence_per_case(swiss_german: None) -> None:
    assert FreshStart(3, 2, None).reason == (
        "Beginnt bei 0/3: Frühere Aufträge dieses Kontos haben Adressen bis 0/2 verwendet.")
    assert FreshStart(5, 2, 4).reason.endswith("und die Blockchain zeigt Adressen bis 0/4 als "
                                               "benutzt.")
    note = FreshStart(0, None, None, "Keine Quelle.").reason
    assert note == "Beginnt bei 0/0: kein früherer Auftrag dieses Kontos. Keine Quelle."


def test_the_lightning_checks_speak_german_and_keep_the_commands(swiss_german: None) -> None:
    assert node_key_problem("") == ("Geben Sie den öffentlichen Schlüssel Ihres Nodes ein: 66 "
                                    "Zeichen, beginnend mit 02 oder 03.")
    refused = check_signature("02" + "ab" * 32, "message", "not a signature").reason
    assert refused.startswith("Das ist keine Lightning-Signatur.")
    assert "«lncli signmessage»" in refused and '"zbase"' in refused
    assert str(ChallengeExpired()).startswith("Die Prüfnachricht ist abgelaufen")


def test_the_review_rows_speak_german_and_show_every_value_as_it_is(
        demo: Demo, swiss_german: None) -> None:
    flow = PurchaseFlow(demo.services)
    through_payment(flow, demo, currency="CHF")
    rows = dict(flow.review_rows())
    assert rows["Bitcoin gehen an"] == flow.data.address
    assert rows["Signierte Nachricht"] == flow.data.message  # Pocket's challenge: never translated
    assert rows["Signatur"] == flow.data.signature
    assert rows["Konto"].startswith("Native SegWit (bc1…), Konto 0, Adresse 0 (m/84h/1h/0h/0/0)")
    assert rows["Gebühr von Pocket"] == (
        "1.5 % — Bei einem Kauf über 100 CHF: 1.50 CHF Gebühr, Bitcoin für 98.50 CHF.")
    assert rows["Neue Adresse für jeden Kauf"].startswith("ja — ab 0/0")
    assert rows["Warum diese Adresse"].startswith("Beginnt bei 0/0:")
