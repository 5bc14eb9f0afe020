"""Small-number suppression, primary and secondary.

Published counts from 1 to `threshold - 1` (1 to 4 by default) are replaced by the
string "<5": that is *primary* suppression. Zeros are shown.

*Secondary* suppression stops a reader working a hidden count out from what is shown.
A figure table is a set of cells (counts) and of *relations* between them, each saying
that a total is the sum of its parts (cases = cases of each area; crimes = crimes
against officers + crimes against others). Some cells are *hidden*: never published,
but a reader can still compute them (the complement of a subset, such as crimes not
against officers). The rule, applied to every relation until nothing changes:

1. a cell that is suppressed, or hidden with a small value, must not be the only
   unknown cell of a relation (it could be computed from the others);
2. when the total is shown, the unknown parts together must not add up to a small
   number (1 to threshold - 1) either;
3. to mend a relation, suppress its smallest shown non-zero part (never a zero: "<5"
   would then say something false); if there is none, suppress the total.

Cells suppressed by rule 3 carry at least the threshold and are published as
"suppressed", not "<5", which would be untrue. A percentage whose numerator or
denominator is not shown is published as null, as is a change against a period whose
figure is not shown.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

SUPPRESSED = "suppressed"

Shown = int | str
"""A published count: the number, "<5", or "suppressed"."""


def small_label(threshold: int) -> str:
    return f"<{threshold}"


@dataclass
class FigureTable:
    """Cells and the additive relations between them; `solve()` decides what is shown."""

    threshold: int
    cells: dict[Hashable, int] = field(default_factory=dict)
    hidden: set[Hashable] = field(default_factory=set)
    relations: list[tuple[Hashable, tuple[Hashable, ...]]] = field(default_factory=list)
    _unknown: set[Hashable] | None = None

    def add(self, key: Hashable, value: int, *, published: bool = True) -> Hashable:
        self.cells[key] = int(value)
        if not published:
            self.hidden.add(key)
        self._unknown = None
        return key

    def relate(self, total: Hashable, parts: Iterable[Hashable]) -> None:
        """`total` is (at most) the sum of `parts`: each part is a cell already added."""
        parts = tuple(parts)
        for key in (total, *parts):
            if key not in self.cells:
                raise KeyError(key)
        self.relations.append((total, parts))
        self._unknown = None

    def subset(self, total: Hashable, part: Hashable, complement: Hashable | None = None) -> None:
        """`part` counts some of `total`; the rest is a hidden complement cell."""
        rest = complement if complement is not None else ("not", part)
        self.add(rest, self.cells[total] - self.cells[part], published=False)
        self.relate(total, (part, rest))

    def partition(self, total: Hashable, parts: Iterable[Hashable], rest: Hashable) -> None:
        """`parts` are disjoint pieces of `total`; what they leave out is a hidden cell."""
        parts = tuple(parts)
        self.add(rest, self.cells[total] - sum(self.cells[p] for p in parts), published=False)
        self.relate(total, (*parts, rest))

    def _small(self, key: Hashable) -> bool:
        return 0 < self.cells[key] < self.threshold

    def solve(self) -> set[Hashable]:
        """The published cells that must not be shown (primary and secondary)."""
        suppressed = {k for k in self.cells if k not in self.hidden and self._small(k)}
        unknown = suppressed | self.hidden
        unfixable: set[int] = set()
        changed = True
        while changed:
            changed = False
            for index, (total, parts) in enumerate(self.relations):
                if index in unfixable or not self._violated(total, parts, unknown):
                    continue
                pick = self._complementary(total, parts, unknown)
                if pick is None:
                    unfixable.add(index)
                    continue
                unknown.add(pick)
                changed = True
        self._unknown = unknown
        return unknown - self.hidden

    def _violated(self, total: Hashable, parts: tuple[Hashable, ...], unknown: set) -> bool:
        members = (total, *parts)
        unknown_members = [k for k in members if k in unknown]
        if len(unknown_members) == 1:
            key = unknown_members[0]
            if key not in self.hidden or self._small(key):
                return True
        if total not in unknown:
            hidden_sum = sum(self.cells[k] for k in parts if k in unknown)
            if 0 < hidden_sum < self.threshold:
                return True
        return False

    def _complementary(
        self, total: Hashable, parts: tuple[Hashable, ...], unknown: set
    ) -> Hashable | None:
        candidates = [k for k in parts if k not in unknown and self.cells[k] > 0]
        if candidates:
            return min(candidates, key=lambda k: (self.cells[k], repr(k)))
        if total not in unknown and self.cells[total] > 0:
            return total
        return None

    def _solved(self) -> set[Hashable]:
        if self._unknown is None:
            self.solve()
        assert self._unknown is not None
        return self._unknown

    def is_shown(self, key: Hashable) -> bool:
        return key not in self._solved()

    def show(self, key: Hashable) -> Shown:
        """The published form of a cell."""
        if key in self.hidden:
            raise KeyError(f"{key!r} is a hidden cell")
        if key not in self._solved():
            return self.cells[key]
        return small_label(self.threshold) if self._small(key) else SUPPRESSED

    def share_pct(self, part: Hashable, total: Hashable, digits: int = 1) -> float | None:
        """`part` as a percentage of `total`, or None if either is not shown."""
        if not (self.is_shown(part) and self.is_shown(total)) or self.cells[total] == 0:
            return None
        return round(100.0 * self.cells[part] / self.cells[total], digits)


def change_pct(current: Shown, previous: Shown, digits: int = 1) -> float | None:
    """Year-on-year change in percent, or None if either count is not shown or was 0."""
    if not isinstance(current, int) or not isinstance(previous, int) or previous == 0:
        return None
    return round(100.0 * (current - previous) / previous, digits)


def rate_pct(numerator: float, denominator: float, digits: int = 1) -> float | None:
    if denominator == 0:
        return None
    return round(100.0 * numerator / denominator, digits)


def shown_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) else None
