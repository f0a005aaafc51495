"""The main window: DEMO banner on top, the welcome page or the wizard below, the environment in
the status bar.

A plain QWidget rather than a QMainWindow: measured offscreen, a QMainWindow adds ≈30 ms before
its first paint, a fifth of the whole start-up budget, and this window needs no docks or
toolbars. Everything that is not the welcome page is imported and built after the first paint:
`start_background()` opens the demo's sandbox and device on a worker, and the wizard is built
when the person presses "Get started". The dashboard (the orders and every purchase, live) is
built when there is something to show: at the session's start when this environment has
orders, after the wizard created one, and when the wizard's "Simulate a bank transfer" sent
money — from then on it is the window's home page, and "New order" opens the wizard. The
window owns the connections it makes to the app signals and undoes them when it closes. With the
session comes its `ChainWatch` (the watch-only wallets synced on a thread of their own): the
dashboard shows its status, and a source chosen in the dashboard's settings is kept in the
app's settings for this environment.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton, QStatusBar, QVBoxLayout, QWidget

from pocketgui.i18n.catalog import N_, _
from pocketgui.ui.modes import Mode
from pocketgui.ui.pages.welcome import WelcomePage
from pocketgui.ui.signals import AppSignals, Connections
from pocketgui.ui.widgets.banner import DemoBanner
from pocketgui.ui.widgets.labels import PlainLabel
from pocketgui.ui.widgets.page_stack import PageStack, scrolled

if TYPE_CHECKING:  # at run time Qt passes it in; importing its type costs start-up time
    from collections.abc import Callable

    from PySide6.QtGui import QCloseEvent

    from pocketgui.api.models import Order
    from pocketgui.purchases.session import Session
    from pocketgui.ui.chain_watch import ChainWatch
    from pocketgui.ui.dashboard.dashboard import Dashboard
    from pocketgui.ui.dashboard.order_view import OrderView
    from pocketgui.ui.dashboard.tray import TrayPresence
    from pocketgui.ui.settings import ClientIdVault, Settings
    from pocketgui.ui.tasks import Task, TaskRunner
    from pocketgui.ui.widgets.device_bridge import ScreenBridge
    from pocketgui.ui.wizard.wizard import WizardView

APP_TITLE = N_("Pocket — buy bitcoin to your hardware wallet")  # translated where shown
# fits a 1280×720 laptop screen with a desktop panel and the title bar (tests/e2e/test_small_screen)
DEFAULT_SIZE = (1180, 650)
NEXT_TURN_MS = 1  # a timer, so the window repaints and takes input in between (_transfer_simulated)


class MainWindow(QWidget):
    def __init__(self, signals: AppSignals, mode: Mode, *, data_dir: Path | None = None,
                 settings: Settings | None = None,
                 settle: Callable[[], None] | None = None) -> None:
        """`settle` runs on the worker after each batch of imports (the warm-up, the demo):
        the app passes `process_tuning.settle_imports`."""
        super().__init__()
        self.settle = settle
        self.signals = signals
        self.mode = mode
        self.settings = settings
        self.data_dir = data_dir
        self.connections = Connections()
        self.banner = DemoBanner(mode)
        self.welcome = WelcomePage(mode)
        self.pages = PageStack()
        self.pages.addWidget(self.welcome)
        self.page_scroll = scrolled(self.pages)
        self.environment = PlainLabel()
        self.status = QStatusBar()
        self.status.setSizeGripEnabled(False)
        self.status.setContentsMargins(24, 0, 28, 6)  # lines up with the page margins
        self.status.addPermanentWidget(self.environment)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.page_scroll, 1)
        layout.addWidget(self.status)
        self.connections.connect(signals.environment_changed, self._show_mode)
        self.connections.connect(self.welcome.chooser.mode_chosen, self.set_mode)
        self.connections.connect(self.welcome.start_requested, self.start)
        self.connections.connect(self.welcome.order_opened, self.open_order)
        self.connections.connect(self.welcome.dashboard_requested, self._dashboard_from_welcome)
        if settings is not None:
            self.welcome.language.set_choice(settings.language)
        self.connections.connect(self.welcome.language.language_chosen, self._keep_language)
        self.session: Session | None = None
        self.chain: ChainWatch | None = None
        self.wizard: WizardView | None = None
        self.dashboard: Dashboard | None = None
        self.tray: TrayPresence | None = None
        # from the dashboard to the welcome page; made now, hidden: added to the status bar of
        # a shown window it cost a relayout of the whole window (≈15 ms) in the dashboard's turn
        self.home: QPushButton | None = QPushButton(_("Start page"))
        self.home.setObjectName("dashboardHome")
        self.home.setToolTip(_("Where to buy (Demo, Staging, Production) and your orders"))
        self.home.setVisible(False)
        self.home.clicked.connect(self.show_welcome)
        self.status.addWidget(self.home)
        self._home_connected = False
        self.runner: TaskRunner | None = None
        self.warmup: Task | None = None  # the warm-up imports, once started
        self.bridge: ScreenBridge | None = None
        self.vault: ClientIdVault | None = None
        self._opening: Mode | None = None
        self._start_when_open = False
        self._home_when_open = False  # the app's start: its dashboard when there are orders
        self._pending_order = ""
        self._show_mode(mode)
        self.resize(*DEFAULT_SIZE)

    # ----- environment -------------------------------------------------------------------------
    def set_mode(self, mode: Mode) -> None:
        if mode is not self.mode:
            self.mode = mode
            self.signals.environment_changed.emit(mode)

    def _show_mode(self, mode: Mode) -> None:
        self.mode = mode
        self.banner.set_mode(mode)
        self.welcome.chooser.set_mode(mode)
        self.setWindowTitle(f"{_(APP_TITLE)} [DEMO]" if mode is Mode.DEMO else _(APP_TITLE))
        self.environment.setText(_("Environment: {mode}").format(mode=mode.label))
        if mode is not Mode.DEMO:
            self._show_credentials(mode)
        else:
            self.welcome.credentials.setVisible(False)
        if self.session is not None and self.session.mode is not mode:
            self._close_session()
        if mode is Mode.DEMO and self.runner is not None and self.session is None:
            self.open_session(mode)

    def _show_credentials(self, mode: Mode) -> None:
        from pocketgui.ui.settings import ClientIdVault

        self.vault = self.vault or ClientIdVault()
        self.welcome.credentials.set_mode(mode, self.vault.has_keyring())
        self.welcome.credentials.client_id.setText(self.vault.get(mode.value))
        if self.settings is not None and mode is Mode.STAGING:
            self.welcome.credentials.url.setText(self.settings.staging_url)

    # ----- after the first paint ---------------------------------------------------------------
    def start_background(self) -> None:
        """Called once the window has painted: on one worker, the warm-up (`warmup`: what the
        next pages import), then the demo when in Demo. One after the other: importing in two
        threads at once raised the peak memory by up to 20 MB and slowed both. (The process's
        tuning for worker threads is the app's: `process_tuning`.)
        """
        from pocketgui.ui.tasks import TaskRunner
        from pocketgui.ui.warmup import warm_up

        self.runner = TaskRunner(1, self)
        self.warmup = warm_up(self.runner)  # done: the next pages import nothing (benchmarks)
        self._settle()
        if self.mode is Mode.DEMO:
            self._home_when_open = True
            self.open_session(Mode.DEMO)

    def _settle(self) -> None:
        if self.settle is not None and self.runner is not None:
            self.runner.submit(self.settle, name="settle")

    def open_session(self, mode: Mode, client_id: str = "", url: str = "") -> None:
        if self.runner is None:
            self.start_background()
        assert self.runner is not None
        if self._opening is not None:
            return
        from pocketgui.purchases.session import open_demo, open_remote
        from pocketgui.ui.settings import ClientIdVault, data_dir
        from pocketgui.ui.widgets.device_bridge import ScreenBridge

        where = self.data_dir or data_dir()
        self._opening = mode
        if mode is Mode.DEMO:
            self.bridge = self.bridge or ScreenBridge(self)
            task = self.runner.submit(open_demo, where, self.bridge.shown.emit,
                                      self.bridge.asked.emit, name="demo")
            self._settle()
            self.welcome.status.setText(_("Starting the demo: a local Pocket sandbox and a "
                                          "simulated Trezor…"))
        else:
            network = self.settings.staging_network if self.settings else "testnet"
            self.vault = vault = self.vault or ClientIdVault()
            settings = self.settings

            def open_with_relay() -> Session:
                """On the worker: the relay's secrets come from the keyring, which can be slow."""
                relay = settings.relay_of(mode.value, vault) if settings else None
                return open_remote(mode, where, client_id, url, network, relay)

            task = self.runner.submit(open_with_relay, name="session")
            self.welcome.status.setText(_("Connecting to Pocket {mode}…").format(
                mode=mode.label))
        task.succeeded.connect(self._session_opened)
        task.failed.connect(self._session_failed)

    def _session_opened(self, session: Session) -> None:
        self._opening = None
        if session.mode is not self.mode:  # the person chose another environment meanwhile
            session.close()
            return
        self.session = session
        self._start_chain(session)
        self.welcome.status.setText("")
        if session.draft_is_lightning and not self.welcome.destination.touched:
            self.welcome.destination.choose(True)  # the unfinished set-up continues where it was
        self._refresh_orders()
        if self._pending_order:
            self.open_order(self._pending_order)
        elif self._start_when_open:
            self.start(self.mode)
        elif session.has_orders() and self._home_when_open:
            self.show_dashboard()
        self._home_when_open = False  # choosing Demo later stays on this page

    def _session_failed(self, exc: BaseException) -> None:
        self._opening = None
        self._start_when_open = False
        self.welcome.status.setText(_("Could not start: {reason}").format(reason=exc))

    def _start_chain(self, session: Session) -> None:
        """The session's watch-only wallets, synced from its source on their own worker."""
        from pocketgui.ui.chain_watch import ChainWatch
        from pocketgui.ui.session import chain_choice

        assert session.live is not None and session.chain is not None
        tracker = session.live.tracker
        self.chain = ChainWatch(chain_choice(session, self.settings), tracker.network,
                                session.make_watcher, session.chain.deliver,
                                demo=session.demo is not None, parent=self)
        self.chain.follow(tracker)
        self.chain.watcher_changed.connect(self._chain_for_flow)
        self._chain_for_flow()
        self.chain.start()

    def _chain_for_flow(self) -> None:
        """The wizard asks the same watcher which addresses an account used (fresh start)."""
        if self.session is not None and self.chain is not None:
            self.session.services.chain = self.chain.watcher

    def _keep_language(self, language: str) -> None:
        """The welcome page or the dashboard's settings chose a language ("" = the system's):
        used from the next start; both show it as the saved choice."""
        self.welcome.language.set_choice(language)
        if self.dashboard is not None:
            self.dashboard.language_choice = language
        if self.settings is not None:
            self.settings.language = language
            self._save_settings()

    def _keep_chain(self, choice: object) -> None:
        """The dashboard's settings chose another source: kept for this environment."""
        from pocketgui.ui.settings import ChainChoice

        if self.settings is not None and isinstance(choice, ChainChoice) \
                and self.mode is not Mode.DEMO:
            self.settings.chain = {**self.settings.chain, self.mode.value: choice}
            self._save_settings()

    def _save_settings(self) -> None:
        """settings.json written on the worker (a write with fsync), as the settings are now:
        a copy, since the UI thread replaces their fields, never mutates them. Before the
        worker exists (the welcome page, at once after start) it is written here."""
        settings = self.settings
        if settings is None:
            return
        if self.runner is None:
            settings.save()
            return
        self.runner.submit(dataclasses.replace(settings).save, name="save settings")

    def _not_seen(self) -> str:
        """What the person will not see in this session (outside the Demo), as a sentence."""
        from pocketgui.ui.settings import missing_news

        session = self.session
        if session is None or session.demo is not None:
            return ""
        relay = session.live is not None and session.live.relay is not None
        return missing_news(relay=relay, chain=self.chain is not None
                            and self.chain.watcher is not None)

    def _follow_relay(self) -> None:
        """The dashboard shows the session's relay (outside the Demo) and offers its settings."""
        from pocketgui.ui.settings import RelayChoice

        session, dashboard = self.session, self.dashboard
        if session is None or dashboard is None or session.demo is not None:
            return
        dashboard.relay_choice = session.relay or RelayChoice()
        feed = session.live.relay if session.live is not None else None
        dashboard.relay_status.follow(feed.status if feed is not None else None)

    def _keep_relay(self, choice: object) -> None:
        """The dashboard's settings chose another relay (or none): kept for this environment
        (its secrets in the keyring), and the session reads it from now on."""
        from pocketgui.ui.settings import ClientIdVault, RelayChoice

        session = self.session
        if (not isinstance(choice, RelayChoice) or session is None or session.live is None
                or self.settings is None or self.runner is None or session.demo is not None):
            return
        self.vault = vault = self.vault or ClientIdVault()
        settings, live, mode = self.settings, session.live, session.mode.value
        session.relay = choice

        def keep_and_read() -> None:
            """On the worker: the keyring can be slow, or ask the person to unlock it."""
            settings.keep_relay(mode, choice, vault)
            settings.save()
            live.use_relay(choice)

        task = self.runner.submit(keep_and_read, name="relay")
        task.finished.connect(self._follow_relay)
        if self.dashboard is not None:
            task.failed.connect(self.dashboard.view.error.show_exception)

    def _stop_chain(self) -> None:
        """Blocks until a round under way ends (the store closes right after)."""
        if self.chain is not None:
            self.chain.stop()
            self.chain.wait(10_000)
            self.chain.deleteLater()
            self.chain = None

    def _refresh_orders(self) -> None:
        if self.session is not None:
            self.welcome.show_orders(*self.session.order_rows())

    # ----- the wizard --------------------------------------------------------------------------
    def start(self, mode: Mode) -> None:
        """"Get started": the wizard as soon as the session is open."""
        self.set_mode(mode)
        if self.session is None:
            self._start_when_open = True
            if mode is not Mode.DEMO:
                if not self._remember_credentials(mode):
                    return
                creds = self.welcome.credentials
                self.open_session(mode, creds.client_id.text().strip(), creds.url.text().strip())
            elif self._opening is None:
                self.open_session(mode)
            return
        self._start_when_open = False
        self._show_wizard()

    def _remember_credentials(self, mode: Mode) -> bool:
        creds = self.welcome.credentials
        client_id, url = creds.client_id.text().strip(), creds.url.text().strip()
        if not client_id or (mode is Mode.STAGING and not url):
            self.welcome.status.setText(_("Enter the client id Pocket gave you and the staging "
                                          "URL.") if mode is Mode.STAGING
                                        else _("Enter the client id Pocket gave you."))
            self._start_when_open = False
            return False
        if self.vault is not None:
            kept = self.vault.set(mode.value, client_id)
            if self.settings is not None:
                self.settings.mode, self.settings.staging_url = mode.value, url
                if kept and mode.value not in self.settings.saved_client_ids:
                    self.settings.saved_client_ids += (mode.value,)
                self.settings.save()
        return True

    def _show_wizard(self, order: Order | None = None) -> None:
        from pocketgui.flow.demo import DEMO_PIN
        from pocketgui.flow.model import PurchaseFlow
        from pocketgui.flow.steps import Branch
        from pocketgui.ui.widgets.device_screen import DeviceScreen
        from pocketgui.ui.wizard.wizard import WizardView

        assert self.session is not None
        if self.wizard is not None:
            self._drop_wizard()
        live = self.session.live
        lightning = self.welcome.destination.lightning_chosen()
        flow = PurchaseFlow(self.session.services, tracker=live.tracker if live else None,
                            branch=Branch.LIGHTNING if lightning else Branch.ONCHAIN)
        if order is not None:
            flow.open_order(order)
        side = None  # the demo device's screen: only where a hardware wallet is used
        if (self.session.person is not None and self.bridge is not None
                and not flow.is_lightning):
            side = DeviceScreen(self.session.person, self.bridge, DEMO_PIN)
        hint = (_("Demo device PIN: {pin}").format(pin=DEMO_PIN) if self.session.demo is not None
                else "")
        self.wizard = WizardView(flow, self.signals, pin_hint=hint, side=side,
                                 not_seen=self._not_seen())
        self.wizard.track_after_transfer = False  # the dashboard follows it: _transfer_simulated
        if self.session.has_orders():  # named after where it goes: show_start_page
            self.wizard.home_button.setText(_("Dashboard"))
            self.wizard.home_button.setToolTip(_("Your orders and purchases; an unfinished "
                                                 "set-up is kept"))
        self.wizard.finished.connect(self.show_start_page)
        self.wizard.transfer_simulated.connect(self._transfer_simulated)
        self.pages.addWidget(self.wizard)
        self.pages.setCurrentWidget(self.wizard)

    def open_order(self, order_id: str) -> None:
        """An order of the list: its payment instructions and purchases."""
        if self.session is None:
            self._pending_order = order_id
            return
        self._pending_order = ""
        self._show_wizard(self.session.order(order_id))

    def _transfer_simulated(self) -> None:
        """Demo: the money is on its way; the dashboard follows the purchase from here."""
        order = self.wizard.flow.data.order if self.wizard is not None else None
        order_id = order.id if order is not None else ""
        # one turn of the event loop each: the click's own handlers, building the order view
        # (the larger half of the dashboard's widgets), the rest of the dashboard, then showing
        # it (its first layout and paint) — four short stalls rather than one long one. A real
        # 1 ms timer, not singleShot(0): Qt 6 posts a zero-delay single shot as an event, and
        # the posted events of one pass (these included) run back to back, so they made one
        # stall after all
        def build(view: OrderView | None) -> None:
            if self._build_dashboard(view) is not None:
                QTimer.singleShot(NEXT_TURN_MS, lambda: self.show_dashboard(order_id)
                                  if self.session is not None else None)

        def build_view() -> None:
            view = None
            if self.dashboard is None and self.session is not None:
                from pocketgui.ui.dashboard.order_view import OrderView

                view = OrderView()
            QTimer.singleShot(NEXT_TURN_MS, lambda: build(view))

        QTimer.singleShot(NEXT_TURN_MS, build_view)

    def show_start_page(self) -> None:
        """From the wizard back home (the draft is kept): the dashboard once this environment
        has orders, else the welcome page."""
        self._drop_wizard()
        self._refresh_orders()
        if self.session is not None and self.session.has_orders():
            self.show_dashboard()
        else:
            self.pages.setCurrentWidget(self.welcome)

    # ----- the dashboard -----------------------------------------------------------------------
    def show_dashboard(self, order_id: str = "") -> None:
        """The orders and purchases of this environment, live; built the first time. It reads
        the history again by itself whenever an order is created."""
        assert self.session is not None and self.runner is not None
        self._drop_wizard()
        dashboard = self._build_dashboard()
        assert dashboard is not None
        if order_id:
            dashboard.show_order(order_id)
        self.pages.setCurrentWidget(dashboard)

    def _build_dashboard(self, view: OrderView | None = None) -> Dashboard | None:
        """The dashboard of this session, built once (about 40 ms of widgets; `view` built
        already), not shown yet."""
        session = self.session
        if self.dashboard is not None or session is None or self.runner is None:
            return self.dashboard
        from pocketgui.ui.dashboard.dashboard import Dashboard

        assert session.live is not None
        tray, path = self._tray()
        self.dashboard = Dashboard(
            pocket=session.services.pocket, runner=self.runner,
            store=session.services.store, tracker=session.live.tracker,
            signals=self.signals, notifier=tray.notifier, demo=session.helpers,
            preferences=tray.preferences, preferences_path=path, chain=self.chain, view=view)
        self.dashboard.new_order_requested.connect(self._new_order)
        self.dashboard.chain_chosen.connect(self._keep_chain)
        self.dashboard.relay_chosen.connect(self._keep_relay)
        self.dashboard.language_chosen.connect(self._keep_language)
        self.dashboard.language_choice = self.settings.language if self.settings else ""
        self._follow_relay()
        self.pages.addWidget(self.dashboard)
        self._add_home_button()
        return self.dashboard

    def _add_home_button(self) -> None:
        """"Start page" under the dashboard: the welcome page, where the environment is chosen
        (the wizard has its own)."""
        if not self._home_connected:
            self._home_connected = True
            self.pages.currentChanged.connect(self._page_changed)
        self._page_changed()  # built behind the wizard: hidden until the dashboard is shown

    def _page_changed(self) -> None:
        if self.home is not None:
            self.home.setVisible(self.dashboard is not None
                                 and self.pages.currentWidget() is self.dashboard)
        self.welcome.dashboard_button.setVisible(self.dashboard is not None)

    def _dashboard_from_welcome(self) -> None:
        if self.session is not None and self.dashboard is not None:
            self.show_dashboard()

    def show_welcome(self) -> None:
        self._refresh_orders()
        self.pages.setCurrentWidget(self.welcome)

    def _tray(self) -> tuple[TrayPresence, Path]:
        """One tray presence (and notifier) per window, whatever the session."""
        from pocketgui.history.preferences import DashboardPreferences
        from pocketgui.ui.dashboard.notifications import Notifier
        from pocketgui.ui.dashboard.tray import TrayPresence
        from pocketgui.ui.settings import config_dir

        path = config_dir() / "dashboard.json"
        if self.tray is None:
            self.tray = TrayPresence(self, DashboardPreferences.load(path), Notifier(),
                                     icon=self.windowIcon())
        return self.tray, path

    def _new_order(self, lightning: bool) -> None:
        """The dashboard's "New order…" / "New lightning order…": the welcome page's choice
        of where the bitcoin goes is set to match, so the two never disagree."""
        self.welcome.destination.choose(lightning)
        self.start(self.mode)

    def _drop_dashboard(self) -> None:
        if self.dashboard is not None:
            self.dashboard.shut_down()
            self.pages.removeWidget(self.dashboard)
            self.dashboard.deleteLater()
            self.dashboard = None
        self.welcome.dashboard_button.setVisible(False)

    def _drop_wizard(self) -> None:
        if self.wizard is not None:
            self.wizard.shut_down()
            self.wizard.flow.close()
            self.pages.removeWidget(self.wizard)
            self.wizard.deleteLater()
            self.wizard = None

    def _close_session(self) -> None:
        if self.session is not None and self.session.person is not None:
            # the demo device's open prompt ends first: its one thread would otherwise hold the
            # device call (and the wallet's close behind it) until a timeout
            self.session.person.answer(False)
        self._drop_wizard()
        self._drop_dashboard()
        self.pages.setCurrentWidget(self.welcome)
        self._stop_chain()
        if self.session is not None:
            self.session.close()
            self.session = None
        self.welcome.show_orders([], [])

    def closeEvent(self, event: QCloseEvent) -> None:
        """Within a second, with a word in the status bar while the device, the tracker and
        the demo stop (a device prompt still open is cancelled on the device)."""
        self.status.showMessage(_("Closing…"))
        self.status.repaint()
        self.connections.disconnect_all()
        self._close_session()
        if self.runner is not None:
            self.runner.wait_for_done(5000)
        super().closeEvent(event)
