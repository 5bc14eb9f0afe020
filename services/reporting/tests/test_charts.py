"""Charts of empty, one-point and wholly suppressed series render (pure functions)."""

import base64

import pytest

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


@pytest.mark.parametrize(("labels", "series"), SERIES)
@pytest.mark.parametrize(
    "draw",
    [
        lambda labels, series: charts.bar(None, labels, series),
        lambda labels, series: charts.bar("t", labels, series, horizontal=True),
        lambda labels, series: charts.line(None, labels, series),
        lambda labels, series: charts.funnel(None, labels, series),
    ],
    ids=["bar", "horizontal bar", "line", "funnel"],
)
def test_a_chart_of_any_series_renders(draw, labels, series) -> None:  # type: ignore[no-untyped-def]
    uri = draw(labels, series)
    assert uri.startswith("data:image/svg+xml;base64,")
    assert b"<svg" in base64.b64decode(uri.split(",", 1)[1])
