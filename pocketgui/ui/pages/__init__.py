"""One module per page of the main window and the wizard."""
