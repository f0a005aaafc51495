"""The simulated Trezor's firmware logic: one message in, at most one message out.

No sockets here (see server.py). The flows follow the Trezor firmware as hosts see it:
- a seed operation on a PIN-locked device first asks PinMatrixRequest; the host answers the
  positions of the digits on the scrambled keypad; a wrong PIN is Failure(PinInvalid) and the
  request is dropped;
- with passphrase protection, the first seed operation of a session asks PassphraseRequest
  (entry on the host); the session keeps it until EndSession, and Initialize with the
  session's id resumes it (a new Initialize starts a session that asks again);
- anything shown for confirmation is a ButtonRequest; after the host's ButtonAck the scripted
  person decides: the next screen's ButtonRequest (a signature has up to three: the path
  warning, the address, the message), the result, Failure(ActionCancelled), or either some
  seconds later;
- Cancel (also what trezorlib sends to probe protocol v1) answers Failure(ActionCancelled);
- anything else is Failure(UnexpectedMessage).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from embit import bip32
from hwilib.devices.trezorlib import messages as m

from pocketgui.devices.simulator import answers, keys
from pocketgui.devices.simulator.answers import failure
from pocketgui.devices.simulator.person import Screen, ScriptedPerson
from pocketgui.devices.simulator.wire import Message

FIRMWARE = {"1": (1, 12, 1), "T": (2, 8, 1)}
MAX_SESSIONS = 10


@dataclass
class _Confirmation:
    """A result the person must confirm first, screen after screen."""

    steps: list[answers.Step]  # the first is on the screen (or about to be)
    result: Message
    acked: bool = False
    due: float | None = None  # when the person presses confirm


@dataclass
class _Session:
    passphrase: str | None = None


@dataclass
class DeviceConfig:
    mnemonic: str = keys.DEFAULT_MNEMONIC
    pin: str | None = None
    passphrase_protection: bool = False
    label: str = "pocketgui simulator"
    model: str = "T"
    device_id: str = field(default="")


class TrezorFirmware:
    """State machine of one device. All methods are called under the server's lock."""

    def __init__(
        self,
        config: DeviceConfig,
        person: ScriptedPerson,
        on_screen: Callable[[Screen], None] | None = None,
    ) -> None:
        if config.model not in FIRMWARE:
            raise ValueError(f"unsupported model {config.model!r} (choose '1' or 'T')")
        if config.pin is not None and not (config.pin.isdigit() and "0" not in config.pin):
            raise ValueError("a Trezor PIN is made of the digits 1–9")
        self.config = config
        self.mnemonic = keys.validate_mnemonic(config.mnemonic)
        if not config.device_id:
            digest = hashlib.sha256(self.mnemonic.encode()).hexdigest()
            config.device_id = digest[:24].upper()
        self.person = person
        self._on_screen = on_screen
        self.signed: list[bytes] = []  # every message signature handed out, across power cycles
        self.power_on()

    # ----- lifecycle ---------------------------------------------------------------------------
    def power_on(self) -> None:
        """State after plugging in: locked, no sessions, nothing pending."""
        self.unlocked = self.config.pin is None
        self._sessions: dict[bytes, _Session] = {}
        self._session_id: bytes | None = None
        self._pending: Message | None = None  # request waiting for PIN or passphrase
        self._awaiting: str | None = None  # "pin" | "passphrase" | None
        self._matrix: str | None = None
        self._confirmation: _Confirmation | None = None

    def lock(self) -> None:
        if self.config.pin is not None:
            self.unlocked = False

    @property
    def pin_matrix(self) -> str | None:
        """Digits on the keypad while a PIN is asked: matrix[k-1] is at keypad position k
        (7 8 9 / 4 5 6 / 1 2 3), the convention of Trezor's debug link. None otherwise."""
        return self._matrix if self._awaiting == "pin" else None

    # ----- message handling --------------------------------------------------------------------
    def receive(self, msg: Message | None, now: float) -> Message | None:
        """Answer one host message; None when the answer comes later (see `due`)."""
        if msg is None:
            return failure(m.FailureType.UnexpectedMessage, "Unexpected message")
        if isinstance(msg, m.ButtonAck):
            return self._button_ack(now)
        if isinstance(msg, m.PinMatrixAck):
            return self._pin_ack(msg.pin or "")
        if isinstance(msg, m.PassphraseAck):
            return self._passphrase_ack(msg)
        if isinstance(msg, m.GetFeatures):  # answered without disturbing a pending flow
            return self.features()
        self._abort()
        if isinstance(msg, m.Initialize):
            return self._initialize(msg.session_id)
        if isinstance(msg, m.Cancel):
            return failure(m.FailureType.ActionCancelled, "Cancelled")
        if isinstance(msg, m.Ping):
            if msg.button_protection:
                return self._confirm(
                    [(m.ButtonRequestType.ProtectCall, Screen("Ping", msg.message or ""))],
                    m.Success(message=msg.message),
                )
            return m.Success(message=msg.message)
        if isinstance(msg, m.EndSession):
            if self._session_id is not None:
                self._sessions.pop(self._session_id, None)
                self._session_id = None
            return m.Success(message="Session ended")
        if isinstance(msg, m.LockDevice):
            self.lock()
            return m.Success(message="Session cleared")
        if isinstance(msg, (m.ApplyFlags, m.GetPublicKey, m.GetAddress, m.SignMessage)):
            return self._gate(msg)
        return failure(m.FailureType.UnexpectedMessage, "Unexpected message")

    def due(self, now: float) -> Message | None:
        """The delayed answer, once the person has pressed confirm."""
        c = self._confirmation
        if c is not None and c.due is not None and now >= c.due:
            return self._advance(c)
        return None

    def next_deadline(self) -> float | None:
        c = self._confirmation
        return c.due if c is not None else None

    def features(self, session_id: bytes | None = None) -> Message:
        major, minor, patch = FIRMWARE[self.config.model]
        return m.Features(
            vendor="trezor.io",
            major_version=major,
            minor_version=minor,
            patch_version=patch,
            bootloader_mode=None,
            device_id=self.config.device_id,
            pin_protection=self.config.pin is not None,
            passphrase_protection=self.config.passphrase_protection,
            language="en-US",
            label=self.config.label,
            initialized=True,
            unlocked=self.unlocked,
            needs_backup=False,
            no_backup=False,
            model=self.config.model,
            capabilities=[m.Capability.Bitcoin, m.Capability.Crypto],
            passphrase_always_on_device=False,
            session_id=session_id,
        )

    # ----- flows -------------------------------------------------------------------------------
    def _abort(self) -> None:
        """A new request ends whatever was pending, as on the device."""
        self._pending = None
        self._awaiting = None
        self._matrix = None
        self._confirmation = None

    def _initialize(self, session_id: bytes | None) -> Message:
        if session_id is None or session_id not in self._sessions:
            session_id = secrets.token_bytes(32)
            self._sessions[session_id] = _Session()
            while len(self._sessions) > MAX_SESSIONS:
                self._sessions.pop(next(iter(self._sessions)))
        self._session_id = session_id
        return self.features(session_id=session_id)

    def _session(self) -> _Session:
        if self._session_id is None or self._session_id not in self._sessions:
            self._initialize(None)
        assert self._session_id is not None
        return self._sessions[self._session_id]

    def _gate(self, request: Message) -> Message:
        """PIN first, then the passphrase, then the request itself."""
        if not self.unlocked:
            self._pending, self._awaiting = request, "pin"
            digits = list("123456789")
            secrets.SystemRandom().shuffle(digits)
            self._matrix = "".join(digits)
            self._show(Screen("PIN", self._matrix))
            return m.PinMatrixRequest(type=m.PinMatrixRequestType.Current)
        if (
            not isinstance(request, m.ApplyFlags)
            and self.config.passphrase_protection
            and self._session().passphrase is None
        ):
            self._pending, self._awaiting = request, "passphrase"
            return m.PassphraseRequest()
        return self._execute(request)

    def _pin_ack(self, positions: str) -> Message:
        if self._awaiting != "pin" or self._pending is None or self._matrix is None:
            return failure(m.FailureType.UnexpectedMessage, "PIN matrix not requested")
        matrix, request = self._matrix, self._pending
        self._abort()
        entered = "".join(matrix[int(p) - 1] for p in positions if p in "123456789")
        if len(entered) != len(positions) or entered != self.config.pin:
            return failure(m.FailureType.PinInvalid, "Invalid PIN")
        self.unlocked = True
        return self._gate(request)

    def _passphrase_ack(self, ack: Message) -> Message:
        if self._awaiting != "passphrase" or self._pending is None:
            return failure(m.FailureType.UnexpectedMessage, "Passphrase not requested")
        if ack.on_device:
            self._abort()
            return failure(
                m.FailureType.DataError, "Passphrase entry on the device is not available"
            )
        request = self._pending
        self._abort()
        self._session().passphrase = ack.passphrase or ""
        return self._gate(request)

    def _execute(self, request: Message) -> Message:
        if isinstance(request, m.ApplyFlags):
            return m.Success(message="Flags applied")
        reply = answers.answer(request, self._root())
        if not reply.confirm:
            return reply.result
        return self._confirm(list(reply.confirm), reply.result)

    def _root(self) -> bip32.HDKey:
        passphrase = self._session().passphrase if self.config.passphrase_protection else ""
        return keys.root_key(self.mnemonic, passphrase or "")

    def _confirm(self, steps: list[answers.Step], result: Message) -> Message:
        self._confirmation = _Confirmation(steps=steps, result=result)
        return m.ButtonRequest(code=steps[0][0])

    def _button_ack(self, now: float) -> Message | None:
        c = self._confirmation
        if c is None or c.acked:
            return failure(m.FailureType.UnexpectedMessage, "Unexpected message")
        c.acked = True
        screen = c.steps[0][1]
        self._show(screen)
        decision = self.person.decide(screen)
        if not decision.confirm:
            self._confirmation = None
            return failure(m.FailureType.ActionCancelled, "Cancelled")
        if decision.delay > 0:
            c.due = now + decision.delay
            return None
        return self._advance(c)

    def _advance(self, c: _Confirmation) -> Message:
        """The person confirmed the screen: the next one, or the result after the last."""
        c.steps.pop(0)
        if c.steps:
            c.acked, c.due = False, None
            return m.ButtonRequest(code=c.steps[0][0])
        self._confirmation = None
        return self._release(c.result)

    def _release(self, result: Message) -> Message:
        if isinstance(result, m.MessageSignature):
            self.signed.append(bytes(result.signature))
        return result

    def _show(self, screen: Screen) -> None:
        if self._on_screen is not None:
            self._on_screen(screen)
