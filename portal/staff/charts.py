"""Server-rendered SVG charts: the geometry of horizontal bar charts, drawn by
``templates/staff/charts/bars.html`` (no JavaScript, no chart library). Every chart is drawn
beside a table of the same figures, its text alternative."""

from dataclasses import dataclass

# Each row: its label on a line of its own (labels are long, in Chinese and in English), the bar
# below it, the value to the bar's right.
WIDTH, ROW_HEIGHT, BAR_HEIGHT, VALUE_WIDTH = 640, 46, 16, 80


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the value as shown
    y: int  # top of the row: the label's line; the bar is ``BAR_OFFSET`` below
    width: float  # of the filled bar, in px
    over: bool = False  # beyond the whole (more than 100 % of a target)


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    bars: tuple
    height: int
    track: float  # px of a full bar
    width: int = WIDTH
    bar_offset: int = 20
    bar_height: int = BAR_HEIGHT


def bars(key, title, rows):
    """A chart of ``rows``: ``(label, fraction of a full bar (0..), value text)``; a fraction
    above 1 is drawn full and marked."""
    track = WIDTH - VALUE_WIDTH
    drawn = tuple(
        Bar(str(label), text, index * ROW_HEIGHT + 2, round(track * min(max(share or 0, 0), 1), 1),
            bool(share and share > 1))
        for index, (label, share, text) in enumerate(rows))
    return Chart(key, str(title), drawn, len(drawn) * ROW_HEIGHT + 4, track)


def scaled(key, title, rows):
    """``rows`` of ``(label, number, text)`` scaled to the largest number."""
    top = max((value for _, value, _ in rows), default=0) or 1
    return bars(key, title, [(label, value / top, text) for label, value, text in rows])
