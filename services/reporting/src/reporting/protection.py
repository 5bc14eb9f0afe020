"""Small-number protection that holds across every figure a caller can combine.

The records of one kind (referrals, cases heard, hate crimes, routes...) are counted in
*base cells*: a calendar month and an area (and a service, for routes). Every figure
published about them is the count of the records in a set of base cells (a period, an
area or all of them), optionally with one characteristic in a set of values (risk level
high; crimes against officers; hours 00 to 03).

Protection works on *blocks*, not on the cells of one answer:

1. **Base blocks.** Base cells are grouped so that every block holds no record or at
   least `threshold` records. A base cell with enough records is a block of its own;
   small ones are merged, first with the other months of the same area and quarter,
   then with other areas in the same quarter, then with the other small quarters of
   the financial year. What is still small then is a *small block*: nothing that
   touches it is published (a quarter with 2 records in all hides its financial and
   calendar years, not the quarters beside it).
2. **Characteristic blocks.** For each characteristic, base blocks whose breakdown has a
   count from 1 to threshold - 1 are merged with others along the same steps (up to the
   quarter), and what is still small has its values grouped (a small value with the
   others of its band first, then the smallest). Every characteristic block is a set of
   base blocks times a set of values, holding 0 or at least `threshold` records.
3. **A figure is published only if every block with a record is wholly inside it or
   wholly outside it.** Otherwise it is "suppressed", whatever its value: the same
   word for a count of 2 and for one hidden to protect it, because "<5" beside
   "suppressed" tells a reader which is which and, with a total, can give both.

Why this holds: a published figure is a sum of whole blocks, so adding and subtracting
published figures, from any answers, for any periods, areas and characteristics, only
ever yields sums of whole blocks, each 0 or at least the threshold. A suppressed figure
cuts through some block with records; moving one record within that block (to another
month or area of the same base block, or to another value of the same group, or
swapping the values of two of its records) changes the suppressed figure and no
published one, so no combination of published figures, and no bound from counts being
at least zero, pins it down. Blocks are made from whole financial years and in a fixed
order, so every answer that shows a figure shows the same value, and a year's figures do
not depend on which other years a request touches.

*Measures* (a sum over records, such as the children in the households) have blocks of
their own, unions of base blocks whose sum is 0 or at least the threshold: moving one
child from one record to another in the same block changes no published sum.

`tests/test_protection_attack.py` attacks the figures of many small datasets with exact
linear algebra over every combination of periods, areas and characteristics, and with
the bounds that counts are whole and at least zero.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reporting.figures import SUPPRESSED, Protected

Shown = int | str
"""A published count: the number, or "suppressed"."""

Cell = tuple
Parent = Callable[[Any], Hashable]
"""A step blocks grow through: the parent of a unit (its area and quarter, its quarter,
its financial year). Units with different parents are never merged at that step."""

_TOP = "all"


def _key(value: object) -> str:
    return repr(value)


@dataclass
class _Group:
    members: frozenset
    weights: Counter

    @property
    def total(self) -> int:
        return sum(self.weights.values())


def _small(weights: Mapping[Hashable, int], threshold: int) -> bool:
    return any(0 < w < threshold for w in weights.values())


def merge_small(
    units: Mapping[Hashable, Mapping[Hashable, int]],
    steps: Sequence[Callable[[frozenset], Hashable | None]],
    threshold: int,
    *,
    absorbing: int | None = None,
) -> tuple[list[frozenset], list[frozenset]]:
    """Groups of units whose summed weights are each 0 or at least `threshold`.

    `units` maps a unit to its weights (one count, or a count per value). Units with no
    weight belong to no group. At each step, the small groups that share a parent are
    merged together and, while still small, with that parent's other groups, smallest
    first: in the first `absorbing` steps only (all by default); after them, small
    groups are merged with each other only, so that a few stray records in one quarter
    never hide another quarter. Returns the groups and, apart, those still small after
    the last step."""
    groups = [
        _Group(frozenset([unit]), Counter(weights))
        for unit, weights in sorted(units.items(), key=lambda item: _key(item[0]))
        if any(weights.values())
    ]
    for number, parent_of in enumerate(steps):
        may_absorb = absorbing is None or number < absorbing
        by_parent: dict[Hashable, list[int]] = defaultdict(list)
        for index, group in enumerate(groups):
            parent = parent_of(group.members)
            if parent is not None:
                by_parent[parent].append(index)
        consumed: set[int] = set()
        merged_groups: list[_Group] = []
        for parent in sorted(by_parent, key=_key):
            indexes = by_parent[parent]
            small = [i for i in indexes if _small(groups[i].weights, threshold)]
            if not small:
                continue
            members: set = set()
            weights: Counter = Counter()
            for i in small:
                members |= groups[i].members
                weights.update(groups[i].weights)
            # A group already merged has no figures of its parts left to lose, so it is
            # taken before one unit alone; then the smallest.
            others = sorted(
                (i for i in indexes if i not in small and may_absorb),
                key=lambda i: (
                    len(groups[i].members) == 1,
                    groups[i].total,
                    sorted(map(_key, groups[i].members)),
                ),
            )
            used = list(small)
            while _small(weights, threshold) and others:
                i = others.pop(0)
                members |= groups[i].members
                weights.update(groups[i].weights)
                used.append(i)
            consumed.update(used)
            merged_groups.append(_Group(frozenset(members), weights))
        groups = [g for i, g in enumerate(groups) if i not in consumed] + merged_groups
    done = [g.members for g in groups if not _small(g.weights, threshold)]
    small_left = [g.members for g in groups if _small(g.weights, threshold)]
    return done, small_left


def common_parent(parent_of: Parent) -> Callable[[frozenset], Hashable | None]:
    """The parent all the units share, or None."""

    def step(units: frozenset) -> Hashable | None:
        parents = {parent_of(unit) for unit in units}
        return parents.pop() if len(parents) == 1 else None

    return step


@dataclass
class Population:
    """Records of one kind in whole financial years, counted in base cells.

    `chain` is the order in which base blocks grow (a group whose units have different
    parents at a step stays as it is there); `family_steps` how many of its first steps
    characteristic blocks grow through before their values are grouped instead. Every
    step but the last (the financial year, where small groups only merge with each
    other) may merge a small group into a larger one. The `optional` steps (merging
    whole quarters) are taken only in the financial years they leave with no small
    block: where a year is hidden anyway, its quarters are kept."""

    threshold: int
    chain: Sequence[Parent]
    family_steps: int = 2
    optional: frozenset[int] = frozenset()
    value_steps: Mapping[str, Sequence[Parent]] = field(default_factory=dict)
    """Per characteristic, the bands its values are grouped in first (hour -> band)."""

    counts: Counter = field(default_factory=Counter)
    values: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    sums: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def add(
        self,
        cell: Cell,
        *,
        characteristics: Mapping[str, Hashable] | None = None,
        measures: Mapping[str, int] | None = None,
        n: int = 1,
    ) -> None:
        self.counts[cell] += n
        for name, value in (characteristics or {}).items():
            self.values[name][(cell, value)] += n
        for name, amount in (measures or {}).items():
            self.sums[name][cell] += amount

    def protect(self) -> "Protection":
        return Protection(self)


@dataclass(frozen=True)
class _FamilyBlock:
    cells: frozenset
    groups: tuple[tuple[frozenset, int], ...]
    """The block's value groups and how many records each holds."""
    small: bool = False


class Protection:
    """What may be published of a population, decided once for every figure of it."""

    def __init__(self, population: Population) -> None:
        self.population = population
        self.threshold = population.threshold
        units = {cell: {"n": n} for cell, n in population.counts.items()}
        blocks, small = self._grow(units, common_parent)
        self.blocks = blocks
        self.small_blocks = small
        self._block_of: dict[Cell, int] = {}
        for index, block in enumerate([*blocks, *small]):
            for cell in block:
                self._block_of[cell] = index
        self._families: dict[str, list[_FamilyBlock]] = {}
        self._measures: dict[str, tuple[list[frozenset], list[frozenset]]] = {}

    # ---- the base: counts of records in a set of cells ----------------------------

    def count(
        self,
        where: Callable[[Cell], bool],
        characteristic: str | None = None,
        values: Callable[[Hashable], bool] | None = None,
    ) -> Shown:
        """The records in the cells `where` selects (with the characteristic's value
        in `values`), or "suppressed"."""
        if characteristic is None:
            true = sum(n for cell, n in self.population.counts.items() if where(cell))
            return Protected(true) if self._base_shown(where) else SUPPRESSED
        assert values is not None
        counts = self.population.values[characteristic]
        true = sum(n for (cell, value), n in counts.items() if where(cell) and values(value))
        return Protected(true) if self._family_shown(characteristic, where, values) else SUPPRESSED

    def _base_shown(self, where: Callable[[Cell], bool]) -> bool:
        for block in self.blocks:
            inside = sum(1 for cell in block if where(cell))
            if 0 < inside < len(block):
                return False
        return not any(any(where(cell) for cell in block) for block in self.small_blocks)

    # ---- characteristics -----------------------------------------------------------

    def _family(self, name: str) -> list[_FamilyBlock]:
        if name in self._families:
            return self._families[name]
        counts = self.population.values[name]
        per_block: dict[int, Counter] = defaultdict(Counter)
        for (cell, value), n in counts.items():
            per_block[self._block_of[cell]][value] += n
        all_blocks = [*self.blocks, *self.small_blocks]
        chain = self.population.chain[: self.population.family_steps]
        units = {index: per_block[index] for index in range(len(self.blocks)) if per_block[index]}
        merged, unclean = merge_small(
            units, [self._over_blocks(parent) for parent in chain], self.threshold
        )
        family: list[_FamilyBlock] = []
        for members in [*merged, *unclean]:
            cells = frozenset(cell for unit in members for cell in all_blocks[unit])
            weights: Counter = Counter()
            for unit in members:
                weights.update(per_block[unit])
            family.append(_FamilyBlock(cells, self._value_groups(name, weights)))
        for unit in range(len(self.blocks), len(all_blocks)):
            if per_block[unit]:
                family.append(
                    _FamilyBlock(all_blocks[unit], ((frozenset(per_block[unit]), 0),), True)
                )
        self._families[name] = family
        return family

    def _value_groups(self, name: str, weights: Counter) -> tuple[tuple[frozenset, int], ...]:
        steps = [
            common_parent(parent)
            for parent in [*self.population.value_steps.get(name, ()), lambda _: _TOP]
        ]
        units = {value: {"n": n} for value, n in weights.items()}
        groups, small = merge_small(units, steps, self.threshold)
        # A block holds at least `threshold` records, so grouping all its values is enough.
        assert not small, "a characteristic block smaller than the threshold"
        return tuple(
            (group, sum(weights[v] for v in group))
            for group in sorted(groups, key=lambda g: sorted(map(_key, g)))
        )

    def _family_shown(
        self, name: str, where: Callable[[Cell], bool], values: Callable[[Hashable], bool]
    ) -> bool:
        for block in self._family(name):
            inside = sum(1 for cell in block.cells if where(cell))
            if inside == 0:
                continue
            for group, n in block.groups:
                if block.small:
                    if any(values(v) for v in group):
                        return False
                    continue
                if n == 0:
                    continue
                chosen = sum(1 for v in group if values(v))
                if chosen == 0:
                    continue
                if chosen < len(group) or inside < len(block.cells):
                    return False
        return True

    # ---- measures: sums over records -----------------------------------------------

    def total(self, measure: str, where: Callable[[Cell], bool]) -> Shown:
        """The sum of a measure over the cells `where` selects, or "suppressed"."""
        sums = self.population.sums[measure]
        true = sum(amount for cell, amount in sums.items() if where(cell))
        blocks, small = self._measure(measure)
        for block in blocks:
            inside = sum(1 for cell in block if where(cell))
            if 0 < inside < len(block):
                return SUPPRESSED
        if any(any(where(cell) for cell in block) for block in small):
            return SUPPRESSED
        return Protected(true)

    def _measure(self, name: str) -> tuple[list[frozenset], list[frozenset]]:
        if name not in self._measures:
            sums = self.population.sums[name]
            every = [*self.blocks, *self.small_blocks]
            units = {
                index: {"sum": sum(sums.get(cell, 0) for cell in block)}
                for index, block in enumerate(every)
            }
            merged, small = self._grow(units, self._over_blocks)
            too_few_records = set(range(len(self.blocks), len(every)))
            blocks, not_shown = [], []
            for members in [*merged, *small]:
                cells = frozenset(cell for unit in members for cell in every[unit])
                bad = members in small or bool(members & too_few_records)
                (not_shown if bad else blocks).append(cells)
            self._measures[name] = (blocks, not_shown)
        return self._measures[name]

    def _grow(
        self, units: Mapping, step_of: Callable[[Parent], Callable[[frozenset], Hashable | None]]
    ) -> tuple[list[frozenset], list[frozenset]]:
        """`merge_small` through the chain, without its optional steps in the financial
        years (the last step's parents) where they would still leave a small block."""
        chain = self.population.chain
        steps = [step_of(parent) for parent in chain]
        done, small = merge_small(units, steps, self.threshold, absorbing=len(steps) - 1)
        year_of = steps[-1]
        hidden_years = {year_of(group) for group in small}
        if not self.population.optional or not hidden_years:
            return done, small
        kept = [s for i, s in enumerate(steps) if i not in self.population.optional]
        again = {u: w for u, w in units.items() if year_of(frozenset([u])) in hidden_years}
        done_again, small_again = merge_small(again, kept, self.threshold, absorbing=len(kept) - 1)
        return (
            [g for g in done if year_of(g) not in hidden_years] + done_again,
            [g for g in small if year_of(g) not in hidden_years] + small_again,
        )

    def _over_blocks(self, parent: Parent) -> Callable[[frozenset], Hashable | None]:
        """A step over units that are base blocks (by index): the parent of their cells."""
        every = [*self.blocks, *self.small_blocks]

        def step(units: frozenset) -> Hashable | None:
            parents = {parent(cell) for unit in units for cell in every[unit]}
            return parents.pop() if len(parents) == 1 else None

        return step


def share_pct(part: Shown, total: Shown, digits: int = 1) -> float | None:
    """`part` as a percentage of `total`, or None if either is not shown."""
    if not isinstance(part, int) or not isinstance(total, int) or total == 0:
        return None
    return round(100.0 * part / total, digits)


def change_pct(current: Shown, previous: Shown, digits: int = 1) -> float | None:
    """Year-on-year change in percent, or None if either count is not shown or was 0."""
    if not isinstance(current, int) or not isinstance(previous, int) or previous == 0:
        return None
    return round(100.0 * (current - previous) / previous, digits)


def rate_pct(numerator: float, denominator: float, digits: int = 1) -> float | None:
    if denominator == 0:
        return None
    return round(100.0 * numerator / denominator, digits)
