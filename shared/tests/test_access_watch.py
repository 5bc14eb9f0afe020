"""Which records lie outside a caller's reach (pure): the access watch counts reads of
people outside the caller's agency or area."""

import pytest

from csp_common.access_watch import outside
from csp_common.auth import Caller


def _caller(agency: str = "north-yorkshire-police", area: str | None = None) -> Caller:
    return Caller(subject="s", agency=agency, scopes=frozenset(), area=area)


@pytest.mark.parametrize(
    ("caller", "agencies", "areas", "expected"),
    [
        (_caller(), {"north-yorkshire-police"}, set(), False),
        (_caller(), {"north-yorkshire-police", "health"}, {"york"}, False),
        (_caller(), {"health"}, set(), True),
        (_caller(area="york"), {"north-yorkshire-police"}, {"york", "selby"}, False),
        (_caller(area="york"), {"north-yorkshire-police"}, {"selby"}, True),
        (_caller(area="york"), set(), {"selby"}, True),
        (_caller(), set(), {"selby"}, False),  # a token without an area: every area
        (_caller(area="york"), set(), set(), False),  # nothing known of the record
    ],
)
def test_outside_the_callers_agency_or_area(
    caller: Caller, agencies: set[str], areas: set[str], expected: bool
) -> None:
    assert outside(caller, agencies=agencies, areas=areas) is expected
