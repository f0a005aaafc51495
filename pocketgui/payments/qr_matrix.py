"""The module matrix of a QR code, computed without Qt so the widget and the slip share it.

The data is encoded as one UTF-8 byte segment (what the SPC and EPC standards expect and what
every banking app reads). The smallest version that fits is chosen; data that would need more
than version 40 at the chosen error correction is refused with a clear error, never truncated.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import qrcode
import qrcode.constants
import qrcode.exceptions
import qrcode.util

from pocketgui.i18n.catalog import _
from pocketgui.payments.errors import QrDataTooLong


class ErrorCorrection(StrEnum):
    L = "L"  # ~7 % of the code can be lost
    M = "M"  # ~15 %: what the Swiss QR-bill (with its cross) and EPC QR require
    Q = "Q"  # ~25 %
    H = "H"  # ~30 %


_LEVELS = {
    ErrorCorrection.L: qrcode.constants.ERROR_CORRECT_L,
    ErrorCorrection.M: qrcode.constants.ERROR_CORRECT_M,
    ErrorCorrection.Q: qrcode.constants.ERROR_CORRECT_Q,
    ErrorCorrection.H: qrcode.constants.ERROR_CORRECT_H,
}
QUIET_ZONE = 4  # modules of white around the code, as ISO/IEC 18004 requires


@dataclass(frozen=True)
class QrMatrix:
    data: str
    version: int
    error_correction: ErrorCorrection
    rows: tuple[tuple[bool, ...], ...]  # True = dark module; no quiet zone

    @property
    def size(self) -> int:
        return len(self.rows)


def make_qr_matrix(data: str, error_correction: ErrorCorrection = ErrorCorrection.M) -> QrMatrix:
    raw = data.encode("utf-8")
    code = qrcode.QRCode(version=None, error_correction=_LEVELS[error_correction], border=0)
    code.add_data(qrcode.util.QRData(raw, mode=qrcode.util.MODE_8BIT_BYTE))
    try:
        code.make(fit=True)
    except (qrcode.exceptions.DataOverflowError, ValueError):  # qrcode raises either
        raise QrDataTooLong(
            _("{size} bytes do not fit in a QR code at error correction {level} (version 40 is "
              "the largest).").format(size=len(raw), level=error_correction.value)
        ) from None
    rows = tuple(tuple(bool(cell) for cell in row) for row in code.modules)
    return QrMatrix(data, code.version, error_correction, rows)
