"""The measures' arithmetic, pure."""

from decimal import Decimal

import pytest

from svd_fund.measures.rules import Cell, financial_year, measure_all
from svd_fund.policy import local_definition


def test_financial_years():
    assert financial_year("2022-23")[0].isoformat() == "2022-04-01"
    assert financial_year("1999-00")[1].isoformat() == "2000-03-31"
    for bad in ("2022-24", "2022-2023", "2022"):
        with pytest.raises(ValueError):
            financial_year(bad)


def test_the_severity_score_is_the_weighted_count_over_the_population():
    cells = [
        Cell("8N", "york", knife=True, count=3),
        Cell("8N", "york", knife=False, count=97),
        Cell("8L", "selby", knife=False, count=50),
        Cell("99Z", "selby", knife=False, count=7),
    ]
    whole, areas = measure_all(
        cells=cells,
        populations={"york": 10_000, "selby": 10_000},
        areas=["york", "selby"],
        groups=local_definition(),
        violence_with_injury="violence-with-injury",
        weights={"8N": Decimal("100"), "8L": Decimal("30")},
    )
    # (100 x 100 + 50 x 30) / 20,000 = 0.575
    assert whole.crime_severity_score == Decimal("0.6")
    assert whole.per_1000 == Decimal("5.0")
    assert whole.knife_share_percent == Decimal("3.0")
    assert whole.unweighted_offence_codes == ["99Z"]
    york, selby = areas
    assert york.per_1000 == Decimal("10.0")
    assert selby.knife_share_percent is None  # no violence with injury there
    assert selby.groups["stalking-harassment"] == 50


def test_an_area_without_a_population_leaves_the_partnerships_rates_unknown():
    whole, areas = measure_all(
        cells=[Cell("8N", "york", knife=False, count=10)],
        populations={"york": 1000},
        areas=["york", "selby"],
        groups=local_definition(),
        violence_with_injury="violence-with-injury",
        weights=None,
    )
    assert whole.per_1000 is None
    assert areas[0].per_1000 == Decimal("10.0")
    assert areas[0].crime_severity_score is None
