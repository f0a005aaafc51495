"""pocketgui: a desktop companion for Pocket's bitcoin purchase API."""

__version__ = "0.1.0"
