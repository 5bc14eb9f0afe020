"""Charts as SVG (pygal), embedded as data: URIs so the pages need no script and the
PDF renderer draws them too. A suppressed count is a gap in a chart, never a guess:
the tables beside every chart say "suppressed".

Every chart is drawn the same size with the same fonts, so pages show them at one scale.
Value axes have round ticks (0, 20, 40 ...) from 0; labels are never cut short: category
names that do not fit under their bars turn the chart on its side, with room on the left
for the longest name. The key to the colours is HTML under the picture (`Chart.key`), so
it wraps rather than being cut. A chart with nothing to draw is no chart but a sentence
(`Chart.empty`), and a comparison series with no figures at all is left out and said to
be (`Chart.notes`), rather than drawn flat at zero.
"""

import base64
import math
import textwrap
from collections.abc import Mapping, Sequence

import pygal
from pygal.style import Style

from reporting.protection import Shown

PALETTE = ("#1d4e89", "#c05621", "#2f855a", "#6b46c1", "#b83280", "#2b6cb0", "#718096")

WIDTH, HEIGHT = 480, 340
FONT = 15
TITLE_FONT = 17
# pygal measures a text as 0.6 of the font size a character; DejaVu Sans's bold titles are
# wider than that, so they are wrapped here at a wider measure.
_CHAR = 0.6
_BOLD_CHAR = 0.72

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1a202c",
    foreground_strong="#1a202c",
    foreground_subtle="#4a5568",
    colors=PALETTE,
    opacity="0.8",
    font_family="DejaVu Sans, Arial, sans-serif",
    label_font_size=FONT,
    major_label_font_size=FONT,
    legend_font_size=FONT,
    title_font_size=TITLE_FONT,
    value_font_size=FONT,
    tooltip_font_size=FONT,
    no_data_font_size=FONT,
)

_COMMON = {
    "style": STYLE,
    "js": [],
    "disable_xml_declaration": True,
    "explicit_size": False,
    "width": WIDTH,
    "height": HEIGHT,
    "print_values": False,
    "margin": 10,
    # the key is HTML under the picture (Chart.key): it wraps on a phone, never cut
    "show_legend": False,
    "truncate_label": -1,
    "include_x_axis": True,
    "show_minor_y_labels": True,
}


class Chart(str):
    """A chart's data: URI. Empty ("", false in a template) when there is nothing to draw:
    `empty` is then the sentence to show instead. `key` names the series in the order of
    PALETTE's colours (when there are several); `notes` say what the chart leaves out.
    templates/charts.html shows all of it."""

    empty: str | None
    key: tuple[str, ...]
    notes: tuple[str, ...]

    def __new__(
        cls,
        uri: str = "",
        *,
        empty: str | None = None,
        key: Sequence[str] = (),
        notes: Sequence[str] = (),
    ) -> "Chart":
        chart = super().__new__(cls, uri)
        chart.empty = empty
        chart.key = tuple(key) if len(key) > 1 else ()
        chart.notes = tuple(notes)
        return chart


def plotted(value: Shown | float | None) -> float | None:
    """A shown count, or a gap for a suppressed one."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def nice_ticks(top: float, most: int = 6) -> list[float]:
    """Evenly spaced round ticks from 0 to the first one at or above `top`: steps of 1, 2,
    2.5 or 5 times a power of ten, at most `most` steps."""
    top = max(top, 0.0)
    if top == 0:
        return [0.0, 1.0]
    power = 10 ** math.floor(math.log10(top / most))
    step = next(power * f for f in (1, 2, 2.5, 5, 10) if top / (power * f) <= most)
    steps = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(steps + 1)]


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _percent(value: float) -> str:
    return f"{value:.0f}%"


def _wrap_title(title: str | None) -> str | None:
    if not title:
        return None
    return "\n".join(textwrap.wrap(title, int((WIDTH - 20) / (TITLE_FONT * _BOLD_CHAR))))


def _sentence_for_nothing(series: Mapping[str, Sequence[Shown | float | None]]) -> str:
    values = [v for vs in series.values() for v in vs]
    if any(v is not None and plotted(v) is None for v in values):
        return "Nothing to chart: every figure is 0 or suppressed (see the table)."
    return "Nothing to chart: there are no figures for this period."


def _has_figures(values: Sequence[Shown | float | None]) -> bool:
    """Any count above zero, or a suppressed one (which is a small count, not none)."""
    return any((plotted(v) or 0) > 0 or (v is not None and plotted(v) is None) for v in values)


def _any_bar(series: Mapping[str, Sequence[Shown | float | None]]) -> bool:
    return any((plotted(v) or 0) > 0 for vs in series.values() for v in vs)


def _drawn(
    series: Mapping[str, Sequence[Shown | float | None]],
) -> tuple[dict[str, Sequence[Shown | float | None]], list[str]]:
    """The series to draw, and notes on the comparisons left out for having no figures."""
    names = list(series)
    kept = {name: values for name, values in series.items() if _has_figures(values)}
    if not kept:
        return {}, []
    notes = [
        f"No figures for {name}, so the chart has no {name} to compare with."
        for name in names[1:]
        if name not in kept
    ]
    if names[0] not in kept:  # the period itself has nothing: draw what there is at 0
        kept = {names[0]: series[names[0]], **kept}
    return kept, notes


def _value_axis(
    series: Mapping[str, Sequence[Shown | float | None]], percent: bool, room: float | None
) -> dict:
    """Round ticks from 0; `room` is the width of a value axis drawn across the chart,
    which takes as many ticks as fit side by side."""
    top = 100.0 if percent else max(plotted(v) or 0 for vs in series.values() for v in vs)
    formatter = _percent if percent else _number
    most = 6
    if room is not None:
        widest = (len(formatter(top)) + 1) * FONT * _CHAR + 14
        most = max(2, min(6, int(room // widest)))
    ticks = [t for t in nice_ticks(top, most) if not percent or t <= 100]
    axis = {"y_labels": ticks, "range": (0, ticks[-1]), "value_formatter": formatter}
    if room is not None:  # the last tick is centred on the plot's right edge
        axis["margin_right"] = 10 + int(len(formatter(ticks[-1])) * FONT * _CHAR / 2)
    return axis


def _uri(chart: pygal.graph.graph.Graph, key: Sequence[str], notes: Sequence[str]) -> Chart:
    svg = chart.render(is_unicode=True).encode()
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    return Chart(uri, key=key, notes=notes)


def _fits_under_bars(labels: Sequence[str], groups: int) -> bool:
    """Whether the longest label fits across the width of its group of bars."""
    if not labels:
        return True
    slot = (WIDTH - 70) / max(groups, 1)
    return max(len(label) for label in labels) * FONT * _CHAR <= slot * 0.95


def bar(
    title: str | None,
    labels: Sequence[str],
    series: Mapping[str, Sequence[Shown | float | None]],
    *,
    horizontal: bool = False,
    y_title: str | None = None,
    rotate: int = 0,
    percent: bool = False,
) -> Chart:
    """Bars of each series per label, in the labels' order (on its side: top to bottom).

    `percent` draws an axis from 0% to 100%. `rotate` is not used: labels are never
    turned, a chart whose labels do not fit under their bars is drawn on its side."""
    del rotate
    drawn, notes = _drawn(series)
    if not _any_bar(drawn):
        return Chart(empty=_sentence_for_nothing(series))
    crowded = len(labels) > 12  # e.g. 24 hours: label every third, keep every bar
    sideways = horizontal or not (crowded or _fits_under_bars(labels, len(labels)))
    shown = list(labels)
    values = {name: [plotted(v) for v in vs] for name, vs in drawn.items()}
    if sideways:  # pygal draws the first label at the bottom
        shown.reverse()
        values = {name: vs[::-1] for name, vs in values.items()}
    longest = max((len(label) for label in shown), default=0)
    room = WIDTH - 40 - longest * FONT * (_CHAR + 0.08) if sideways else None
    chart = (pygal.HorizontalBar if sideways else pygal.Bar)(
        title=_wrap_title(title),
        y_title=y_title,
        x_labels_major_every=3 if crowded and not sideways else None,
        show_minor_x_labels=not (crowded and not sideways),
        **_value_axis(drawn, percent, room),
        **(
            # pygal's own room for the names, and a little more for wide letters
            {"margin_left": 10 + int(longest * FONT * 0.08)} if sideways else {}
        ),
        **_COMMON,
    )
    chart.x_labels = shown
    for name, vs in values.items():
        chart.add(name, vs)
    return _uri(chart, list(values), notes)


def line(
    title: str | None,
    labels: Sequence[str],
    series: Mapping[str, Sequence[Shown | float | None]],
    *,
    y_title: str | None = None,
    percent: bool = False,
) -> Chart:
    """A line of each series across the labels (months, say); gaps where suppressed."""
    drawn, notes = _drawn(series)
    if not _any_bar(drawn):
        return Chart(empty=_sentence_for_nothing(series))
    last = len(labels[-1]) if labels else 0
    slot = (WIDTH - 70) / max(len(labels), 1)
    turned = bool(labels) and max(len(label) for label in labels) * FONT * _CHAR > slot * 0.9
    chart = pygal.Line(
        title=_wrap_title(title),
        y_title=y_title,
        x_label_rotation=45 if turned else 0,
        allow_interruptions=True,
        dots_size=4,
        # the last label is centred on the last point, at the plot's right edge
        margin_right=10 + (0 if turned else int(last * FONT * _CHAR / 2)),
        **_value_axis(drawn, percent, None),
        **_COMMON,
    )
    chart.x_labels = list(labels)
    for name, values in drawn.items():
        chart.add(name, [plotted(v) for v in values])
    return _uri(chart, list(drawn), notes)


def funnel(
    title: str | None, stages: Sequence[str], series: Mapping[str, Sequence[Shown]]
) -> Chart:
    """Each provider's routes at each stage, as grouped bars (a funnel read left to right)."""
    return bar(title, stages, series)
