"""The wizard's lightning branch in the real widgets, against the real demo: the welcome page's
choice, the node page, the sign page with its copy buttons and local check, the order created;
and the two lightning pages as PNGs for docs/screenshots/."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pocketgui.bitcoin import lightning_sign_message
from pocketgui.flow import Branch, Outcome, PurchaseFlow, Step
from pocketgui.flow.demo import Demo
from pocketgui.flow.lightning import sign_commands
from pocketgui.flow.lightning_order import NOT_A_SIGNATURE
from pocketgui.sandbox import lightning_node
from pocketgui.ui.main_window import MainWindow
from pocketgui.ui.modes import Mode
from pocketgui.ui.signals import AppSignals
from pocketgui.ui.wizard.tracking import CHOOSE_LIGHTNING_PAYOUT, LIGHTNING_INTRO
from pocketgui.ui.wizard.wizard import WizardView
from tests.e2e.driver import EUR_IBAN, DemoDriver
from tests.screenshots import needs_paint, target

WAIT = 20_000


def lightning_wizard(qtbot: QtBot, demo: Demo) -> WizardView:
    """The wizard of the lightning branch on the sign page, its challenge created."""
    flow = PurchaseFlow(demo.services, branch=Branch.LIGHTNING)
    view = WizardView(flow, AppSignals())
    qtbot.addWidget(view)
    view.show()
    view.node_page.use_demo_node()
    view.next_button.click()
    qtbot.waitUntil(lambda: flow.step is Step.PROVE and bool(flow.data.message)
                    and not view.page.working, timeout=WAIT)
    return view


def to_sign_page(drive: DemoDriver, qtbot: QtBot) -> None:
    """From the welcome page, lightning chosen, to the sign page with the demo node's key and
    its signature checked (the driver's script), then what the pages show."""
    drive.lightning_proof()
    wizard = drive.wizard
    assert wizard.flow.is_lightning and wizard.flow.step is Step.PROVE
    assert [label.text() for label in wizard.step_labels.values()] == [
        "1.  Lightning node", "2.  Sign with node", "3.  Payment", "4.  Review & create",
        "5.  Pay", "6.  Track"]
    assert wizard.side is None  # no device, no device screen
    page = wizard.node_page
    assert page.heading.text() == "1.  Your lightning node"
    assert page.key.text() == lightning_node.NODE_PUBKEY
    sign = wizard.sign_page
    assert sign.heading.text() == "2.  Sign with your node"
    assert sign.pasted.toPlainText()  # the person sees what was pasted …
    assert sign.result.text().startswith("✓ Signature verified here")  # … and the check
    assert wizard.next_button.isEnabled()


def test_a_lightning_order_from_the_welcome_page_to_created(qtbot: QtBot,
                                                            tmp_path: Path) -> None:
    window = MainWindow(AppSignals(), Mode.DEMO, data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    drive = DemoDriver(window, qtbot.waitUntil)
    to_sign_page(drive, qtbot)
    drive.payment("EUR", EUR_IBAN, typo=False)
    assert drive.wizard.flow.number(Step.PAYMENT) == 3
    drive.next()
    review = drive.wizard.review
    shown = {review.rows.itemAt(row, review.rows.ItemRole.LabelRole).widget().text():
             review.rows.itemAt(row, review.rows.ItemRole.FieldRole).widget().text()
             for row in range(review.rows.rowCount())}
    assert shown["Bitcoin goes to"].replace("\n", "") == (
        f"lightning node {lightning_node.NODE_PUBKEY}")
    assert "Wallet" not in shown and "Account" not in shown
    drive.click(review.create_button)
    drive.until(lambda: bool(review.outcome.text()) and drive.idle())
    assert review.outcome.text().startswith("✓ Order created")
    order = drive.wizard.flow.data.order
    assert order is not None and order.is_lightning
    assert window.session is not None  # the start page's list says where it pays to
    rows, _ = window.session.order_rows()
    assert rows[0][0] == order.id and rows[0][4] == f"lightning node {lightning_node.NODE_PUBKEY}"
    drive.next()
    drive.until(lambda: drive.wizard.instructions.panel is not None)
    assert not drive.wizard.back_button.isVisible()


def test_a_pasted_bad_signature_says_why_and_next_stays_disabled(qtbot: QtBot,
                                                                 demo: Demo) -> None:
    view = lightning_wizard(qtbot, demo)
    page = view.sign_page
    page.pasted.setPlainText("not a signature at all")
    assert page.result.text() == NOT_A_SIGNATURE and not view.next_button.isEnabled()
    other = lightning_sign_message(bytes(range(1, 33)), view.flow.data.message)
    page.pasted.setPlainText(other)
    assert "not your node's" in page.result.text()
    assert not view.next_button.isEnabled()
    page.sign_with_demo_node()
    assert page.result.text().startswith("✓") and view.next_button.isEnabled()


def test_the_copy_buttons_copy_the_exact_commands(qtbot: QtBot, demo: Demo) -> None:
    view = lightning_wizard(qtbot, demo)
    page = view.sign_page
    lnd, cln = sign_commands(view.flow.data.message)
    assert lnd.startswith('lncli signmessage "I confirm my bitcoin wallet. [')
    page.lnd.button.click()
    assert QApplication.clipboard().text() == lnd
    page.cln.button.click()
    assert QApplication.clipboard().text() == cln
    assert page.lnd.value.text() == lnd and page.cln.value.text() == cln


def test_a_renewed_challenge_clears_the_pasted_signature(qtbot: QtBot, demo: Demo) -> None:
    view = lightning_wizard(qtbot, demo)
    page = view.sign_page
    old_message = view.flow.data.message
    page.sign_with_demo_node()
    assert view.next_button.isEnabled()
    page.run(view.flow.renew_challenge, "Renewing…", device=False)
    qtbot.waitUntil(lambda: not page.working and view.flow.data.message != old_message,
                    timeout=WAIT)
    assert page.pasted.toPlainText() == "" and not view.next_button.isEnabled()
    assert page.lnd.copy_text == sign_commands(view.flow.data.message)[0]


def test_the_node_page_names_a_bad_key_as_it_is_typed(qtbot: QtBot, demo: Demo) -> None:
    flow = PurchaseFlow(demo.services, branch=Branch.LIGHTNING)
    view = WizardView(flow, AppSignals())
    qtbot.addWidget(view)
    view.show()
    page = view.node_page
    assert page.demo_button.isVisible()
    qtbot.keyClicks(page.key, "03abc")
    assert page.check.text() == "A node key is 66 characters long; this is 5."
    assert not view.next_button.isEnabled() and not view.back_button.isEnabled()
    page.key.setText(lightning_node.NODE_PUBKEY)
    assert view.next_button.isEnabled()


@needs_paint
def test_the_lightning_pages_as_pngs(qtbot: QtBot, tmp_path: Path) -> None:
    """docs/screenshots/lightning-*.png, replaced only with POCKETGUI_SCREENSHOTS=update (or
    when missing), as tests/e2e/test_screenshots.py does for the on-chain pages."""
    window = MainWindow(AppSignals(), Mode.DEMO, data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    window.resize(1100, 740)
    written: list[Path] = []

    def shoot(name: str) -> None:
        if not name.startswith("lightning-"):
            return
        qtbot.wait(30)  # let layouts settle and the paint pass run
        path = target(name, tmp_path)
        assert window.grab().save(str(path), "PNG")  # type: ignore[call-overload]
        written.append(path)

    to_sign_page(DemoDriver(window, qtbot.waitUntil, on_page=shoot), qtbot)
    assert [path.name for path in written] == ["lightning-node.png", "lightning-sign.png"]
    for path in written:
        assert 5_000 < path.stat().st_size < 200_000, path


def test_tracking_a_lightning_purchase_points_to_the_payout_choice(qtbot: QtBot,
                                                                  demo: Demo) -> None:
    view = lightning_wizard(qtbot, demo)
    flow = view.flow
    view.sign_page.sign_with_demo_node()
    view.next_button.click()
    assert view.payment.fresh.parent() is None  # no addresses to refresh on lightning
    qtbot.keyClicks(view.payment.iban, EUR_IBAN)
    view.next_button.click()
    assert flow.step is Step.REVIEW
    view.review.create_button.click()
    qtbot.waitUntil(lambda: flow.data.outcome is Outcome.CREATED and not view.page.working,
                    timeout=WAIT)
    view.next_button.click()
    assert flow.step is Step.INSTRUCTIONS
    flow.simulate_transfer(Decimal("50.00"))
    qtbot.waitUntil(view.next_button.isEnabled, timeout=WAIT)  # the QR code is ready
    view.next_button.click()
    tracking = view.tracking
    assert flow.step is Step.TRACK and tracking.heading.text() == "6.  Follow your purchase"
    assert tracking.intro.text() == LIGHTNING_INTRO
    assert tracking.details.text().endswith(CHOOSE_LIGHTNING_PAYOUT)
    assert not tracking.mine.isVisible()  # blocks confirm on-chain payouts only


def test_an_unfinished_lightning_set_up_is_offered_again_after_a_restart(
        qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow(AppSignals(), Mode.DEMO, data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    drive = DemoDriver(window, qtbot.waitUntil)
    drive.window.welcome.destination.lightning.click()
    drive.start()
    drive.click(drive.wizard.node_page.demo_button)
    drive.click(drive.wizard.home_button)  # the set-up is kept as a draft
    window.close()

    again = MainWindow(AppSignals(), Mode.DEMO, data_dir=tmp_path / "data")
    qtbot.addWidget(again)
    assert not again.welcome.destination.lightning_chosen()  # before the session is open
    again.show()
    again.start_background()
    qtbot.waitUntil(lambda: again.session is not None, timeout=WAIT)
    assert again.welcome.destination.lightning_chosen()
    again.welcome.start_button.click()
    qtbot.waitUntil(lambda: again.wizard is not None, timeout=WAIT)
    assert again.wizard is not None and again.wizard.flow.is_lightning
    assert again.wizard.node_page.key.text() == lightning_node.NODE_PUBKEY
    again.close()


def test_the_persons_own_choice_wins_over_the_draft(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow(AppSignals(), Mode.DEMO, data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    drive = DemoDriver(window, qtbot.waitUntil)
    drive.window.welcome.destination.lightning.click()
    drive.start()
    drive.click(drive.wizard.home_button)
    window.close()

    again = MainWindow(AppSignals(), Mode.DEMO, data_dir=tmp_path / "data")
    qtbot.addWidget(again)
    again.welcome.destination.onchain.click()  # chosen before the session opened
    again.show()
    again.start_background()
    qtbot.waitUntil(lambda: again.session is not None, timeout=WAIT)
    assert again.session is not None and again.session.draft_is_lightning
    assert not again.welcome.destination.lightning_chosen()
    again.close()


def test_the_rail_greys_the_steps_ahead_of_the_first_page(qtbot: QtBot, demo: Demo) -> None:
    from PySide6.QtGui import QPalette

    flow = PurchaseFlow(demo.services, branch=Branch.LIGHTNING)
    view = WizardView(flow, AppSignals())
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    colour = {step: label.palette().color(QPalette.ColorRole.WindowText)
              for step, label in view.step_labels.items()}
    first, ahead = colour[Step.PAYOUT], colour[Step.PROVE]
    assert ahead != first and colour[Step.TRACK] == ahead
    assert view.step_labels[Step.PAYOUT].font().bold()
