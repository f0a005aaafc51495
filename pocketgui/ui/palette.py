"""Every colour the UI paints, named for what it means, and the styles several screens share.

Colours are hex strings, so this module imports no Qt: the welcome page's start-up stays as
light as before, and a painter takes `QColor(palette.INK)` where it needs one. One red says
"bad" everywhere — text, borders and alarm backgrounds — where the wizard and the dashboard had
two; it is the darker of the two, which keeps white text on it and it on white above 6:1.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict, TypeVar, Unpack

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound="QWidget")

# -- text on the window's own background ----------------------------------------------------------
BAD = "#b3261e"  # something is wrong: errors, refusals, alarms
OK = "#1e7b34"  # a check passed
DONE = "#2e7d32"  # a step or payment that is done (the timeline's dots, a paid invoice)
WARN = "#8a5a00"  # worth a look, nothing wrong yet
QUIET = "#555555"  # a status that needs nothing of the person
INK = "#263238"  # painted text and lines (chart, timeline)
MUTED = "#78909c"  # painted secondary text: axes, past orders
STEP_TODO = "#b0bec5"  # a timeline step not reached yet
STEP_TODO_INK = "#90a4ae"
STEP_TIME_INK = "#607d8b"
WHITE = "#ffffff"

# -- the price chart ------------------------------------------------------------------------------
PRICE = "#1e88e5"
AVERAGE = "#e65100"  # also the timeline's "this step went wrong" dot
GRID = "#e3e6ea"

# -- surfaces -------------------------------------------------------------------------------------
ALARM_BG, ALARM_INK, ALARM_BORDER = "#fdecea", "#7b241c", "#e57373"  # an error box, a toast
PAID_BG, PAID_INK, PAID_BORDER = "#e8f5e9", "#1b5e20", "#81c784"  # a proven payout
NOTE_BG, NOTE_BORDER = "#fff3e0", "#ffb74d"  # a purchase known from the chain only
DEMO_BG, AMBER = "#fff8e1", "#f5b700"  # the Demo's banner and controls
BANNER_INK = "#1a1a1a"
WIZARD_CARD_BG, WIZARD_CARD_BORDER = "#f7f8fa", "#c8ccd2"
DASHBOARD_CARD_BG, DASHBOARD_CARD_BORDER = "#f5f7fa", "#dde3ea"
PANEL_BORDER = "#cfd8dc"  # the lightning payout panel
STEP_RAIL_BG = "#eef0f3"
DEVICE_SCREEN_BG, DEVICE_SCREEN_INK = "#101418", "#f2f2f2"  # the simulated device's display

# -- badges in the purchases table: (background, text) --------------------------------------------
BADGE_WAITING = ("#eceff1", "#37474f")
BADGE_INTERRUPTED = ("#ffe0a3", "#6d4c00")
BADGE_EXECUTED = ("#d6e9ff", "#0d47a1")
BADGE_SENT = ("#d3f2ef", "#00695c")
BADGE_DONE = ("#d8f3d8", PAID_INK)
BADGE_REFUNDED = ("#e7e7e7", "#424242")
BADGE_FAILED = ("#f8d7da", "#8b1a1a")
BADGE_ALARM = (BAD, WHITE)
BADGE_NEEDS_YOU = (NOTE_BORDER, "#4e2a00")


def text_style(colour: str) -> str:
    """A label's style sheet that only sets its text colour."""
    return f"color: {colour};"


BAD_TEXT, OK_TEXT, DONE_TEXT, WARN_TEXT, QUIET_TEXT = map(text_style, (BAD, OK, DONE, WARN, QUIET))


# -- shared widget styles -------------------------------------------------------------------------


class BoxStyle(TypedDict, total=False):
    background: str
    border: str
    border_width: int
    radius: int
    ink: str


def box_style(name: str, *, background: str | None = None, border: str | None = None,
              border_width: int = 1, radius: int = 6, ink: str | None = None) -> str:
    """The style sheet of a rounded box (a card, an alarm, a note) named `name`, and of the
    labels in it when `ink` is given; by object name, so widgets inside keep their own look."""
    rules = [f"background: {background};"] if background else []
    if border:
        rules.append(f"border: {border_width}px solid {border};")
    rules.append(f"border-radius: {radius}px;")
    sheet = f"#{name} {{ {' '.join(rules)} }}"
    return sheet + (f" #{name} QLabel {{ color: {ink}; }}" if ink else "")


def tinted(widget: W, name: str, **style: Unpack[BoxStyle]) -> W:
    """`widget` named `name` and styled as `box_style(name, **style)` says."""
    widget.setObjectName(name)
    widget.setStyleSheet(box_style(name, **style))
    return widget


CARD: BoxStyle = {"background": DASHBOARD_CARD_BG, "border": DASHBOARD_CARD_BORDER}
ALARM: BoxStyle = {"background": BAD, "ink": WHITE}  # a red box with white text: money went astray
NOTE: BoxStyle = {"background": NOTE_BG, "border": NOTE_BORDER}
