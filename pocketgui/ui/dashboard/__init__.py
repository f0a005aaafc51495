"""The dashboard: every order of the environment and every purchase, kept live by the tracker.

`Dashboard` (dashboard.py) is the widget; `Notifier` (notifications.py) says what happened;
`TrayPresence` (tray.py) keeps tracking when the window is closed; `DemoHelpers`
(demo_controls.py) plays bank, blockchain and identification in Demo. Import each from its own
module: nothing is re-exported here, so importing one does not load the others.
"""
