"""The committee report's PDF is laid out without a warning from WeasyPrint: every rule of
its stylesheet is one WeasyPrint reads, and every font and chart it draws is found."""

import logging

from reporting import charts
from reporting.committee import pdf
from reporting.committee.views import report_html

AREAS = ["Scarborough and Ryedale", "Harrogate and Craven", "York", "Selby"]


def _report() -> dict:
    figures = [
        {
            "caption": "MARAC cases heard by area, 2023 and 2022",
            "chart": charts.bar(
                "MARAC cases by area, 2023",
                AREAS,
                {"2023": [539, 480, 460, 219], "2022": [520, 470, 440, 211]},
            ),
            "header": ["MARAC", "Cases", "2022"],
            "rows": [[area, "539", "520"] for area in AREAS],
        },
        {
            "caption": "Referrals by month",
            "chart": charts.line(
                None, ["Oct 2023", "Nov 2023"], {"Q3": [217, 197], "Q3 b": [0, 0]}
            ),
            "header": [],
            "rows": [],
        },
        {
            "caption": "Nothing",
            "chart": charts.bar(None, ["a"], {"x": [0]}),
            "header": [],
            "rows": [],
        },
    ]
    return {
        "threshold": 5,
        "generated_at": "2024-01-05 09:00 UTC",
        "title": "North Yorkshire and York Community Safety Partnership",
        "subtitle": "Update to the Overview and Scrutiny Committee",
        "report_date": "2024-01-05",
        "period": {
            "code": "2023-24-Q3",
            "label": "Q3 2023/24",
            "start": "2023-10-01",
            "end": "2023-12-31",
        },
        "sections": [
            {
                "heading": "1.0 Multi-Agency Risk Assessment Conferences",
                "paragraphs": ["1.1|During 2023, 1,998 cases were discussed within MARAC."],
                "figures": figures,
            }
        ],
    }


def test_the_pdf_is_laid_out_without_a_warning(caplog) -> None:  # type: ignore[no-untyped-def]
    html = report_html(_report(), partnership_name="North Yorkshire and York", inline_css=True)
    with caplog.at_level(logging.WARNING):
        data = pdf.html_to_pdf(html)
    assert data.startswith(b"%PDF-")
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == []
    # the page's own screen rules are there for browsers, out of the PDF's way
    assert '<style media="screen">' in html and "overflow-x" in html


def test_an_empty_chart_is_a_sentence_in_the_report() -> None:
    html = report_html(_report(), partnership_name="P", inline_css=False)
    assert "Nothing to chart: there are no figures for this period." in html
    assert html.count('<img class="chart"') == 2
    assert "No figures for Q3 b, so the chart has no Q3 b to compare with." in html
