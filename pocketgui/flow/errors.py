"""What the flow itself can refuse, in sentences for a person.

    FlowError                  the step cannot do that now (str(e) is the sentence)
    ├── ChallengeExpired       the challenge ran out before the order was sent: sign again
    └── SignatureRefused       Pocket refused the signature in both header conventions

Errors of the layers below (DeviceError, UserCancelled, PocketError) pass through unchanged.
"""

from __future__ import annotations

from pocketgui.i18n.catalog import _


class FlowError(Exception):
    pass


class ChallengeExpired(FlowError):
    def __init__(self) -> None:
        super().__init__(_("The challenge expired before the order was sent. A new one was "
                           "created: sign it on your device again."))


class SignatureRefused(FlowError):
    def __init__(self, detail: str) -> None:
        super().__init__(_(
            "Pocket did not accept the device's signature, neither as the device made it nor "
            "in the BIP-137 form for this address type. Nothing was created. Try another "
            "address type (native segwit is the most widely accepted) or contact Pocket."))
        self.detail = detail
