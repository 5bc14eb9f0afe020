"""Scoring, pure: an assessor's weighted score, the spread between assessors, and whether
a bid is assessed or goes to the moderation panel."""

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from svd_fund.rounds.rules import Criterion

HUNDREDTH = Decimal("0.01")


def weighted_score(criteria: Sequence[Criterion], scores: Mapping[str, int]) -> Decimal:
    """The sum of weight * score over the criteria, on the rubric's 0-5 scale."""
    total = sum(Decimal(c.weight) * scores[c.code] for c in criteria) / Decimal(100)
    return total.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def spread(totals: Sequence[Decimal]) -> Decimal:
    return max(totals) - min(totals) if totals else Decimal("0.00")


def mean(totals: Sequence[Decimal]) -> Decimal:
    return (sum(totals, Decimal(0)) / len(totals)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def outcome(totals: Sequence[Decimal], *, threshold: Decimal) -> tuple[str, Decimal | None]:
    """('assessed', the mean) when the assessors agree within `threshold`; otherwise
    ('needs_moderation', None): the panel decides the final scores."""
    if spread(totals) > threshold:
        return "needs_moderation", None
    return "assessed", mean(totals)


def score_faults(criteria: Sequence[Criterion], given: Sequence[str]) -> list[tuple[str, str, str]]:
    """Every criterion scored once, and nothing else."""
    known = {criterion.code for criterion in criteria}
    faults = [
        ("unknown_criterion", "That is not a criterion of the round.", f"/scores/{i}/criterion")
        for i, code in enumerate(given)
        if code not in known
    ]
    faults += [
        ("repeated_criterion", "A criterion is scored once.", f"/scores/{i}/criterion")
        for i, code in enumerate(given)
        if code in given[:i]
    ]
    missing = [criterion.code for criterion in criteria if criterion.code not in given]
    if missing:
        faults.append(("missing", f"Score every criterion: {', '.join(missing)}.", "/scores"))
    return faults
