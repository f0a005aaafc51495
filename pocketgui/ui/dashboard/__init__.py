"""The dashboard: every order of the environment and every purchase, kept live by the tracker.

`dashboard.Dashboard` is the widget; `notifications.Notifier` says what happened (tray or
toast); `tray.TrayPresence` keeps tracking when the window is closed; `live_tracking` starts
the tracker (and in Demo the webhook receiver); `demo_helpers.DemoHelpers` plays bank,
blockchain and identification desk in Demo. Import each from its own module: nothing is
re-exported here, so importing one does not load the others.
"""
