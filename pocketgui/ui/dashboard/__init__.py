"""The dashboard: every order of the environment and every purchase, kept live by the tracker.

`dashboard.Dashboard` is the widget; `notifications.Notifier` says what happened (tray or
toast); `tray.TrayPresence` keeps tracking when the window is closed; `order_actions` and
`demo_actions` are what the buttons do. The dashboard renders the Qt-free purchases core
(`pocketgui.purchases`: the session, the tracker and its sources of news, every read and call).
Import each from its own module: nothing is re-exported here, so importing one does not load
the others.
"""
