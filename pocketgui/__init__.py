"""pocketgui: a desktop companion for Pocket's bitcoin purchase API."""

import sys

__version__ = "0.1.0"

# httpx imports its command line (`httpx._main`: click, rich, pygments; ~10 MB, 50 ms) whenever
# those happen to be installed (a dev environment: schemathesis brings rich), and skips it
# otherwise. The app never runs it: make it "not installed" before anything imports httpx.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
