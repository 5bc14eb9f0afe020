"""Charts (pure functions): any series renders or says in a sentence that there is nothing
to draw; value axes have even, round ticks; bars keep their table's order; a comparison
with no figures is left out and said to be."""

import base64
import itertools
import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporting import charts

SERIES = [
    ([], {}),
    ([], {"this": []}),
    (["Jan"], {"this": [7]}),
    (["Jan"], {"this": [0]}),
    (["Jan"], {"this": [None]}),
    (["Jan", "Feb"], {"this": ["suppressed", "suppressed"], "before": [None, None]}),
    (["a", "b"], {"this": [0.0, 100.0]}),
]

DRAWINGS = [
    lambda labels, series: charts.bar(None, labels, series),
    lambda labels, series: charts.bar("t", labels, series, horizontal=True),
    lambda labels, series: charts.line(None, labels, series),
    lambda labels, series: charts.funnel(None, labels, series),
]


def _svg(chart: str) -> str:
    return base64.b64decode(chart.split(",", 1)[1]).decode()


@pytest.mark.parametrize(("labels", "series"), SERIES)
@pytest.mark.parametrize("draw", DRAWINGS, ids=["bar", "horizontal bar", "line", "funnel"])
def test_a_chart_of_any_series_renders_or_says_why_not(draw, labels, series) -> None:  # type: ignore[no-untyped-def]
    chart = draw(labels, series)
    if any((charts.plotted(v) or 0) > 0 for vs in series.values() for v in vs):
        assert chart.startswith("data:image/svg+xml;base64,")
        assert ">No data<" not in _svg(chart)
    else:
        assert chart == "" and not chart
        assert chart.empty and chart.empty.startswith("Nothing to chart")


def test_all_suppressed_says_so() -> None:
    chart = charts.bar(None, ["Jan", "Feb"], {"this": ["suppressed", 0]})
    assert chart.empty == "Nothing to chart: every figure is 0 or suppressed (see the table)."


@given(st.floats(min_value=0.01, max_value=1e7))
def test_ticks_are_even_round_and_cover_the_top(top: float) -> None:
    ticks = charts.nice_ticks(top)
    assert ticks[0] == 0 and ticks[-1] >= top * (1 - 1e-9) and len(ticks) <= 7
    step = ticks[1]
    assert all(math.isclose(b - a, step) for a, b in itertools.pairwise(ticks))
    assert round(step / 10 ** math.floor(math.log10(step)), 6) in {1, 2, 2.5, 5}


def test_the_value_axis_is_the_round_ticks() -> None:
    svg = _svg(charts.bar(None, ["a", "b"], {"x": [120, 45]}))
    assert charts.nice_ticks(120) == [0, 20, 40, 60, 80, 100, 120]
    for tick in ("0", "20", "40", "60", "80", "100", "120"):
        assert f">{tick}</text>" in svg
    assert ">70</text>" not in svg and ">90</text>" not in svg


def test_a_percentage_axis_ends_at_100_percent() -> None:
    svg = _svg(charts.bar(None, ["Police", "Health"], {"Attended": [100, 33.3]}, percent=True))
    assert ">100%</text>" in svg and ">0%</text>" in svg
    assert "120" not in re.findall(r">([0-9]+%?)</text>", svg)


def test_long_names_are_never_cut_and_keep_the_tables_order() -> None:
    names = [
        "Scarborough and Ryedale",
        "Harrogate and Craven",
        "York",
        "Hambleton and Richmondshire",
    ]
    svg = _svg(charts.bar(None, names, {"2023": [539, 480, 460, 300]}, rotate=30))
    assert "\u2026" not in svg
    # on its side, the first name is drawn at the top (the largest y is the bottom)
    heights = {
        name: float(re.search(rf'y="([0-9.]+)"[^>]*>{name}<', svg).group(1)) for name in names
    }
    assert sorted(names, key=heights.__getitem__) == names


def test_a_comparison_without_figures_is_left_out_and_said_to_be() -> None:
    chart = charts.line(None, ["Apr", "May"], {"2024/25": [17, 19], "2023/24": [0, 0]})
    assert chart.notes == ("No figures for 2023/24, so the chart has no 2023/24 to compare with.",)
    assert "2023/24" not in _svg(chart)
    kept = charts.line(None, ["Apr", "May"], {"2024/25": [17, 19], "2023/24": [0, "suppressed"]})
    assert kept.notes == () and "2023/24" in _svg(kept)
