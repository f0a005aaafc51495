"""Dialogs the wizard opens without blocking (`open()`, never `exec()`): PIN and passphrase."""
