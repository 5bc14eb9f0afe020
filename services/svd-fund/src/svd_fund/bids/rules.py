"""A bid's own rules, pure: budget lines that add up, and what a submission needs."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Literal, Protocol

BudgetKind = Literal["labour", "non_labour"]

OutputMeasure = Literal[
    "participants",
    "sessions",
    "weapons_surrendered",
    "people_trained",
    "campaign_reach",
    "referrals_made",
    "venues_engaged",
]
"""What a project counts (participants by age band; sessions delivered; weapons surrendered
at amnesties...): the same codes in proposals and in monitoring returns."""

Fault = tuple[str, str, str]
"""(code, detail, pointer into the bid)"""


class Line(Protocol):
    kind: str
    amount: Decimal


def budget_totals(lines: Sequence[Line]) -> dict[str, Decimal]:
    totals = {"labour": Decimal("0.00"), "non_labour": Decimal("0.00")}
    for line in lines:
        totals[line.kind] += line.amount
    return totals


def budget_faults(amount: Decimal | None, lines: Sequence[Line]) -> list[Fault]:
    if amount is None or not lines:
        return []
    total = sum((line.amount for line in lines), Decimal("0.00"))
    if total != amount:
        return [
            (
                "budget_mismatch",
                f"The budget lines add up to £{total:,.2f}, not the £{amount:,.2f} asked for.",
                "/budget_lines",
            )
        ]
    return []


def submission_faults(
    *,
    title: str | None,
    summary: str | None,
    amount: Decimal | None,
    lines: Sequence[Line],
    priorities: Sequence[str],
    activity_types: Sequence[str],
    areas: Sequence[str],
    planned_start: date | None,
    planned_end: date | None,
    outputs: Sequence[object],
    outcomes: Sequence[object],
) -> list[Fault]:
    """What a draft lacks before it can be submitted (in the order of the form)."""
    required = {
        "title": title,
        "summary": summary,
        "amount": amount,
        "budget_lines": lines,
        "priorities": priorities,
        "activity_types": activity_types,
        "areas": areas,
        "planned_start": planned_start,
        "planned_end": planned_end,
        "outputs": outputs,
        "outcomes": outcomes,
    }
    faults: list[Fault] = [
        ("missing", f"Give {field.replace('_', ' ')} before submitting.", f"/{field}")
        for field, value in required.items()
        if value is None or (not isinstance(value, Decimal) and not value)
    ]
    return faults + budget_faults(amount, lines)
