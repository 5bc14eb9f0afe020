"""Charts as SVG (pygal), embedded as data: URIs so the pages need no script and the
PDF renderer draws them too. A suppressed count is a gap in a chart, never a guess:
the tables beside every chart say "<5" or "suppressed"."""

import base64
from collections.abc import Mapping, Sequence

import pygal
from pygal.style import Style

from reporting.protection import Shown

PALETTE = ("#1d4e89", "#c05621", "#2f855a", "#6b46c1", "#b83280", "#2b6cb0", "#718096")

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1a202c",
    foreground_strong="#1a202c",
    foreground_subtle="#4a5568",
    colors=PALETTE,
    font_family="DejaVu Sans, Arial, sans-serif",
    label_font_size=15,
    major_label_font_size=15,
    legend_font_size=16,
    title_font_size=18,
    value_font_size=14,
    tooltip_font_size=14,
)

_COMMON = {
    "style": STYLE,
    "js": [],
    "disable_xml_declaration": True,
    "explicit_size": False,
    "width": 560,
    "height": 380,
    "print_values": False,
    "margin": 10,
    "margin_bottom": 18,
    "legend_at_bottom": True,
    "legend_at_bottom_columns": 2,
    "truncate_legend": 30,
    "truncate_label": 18,
    "include_x_axis": True,
}


def plotted(value: Shown | float | None) -> float | None:
    """A shown count, or a gap for a suppressed one."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _uri(chart: pygal.graph.graph.Graph) -> str:
    svg = chart.render(is_unicode=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def bar(
    title: str | None,
    labels: Sequence[str],
    series: Mapping[str, Sequence[Shown | float | None]],
    *,
    horizontal: bool = False,
    y_title: str | None = None,
    rotate: int = 0,
) -> str:
    crowded = len(labels) > 12  # e.g. 24 hours: label every third, keep every bar
    # fewer value ticks, so numbers do not run together (pygal names the value axis y)
    values_axis = {"y_labels_major_count": 6, "show_minor_y_labels": False}
    chart = (pygal.HorizontalBar if horizontal else pygal.Bar)(
        title=title,
        x_label_rotation=rotate,
        y_title=y_title,
        show_legend=len(series) > 1,
        show_minor_x_labels=not crowded,
        x_labels_major_every=3 if crowded else None,
        **({} if horizontal else values_axis),
        **_COMMON,
    )
    chart.x_labels = list(labels)
    values = [plotted(v) or 0 for vs in series.values() for v in vs]
    if horizontal and values:  # without any bar (no meetings) pygal says "No data"
        chart.y_labels = _ticks(max(values))
    for name, values in series.items():
        chart.add(name, [plotted(v) for v in values])
    return _uri(chart)


def _ticks(top: float, most: int = 6) -> list[float]:
    """Round-numbered ticks from 0 past `top`, at most `most` + 1 of them."""
    top = max(top, 0.0)
    step = 1.0
    while top / step > most:
        for factor in (2, 2.5, 2):  # 1, 2, 5, 10, 20, 50, ...
            step *= factor
            if top / step <= most:
                break
    return [i * step for i in range(int(top // step) + 2)]


def line(
    title: str | None,
    labels: Sequence[str],
    series: Mapping[str, Sequence[Shown | float | None]],
    *,
    y_title: str | None = None,
) -> str:
    chart = pygal.Line(
        title=title,
        y_title=y_title,
        x_label_rotation=30 if len(labels) > 6 else 0,
        show_legend=len(series) > 1,
        allow_interruptions=True,
        dots_size=4,
        **_COMMON,
    )
    chart.x_labels = list(labels)
    for name, values in series.items():
        chart.add(name, [plotted(v) for v in values])
    return _uri(chart)


def funnel(title: str | None, stages: Sequence[str], series: Mapping[str, Sequence[Shown]]) -> str:
    """Each provider's routes at each stage, as grouped bars (a funnel read left to right)."""
    return bar(title, stages, series, y_title="routes")
