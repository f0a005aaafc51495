"""`pocketgui-devsim` starts, answers the emulator probe, and stops on SIGTERM."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys

from pocketgui.devices.simulator import cli, wire


def test_cli_serves_until_terminated() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "pocketgui.devices.simulator.cli", "--port", "0", "--pin", "12"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.search(r"udp:127\.0\.0\.1:(\d+), fingerprint 73c5da0a", line)
        assert match, line
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        probe.settimeout(3)
        probe.sendto(wire.PING, ("127.0.0.1", int(match.group(1))))
        assert probe.recv(8) == wire.PONG
        probe.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0


def test_cli_refuses_bad_input() -> None:
    assert cli.main(["--pin", "abc"]) == 2
    assert cli.main(["--person", "maybe", "--port", "0"]) == 2
