"""The pseudo-locale on the error box, where the cores' sentences reach the screen: every
sentence from the catalog, its values as they were, none of it cut off at the wizard's width
(its room at the default window size of 1280×720)."""

from __future__ import annotations

import pytest
from hwilib import errors as hwe
from pytestqt.qtbot import QtBot

from pocketgui.api.errors import error_for
from pocketgui.devices import errors as e
from pocketgui.devices.hwi_errors import error_from_code
from pocketgui.devices.usb_access import UDEV_COMMAND
from pocketgui.i18n.catalog import set_language
from pocketgui.i18n.pseudo import END, START
from pocketgui.payments import validation
from pocketgui.payments.errors import InvalidReference
from pocketgui.ui.widgets.error_box import ErrorBox
from tests.ui.visible_texts import unmarked

WIZARD_WIDTH = 900  # the wizard page's content beside its step rail at 1280×720


def _reference_error() -> InvalidReference:
    with pytest.raises(InvalidReference) as raised:
        validation.creditor_reference("RF00 1234")
    return raised.value


ERRORS = {
    "device locked": lambda: error_from_code(hwe.DEVICE_NOT_READY, "Device is locked"),
    "address mismatch": lambda: e.AddressMismatch("device showed x, derived y"),
    "usb permissions": lambda: error_from_code(hwe.NEED_TO_BE_ROOT, "LIBUSB_ERROR_ACCESS"),
    "pocket refused": lambda: error_for(400, "challenge_expired"),
    "unknown code": lambda: error_for(418, "teapot"),
    "reference": _reference_error,
}


@pytest.mark.parametrize("make", ERRORS.values(), ids=ERRORS.keys())
def test_a_core_error_in_the_error_box_is_marked_whole_and_not_cut(qtbot: QtBot,
                                                                   make: object) -> None:
    set_language("xx")
    error = make()  # type: ignore[operator]
    box = ErrorBox()
    qtbot.addWidget(box)
    box.resize(WIZARD_WIDTH, 400)
    # what the wizard's explain() shows: the sentence, then the fix (its heading is the wizard's)
    sentence = getattr(error, "message", None) or str(error)  # a PocketError's, without its code
    paragraphs = [sentence, *([error.fix] if isinstance(error, e.PermissionDenied) else [])]
    box.show_error("\n\n".join(paragraphs))
    box.show()
    qtbot.waitExposed(box)
    label = box.message
    assert unmarked(label, set()) == []
    assert all(p.startswith(START) and p.endswith(END) for p in paragraphs), paragraphs
    if isinstance(error, e.PermissionDenied):  # the command is not words: as it is
        assert f"\n{UDEV_COMMAND}\n" in error.fix
    if getattr(error, "code", "") == "teapot":  # Pocket's code and status, never translated
        assert "(teapot, " in label.text() and " 418)" in label.text()
    assert label.width() <= box.width()  # nothing pushed out of the page
    assert label.height() >= label.heightForWidth(label.width())  # every line shown
