"""Tranches, pure: a grant split into parts that add up to it, to the penny."""

from decimal import ROUND_DOWN, Decimal

PENNY = Decimal("0.01")


def equal_tranches(amount: Decimal, count: int) -> list[Decimal]:
    """`count` parts as equal as pence allow; the first takes the odd pence."""
    part = (amount / count).quantize(PENNY, rounding=ROUND_DOWN)
    return [amount - part * (count - 1), *([part] * (count - 1))]


def tranche_fault(amount: Decimal, tranches: list[Decimal]) -> str | None:
    total = sum(tranches, Decimal("0.00"))
    if total != amount:
        return f"The tranches add up to £{total:,.2f}, not the £{amount:,.2f} awarded."
    return None
