"""Trezor wire protocol v1: 64-byte packets carrying protobuf messages.

The first packet of a message is ``?##`` + type (2 bytes) + length (4 bytes) + payload, every
further packet ``?`` + payload, each padded with zeros to 64 bytes. The emulator's transport
also answers the raw 8-byte probe ``PINGPING`` with ``PONGPONG`` (that is how hosts find it).

Messages are encoded with the protobuf definitions HWI vendors from trezorlib: reading a real
protocol definition, not HWI's client code.
"""

from __future__ import annotations

import struct
from typing import Any

from hwilib.devices.trezorlib import mapping as _mapping

PACKET_SIZE = 64
PING = b"PINGPING"
PONG = b"PONGPONG"
_HEADER = struct.Struct(">HL")
_FIRST_MAGIC = b"?##"
_NEXT_MAGIC = b"?"

Message = Any  # a hwilib.devices.trezorlib.messages class instance (untyped upstream)
_MAPPING = _mapping.DEFAULT_MAPPING


def frame(msg_type: int, payload: bytes) -> list[bytes]:
    """Split one message into padded 64-byte packets."""
    buffer = b"##" + _HEADER.pack(msg_type, len(payload)) + payload
    packets = []
    for start in range(0, len(buffer), PACKET_SIZE - 1):
        packets.append(
            (_NEXT_MAGIC + buffer[start : start + PACKET_SIZE - 1]).ljust(PACKET_SIZE, b"\0")
        )
    return packets


def encode(message: Message) -> list[bytes]:
    """Packets for a protobuf message object."""
    msg_type, payload = _MAPPING.encode(message)
    return frame(msg_type, payload)


def decode(msg_type: int, payload: bytes) -> Message | None:
    """The message object, or None for a wire type or payload this protocol does not know."""
    try:
        return _MAPPING.decode(msg_type, payload)
    except Exception:  # unknown type (KeyError) or malformed protobuf: the device says Failure
        return None


class Reassembler:
    """Collects the packets of one peer into whole messages."""

    def __init__(self) -> None:
        self._type: int | None = None
        self._length = 0
        self._buffer = bytearray()

    def feed(self, packet: bytes) -> tuple[int, bytes] | None:
        """Add a packet; returns (type, payload) once a message is complete.

        A packet that is neither a first nor an expected continuation packet is dropped, as a
        device drops noise on the wire.
        """
        if packet.startswith(_FIRST_MAGIC) and len(packet) >= 3 + _HEADER.size:
            self._type, self._length = _HEADER.unpack_from(packet, 3)
            self._buffer = bytearray(packet[3 + _HEADER.size :])
        elif packet.startswith(_NEXT_MAGIC) and self._type is not None:
            self._buffer.extend(packet[1:])
        else:
            return None
        if len(self._buffer) < self._length:
            return None
        msg_type, payload = self._type, bytes(self._buffer[: self._length])
        self._type, self._length, self._buffer = None, 0, bytearray()
        return msg_type, payload
