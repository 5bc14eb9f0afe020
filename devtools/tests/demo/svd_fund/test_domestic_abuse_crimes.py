"""The demonstration's domestic abuse flag splits the crime rows without adding to them."""

from collections import Counter

from csp_devtools.demo.svd_fund import measures
from csp_devtools.demo.svd_fund.domestic_abuse_crimes import flagged


def test_flagging_splits_rows_and_keeps_every_cells_total():
    rows = measures.crime_rows()
    split = flagged(rows)

    def totals(items):  # type: ignore[no-untyped-def]
        counted: Counter = Counter()
        for row in items:
            counted[(row["offence_code"], row["area"], row["month"], row["knife"])] += row["count"]
        return counted

    assert totals(split) == totals(rows)
    keys = [
        (r["offence_code"], r["area"], r["month"], r["knife"], r["domestic_abuse"]) for r in split
    ]
    assert len(keys) == len(set(keys))  # one row a cell: an import skips none
    assert not [r for r in split if r["area"] == "york" and r["domestic_abuse"]]
    by_area = Counter(r["area"] for r in split if r["domestic_abuse"])
    assert set(by_area) == set(measures.POPULATION_2022) - {"york"}
