"""Demonstration of the domestic abuse flag on the crime aggregates (§4.2 of the committee
report: police-recorded domestic abuse crimes by year and area).

The seed report's table of domestic abuse crimes is not in its text, so these are not its
figures: a demonstration share of each offence code's crimes is flagged as domestic
abuse, in every area but York (the seed's table is of North Yorkshire excluding York).
`flagged` splits rows, never adds to them: a row's count becomes a flagged row and an
unflagged one of the same offence, area, month and knife, so the serious violence
measures computed from the rows (8.5 per 1,000, 3% with a knife, 3.2) are unchanged.
Pure: it reads rows and returns rows, calling nothing else.
"""

from collections.abc import Iterable, Mapping
from typing import Any

SHARE_PER_THOUSAND: Mapping[str, int] = {
    # offence code: domestic abuse crimes per 1,000 of its crimes (demonstration)
    "8N": 420,  # assault with injury
    "8L": 380,  # harassment
    "8Q": 450,  # stalking
    "8U": 500,  # controlling or coercive behaviour
    "5D": 150,  # assault with intent to cause serious harm
    "19C": 280,  # rape of a female aged 16 and over
    "20A": 120,  # sexual assault on a female aged 13 and over
    "10D": 60,  # possession of other weapons
}
EXCLUDED_AREAS = frozenset({"york"})


def flagged(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The rows with each one's domestic abuse share split off as a flagged row."""
    out: list[dict[str, Any]] = []
    for row in rows:
        share = SHARE_PER_THOUSAND.get(str(row["offence_code"]), 0)
        if row["area"] in EXCLUDED_AREAS or not share:
            out.append({**row, "domestic_abuse": False})
            continue
        domestic = int(row["count"]) * share // 1000
        for is_domestic, count in ((True, domestic), (False, int(row["count"]) - domestic)):
            if count:
                out.append({**row, "domestic_abuse": is_domestic, "count": count})
    return out
