"""The whole on-chain demo in every language the app speaks, and in the pseudo-locale `xx`.

welcome → device → payout → proof → payment → order → instructions → dashboard, confirmed: one
window (with its one embedded sandbox) per language, driven by the e2e driver. Each page is
checked for one known text written in that language. In `xx` every page is also checked, at
the default window size (which fits a 1280×720 laptop), for visible texts that are still plain
English or cut off (tests/ui/visible_texts.py); that check has a test of its own, fed by the
`xx` run, so the demo's own assertions stay strict while pages are still being wrapped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pocketgui.history.money import format_fiat
from pocketgui.i18n.catalog import PSEUDO_LANGUAGE, SOURCE_LANGUAGE, set_language
from pocketgui.i18n.pseudo import pseudo
from pocketgui.ui.main_window import DEFAULT_SIZE, MainWindow
from pocketgui.ui.modes import Mode
from pocketgui.ui.signals import AppSignals
from pocketgui.ui.widgets.device_screen import DeviceScreen
from tests.e2e.driver import DemoDriver
from tests.ui.test_pseudo_locale import NAMES
from tests.ui.visible_texts import clipped, unmarked, visible_texts

pytestmark = pytest.mark.slow

LANGUAGES = ("en", "de", "fr", "it", PSEUDO_LANGUAGE)
SYSTEM = {"de": "de_CH.UTF-8", "fr": "fr_CH.UTF-8", "it": "it_CH.UTF-8"}  # Pocket's customers

# One text of each page (the English message), as each language writes it. The dashboard's is
# the order's title up to its date: "{currency} order of " with the currency filled in.
KNOWN = {
    "01-welcome": "Get started",
    "04-connected": "Connect your hardware wallet",
    "05-payout": "Choose where the bitcoin goes",
    "08-signed": "Prove the address is yours",
    "09-payment": "How you will pay",
    "11-created": "✓ Order created. Pocket's answer matches what was sent.",
    "12-instructions": "Pay by bank transfer",
    "14-confirmed": "{currency} order of {created} · {reference}",
}
WRITTEN = {
    "de": ("Los geht's", "Hardware-Wallet verbinden", "Wählen Sie, wohin die Bitcoin gehen",
           "Beweisen Sie, dass die Adresse Ihnen gehört", "Wie Sie bezahlen",
           "✓ Auftrag erstellt. Die Antwort von Pocket stimmt mit dem Gesendeten überein.",
           "Per Banküberweisung bezahlen", "{currency}-Auftrag vom {created} · {reference}"),
    "fr": ("Commencer", "Connectez votre portefeuille matériel", "Choisissez où vont les bitcoins",
           "Prouvez que l’adresse est à vous", "Comment vous paierez",
           "✓ Ordre créé. La réponse de Pocket correspond à ce qui a été envoyé.",
           "Payer par virement bancaire", "Ordre en {currency} du {created} · {reference}"),
    "it": ("Inizia", "Collegare il portafoglio hardware", "Scegliere dove vanno i bitcoin",
           "Dimostrare che l’indirizzo le appartiene", "Come pagherà",
           "✓ Ordine creato. La risposta di Pocket corrisponde a quanto inviato.",
           "Pagare con bonifico bancario", "Ordine in {currency} del {created} · {reference}"),
}

# A text made only of values shown as they are in every language: amounts and numbers, codes,
# addresses, keys, txids, signatures, IBANs and references (spaces and line breaks ignored).
# The payment details' other values (names, a BIC) come from the slip itself (`shown_as_is`).
VALUE = re.compile(r"(?:[\d.,'’:/+\-–—•·⌫%()…]|CHF|EUR|GBP|BTC|sats?|UTC)+"
                   r"|(?:bc|tb|bcrt)1[02-9ac-hj-np-z]{6,}|[0-9a-f]{8,}|(?=.*\d)[A-Za-z0-9+/=]{40,}"
                   r"|[A-Z]{2}\d{2}[A-Z0-9]{4,30}")
DEVICE_NAME = "Demo Trezor"  # the simulated device's own label


def expected(language: str, message: str) -> str:
    if language == SOURCE_LANGUAGE:
        return message
    if language == PSEUDO_LANGUAGE:
        return pseudo(message)
    return WRITTEN[language][list(KNOWN.values()).index(message)]


def known_text(language: str, page: str) -> str:
    """What page `page` shows in `language` (the dashboard's: its order title's beginning)."""
    text = expected(language, KNOWN[page])
    return text.split("{created}")[0].format(currency="CHF") if "{created}" in text else text


@dataclass
class Run:
    """What one language's run saw: every page's visible texts, and in `xx` its findings."""
    state: str = ""
    texts: dict[str, list[str]] = field(default_factory=dict)
    unmarked: dict[str, list[str]] = field(default_factory=dict)
    clipped: dict[str, list[str]] = field(default_factory=dict)


RUNS: dict[str, Run] = {}  # the `xx` run, kept for the visible-text test that follows it


def shown_as_is(window: MainWindow) -> set[str]:
    """Texts that are never translated: names, what the simulated device's own screen shows,
    Pocket's challenge (signed word for word) and the payment details' values."""
    keep = NAMES | {DEVICE_NAME}
    for screen in window.findChildren(DeviceScreen):
        keep |= {text for _widget, text in visible_texts(screen.display)}
    wizard = window.wizard
    if wizard is not None:
        keep.add(wizard.prove.message.text())
        panel = wizard.instructions.panel
        if panel is not None:
            keep |= {row.display for row in panel.slip.rows if row.copy}
    return keep


def is_value(text: str) -> bool:
    return VALUE.fullmatch(re.sub(r"\s+", "", text)) is not None


def drive_demo(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
               language: str) -> Run:
    """The on-chain demo from the welcome page to the confirmed purchase in `language`."""
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", SYSTEM.get(language, "en_US.UTF-8"))
    set_language(language)
    run = Run()
    try:
        window = MainWindow(AppSignals(), Mode.DEMO, data_dir=tmp_path / "data")
        qtbot.addWidget(window)
        window.resize(*DEFAULT_SIZE)

        def look(page: str) -> None:
            if language == PSEUDO_LANGUAGE:
                qtbot.wait(30)  # layouts settle before widths are compared
                keep = shown_as_is(window)
                run.unmarked[page] = [text for text in unmarked(window, keep)
                                      if not is_value(text)]
                run.clipped[page] = clipped(window)
            run.texts[page] = [text for _widget, text in visible_texts(window)]

        drive = DemoDriver(window, qtbot.waitUntil, on_page=look)
        drive.start()
        drive.connect_device()
        drive.choose_payout()
        drive.prove()
        drive.payment()  # with a typo first: its sentence in the language
        drive.create()
        drive.instructions()
        drive.simulate_transfer()
        run.state = drive.mine()
    finally:
        set_language(SOURCE_LANGUAGE)
    return run


@pytest.fixture
def english_after() -> Iterator[None]:
    yield
    set_language(SOURCE_LANGUAGE)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_whole_demo_reaches_confirmed_in_each_language(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, english_after: None,
        language: str) -> None:
    run = drive_demo(qtbot, tmp_path, monkeypatch, language)
    RUNS[language] = run
    assert run.state == "confirmed"
    missing = {page: known_text(language, page) for page in KNOWN
               if not any(known_text(language, page) in text for text in run.texts[page])}
    assert missing == {}, f"pages without their text in {language}: {missing}"
    monkeypatch.setenv("LANG", SYSTEM.get(language, "en_US.UTF-8"))
    set_language(language)  # the dashboard's amounts in the locale's writing (100,00 in fr_CH)
    assert format_fiat(Decimal("100"), "CHF") in run.texts["14-confirmed"]


def test_the_pseudo_locale_leaves_no_page_unmarked_or_clipped(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        english_after: None) -> None:
    run = RUNS.get(PSEUDO_LANGUAGE) or drive_demo(qtbot, tmp_path, monkeypatch, PSEUDO_LANGUAGE)
    assert len(run.unmarked) == 14  # every page the driver stops at
    problems = {page: {"unmarked": run.unmarked[page], "clipped": run.clipped[page]}
                for page in run.unmarked if run.unmarked[page] or run.clipped[page]}
    if problems:  # one line per page: what is still English, what is cut off
        pytest.fail("pages of the demo in xx with English or clipped texts:\n" + "\n".join(
            f"{page}: unmarked {found['unmarked']}; clipped {found['clipped']}"
            for page, found in problems.items()), pytrace=False)


def test_values_are_told_from_words() -> None:
    values = ["100,00 CHF", "56.000,27 CHF / BTC", "0,00175892 BTC", "1.2–4.5", "—", "•",
              "tb1q 6rz2 8mcf axtm d6v7 89l9 rrlr usdp rr9p qcpv kl", "RF79 IEPK EKEX 4QGB",
              "CH94 0077 8214 7683 0200 2", "73c5da0a",
              "KDU5GrIOp/UG1ihge9VZUfPzMaikMiH1abw5eB3MZXjV\nZRHJOq490gAAcjq+5YqICVBJT7SYInLMdLYPK"]
    words = ["Settings…", "Cost", "Signature: KDU5GrIOp/UG1ihge9VZUfPzMaikMiH1abw5eB3MZXjV",
             "Path m/84h/1h/0h/0/0", "1 of 1 transfers bought bitcoin", "Fee %", "PIN",
             "Demo device PIN: 1234", "✓ Confirm", "SETTINGS", "Pocket pays every purchase"]
    assert [text for text in values if not is_value(text)] == []
    assert [text for text in words if is_value(text)] == []


def test_a_page_of_the_demo_is_held_to_its_known_text() -> None:
    assert known_text("fr", "14-confirmed") == "Ordre en CHF du "
    assert known_text("xx", "04-connected") == pseudo("Connect your hardware wallet")
    assert known_text("en", "01-welcome") == "Get started"
