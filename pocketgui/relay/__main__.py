"""`python -m pocketgui.relay`: the same as the `pocketgui-relay` command."""

import sys

from pocketgui.relay.cli import main

sys.exit(main())
