from __future__ import annotations

import pytest

from pocketgui.payments import ErrorCorrection, QrDataTooLong, make_qr_matrix


def test_smallest_version_that_fits() -> None:
    matrix = make_qr_matrix("hello")
    assert (matrix.version, matrix.size) == (1, 21)
    assert all(len(row) == 21 for row in matrix.rows)


def test_version_40_is_the_limit() -> None:
    assert make_qr_matrix("x" * 2331, ErrorCorrection.M).version == 40
    with pytest.raises(QrDataTooLong, match="error correction M"):
        make_qr_matrix("x" * 2332, ErrorCorrection.M)
    with pytest.raises(QrDataTooLong, match="error correction H"):
        make_qr_matrix("x" * 1300, ErrorCorrection.H)
