"""An attack on small-number protection, over many datasets of small counts.

Every figure a caller can ask for is published (each calendar month, quarter, financial
and calendar year; each area and all areas; the total, every value of a characteristic
and every band of one; a measure summed over records), as the API computes it. Then
two attackers:

1. *adding and subtracting*: exact linear algebra over the unknown counts. A suppressed
   figure whose cells are a combination of published figures is recovered exactly;
   so is one that two characteristics' figures together pin through the totals.
2. *bounds*: counts are whole and at least zero, which can pin what linear algebra
   cannot (two "<5" parts of a published 8 are both 4). For every suppressed figure it
   looks for another dataset, one record moved or two records' values swapped, that
   publishes exactly the same figures and gives that one a different value. Finding
   one proves no reasoning from the published figures can tell its value.
"""

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations, product

import pytest

from reporting import grid
from reporting.protection import SUPPRESSED, Protection

PRIME = (1 << 61) - 1
THRESHOLD = 5
AREAS = ("a", "b", "c")
KINDS = ("x", "y", "z")
HOURS = (0, 1, 2, 3)
BANDS = {"early": (0, 1), "late": (2, 3)}
FIRST_MONTH = 2023 * 12 + 3  # April 2023, as year * 12 + month - 1
MONTHS = range(FIRST_MONTH, FIRST_MONTH + 24)  # financial years 2023-24 and 2024-25


def quarter(month: int) -> int:
    return (month - 3) // 3


def fy(month: int) -> int:
    return (month - 3) // 12


def periods() -> list[tuple[str, range]]:
    result = [(f"month {m}", range(m, m + 1)) for m in MONTHS]
    result += [(f"quarter {q}", range(q * 3 + 3, q * 3 + 6)) for q in {quarter(m) for m in MONTHS}]
    result += [(f"fy {y}", range(y * 12 + 3, y * 12 + 15)) for y in {fy(m) for m in MONTHS}]
    result += [(f"year {y}", range(y * 12, y * 12 + 12)) for y in {m // 12 for m in MONTHS}]
    return result


@dataclass(frozen=True)
class Record:
    month: int
    area: str
    kind: str
    hour: int
    children: int

    @property
    def cell(self) -> tuple[int, str]:
        return (self.month, self.area)


@dataclass(frozen=True)
class Figure:
    """One figure: which records it counts (or sums), as the API asks for it."""

    name: str
    months: range
    areas: tuple[str, ...]
    characteristic: str | None = None
    values: tuple = ()
    measure: bool = False

    def holds(self, month: int, area: str, kind: str, hour: int) -> bool:
        if month not in self.months or area not in self.areas:
            return False
        if self.characteristic == "kind":
            return kind in self.values
        if self.characteristic == "hour":
            return hour in self.values
        return True

    def of(self, records: list[Record]) -> int:
        return sum(
            (r.children if self.measure else 1)
            for r in records
            if self.holds(r.month, r.area, r.kind, r.hour)
        )


def figures() -> list[Figure]:
    result = []
    for (name, months), areas in product(periods(), [(a,) for a in AREAS] + [AREAS]):
        where = f"{name} {'+'.join(areas)}"
        result.append(Figure(where, months, areas))
        result.append(Figure(f"{where} children", months, areas, measure=True))
        for kind in KINDS:
            result.append(Figure(f"{where} kind={kind}", months, areas, "kind", (kind,)))
        for hour in HOURS:
            result.append(Figure(f"{where} hour={hour}", months, areas, "hour", (hour,)))
        for band, hours in BANDS.items():
            result.append(Figure(f"{where} band={band}", months, areas, "hour", hours))
    return result


FIGURES = figures()


def publish(records: list[Record], threshold: int) -> dict[Figure, int | str]:
    population = grid.population(
        threshold, value_steps={"hour": [lambda h: "early" if h < 2 else "late"]}
    )
    for r in records:
        population.add(
            r.cell,
            characteristics={"kind": r.kind, "hour": r.hour},
            measures={"children": r.children},
        )
    protection: Protection = population.protect()
    shown: dict[Figure, int | str] = {}
    for f in FIGURES:

        def where(cell: tuple, f: Figure = f) -> bool:
            return cell[0] in f.months and cell[1] in f.areas

        if f.measure:
            shown[f] = protection.total("children", where)
        elif f.characteristic is None:
            shown[f] = protection.count(where)
        else:
            shown[f] = protection.count(where, f.characteristic, lambda v, f=f: v in f.values)
    return shown


def dataset(rng: random.Random) -> list[Record]:
    """Small counts, clustered so that some months and areas have one or two records."""
    size = rng.randint(6, 70)
    busy = rng.sample(list(MONTHS), rng.randint(1, 8))
    records = []
    for _ in range(size):
        month = rng.choice(busy) if rng.random() < 0.8 else rng.choice(list(MONTHS))
        records.append(
            Record(
                month=month,
                area=rng.choices(AREAS, weights=(6, 3, 1))[0],
                kind=rng.choices(KINDS, weights=(5, 3, 1))[0],
                hour=rng.choice(HOURS),
                children=rng.choice((0, 0, 1, 2, 3)),
            )
        )
    return records


# ---- attacker 1: adding and subtracting -------------------------------------------


class Span:
    """Rows over GF(p), kept in reduced echelon form: is a row a combination of those
    added? Rows are sparse: {column: coefficient}."""

    def __init__(self) -> None:
        self.rows: dict[int, dict[int, int]] = {}

    def reduce(self, row: dict[int, int]) -> dict[int, int]:
        result = dict(row)
        # Reduced echelon form: each basis row is zero in every other pivot's column, so
        # one pass over the pivots the row starts with is enough.
        for pivot in [c for c in row if c in self.rows]:
            factor = result.get(pivot, 0)
            if factor:
                for column, value in self.rows[pivot].items():
                    new = (result.get(column, 0) - factor * value) % PRIME
                    if new:
                        result[column] = new
                    else:
                        result.pop(column, None)
        return result

    def add(self, row: dict[int, int]) -> None:
        row = self.reduce(row)
        if not row:
            return
        pivot = min(row)
        inverse = pow(row[pivot], PRIME - 2, PRIME)
        row = {c: v * inverse % PRIME for c, v in row.items()}
        for basis in self.rows.values():
            factor = basis.get(pivot, 0)
            if factor:
                for column, value in row.items():
                    new = (basis.get(column, 0) - factor * value) % PRIME
                    if new:
                        basis[column] = new
                    else:
                        basis.pop(column, None)
        self.rows[pivot] = row

    def holds(self, row: dict[int, int]) -> bool:
        return not self.reduce(row)

    @property
    def rank(self) -> int:
        return len(self.rows)


def _columns(characteristic: str | None) -> list[tuple]:
    values: tuple = {"kind": KINDS, "hour": HOURS, None: ("-",)}[characteristic]
    return [(m, a, v) for m in MONTHS for a in AREAS for v in values]


def _row(figure: Figure, columns: list[tuple]) -> dict[int, int]:
    """A figure over the counts of (month, area, value) of one characteristic."""
    row = {}
    for index, (month, area, value) in enumerate(columns):
        if month not in figure.months or area not in figure.areas:
            continue
        if figure.characteristic is None or value in figure.values:
            row[index] = 1
    return row


def linear_attack(shown: dict[Figure, int | str]) -> list[str]:
    """Suppressed figures that published ones add up to, per characteristic with the
    totals; and totals that a characteristic gives away beyond what totals show."""
    recovered = []
    totals = [f for f in FIGURES if f.characteristic is None and not f.measure]
    base_columns = _columns(None)
    base = Span()
    for f in totals:
        if shown[f] != SUPPRESSED:
            base.add(_row(f, base_columns))
    for f in totals:
        if shown[f] == SUPPRESSED and base.holds(_row(f, base_columns)):
            recovered.append(f.name)
    for characteristic in ("kind", "hour"):
        columns = _columns(characteristic)
        index = {
            (m, a): [i for i, c in enumerate(columns) if c[:2] == (m, a)]
            for m in MONTHS
            for a in AREAS
        }

        def as_total(f: Figure, index: dict = index) -> dict[int, int]:
            return {i: 1 for (m, a), idx in index.items() if f.holds(m, a, "", 0) for i in idx}

        mine = [f for f in FIGURES if f.characteristic == characteristic]
        span = Span()
        for f in totals:
            if shown[f] != SUPPRESSED:
                span.add(as_total(f))
        for f in mine:
            if shown[f] != SUPPRESSED:
                span.add(_row(f, columns))
        for f in mine:
            if shown[f] == SUPPRESSED and span.holds(_row(f, columns)):
                recovered.append(f.name)
        for f in totals:
            if shown[f] == SUPPRESSED and span.holds(as_total(f)):
                recovered.append(f"{f.name} (through {characteristic})")
        # What this characteristic tells of the totals must be no more than the totals
        # themselves tell, or two characteristics together could pin a total.
        with_units = Span()
        for row in span.rows.values():
            with_units.add(row)
        for idx in index.values():
            with_units.add(dict.fromkeys(idx, 1))
        learnt = span.rank + len(index) - with_units.rank
        if learnt != base.rank:
            recovered.append(f"{characteristic} tells {learnt - base.rank} more about totals")
    children = [f for f in FIGURES if f.measure]
    span = Span()
    for f in children:
        if shown[f] != SUPPRESSED:
            span.add(_row(Figure(f.name, f.months, f.areas), base_columns))
    for f in children:
        if shown[f] == SUPPRESSED and span.holds(
            _row(Figure(f.name, f.months, f.areas), base_columns)
        ):
            recovered.append(f.name)
    return recovered


# ---- attacker 2: bounds (counts whole and at least zero) --------------------------


def _signature_of(figures: list[Figure], seed: int) -> Callable[[tuple], int]:
    """A hash of the figures a combination of values (an atom) falls in: datasets whose
    atoms' hashes add up to the same publish the same counts (with certainty but for a
    chance of 2**-61)."""
    rng = random.Random(seed)
    weight = [(f, rng.randrange(PRIME)) for f in figures]
    cache: dict[tuple, int] = {}

    def signature(atom: tuple) -> int:
        if atom not in cache:
            cache[atom] = sum(w for f, w in weight if f.holds(*atom)) % PRIME
        return cache[atom]

    return signature


def unpinned(records: list[Record], shown: dict[Figure, int | str]) -> set[Figure]:
    """Suppressed figures for which another dataset publishes the same and differs."""
    counts = [f for f in FIGURES if not f.measure]
    published = _signature_of([f for f in counts if shown[f] != SUPPRESSED], 1)
    hidden_counts = [f for f in counts if shown[f] == SUPPRESSED]
    atoms = [(m, a, k, h) for m in MONTHS for a in AREAS for k in KINDS for h in HOURS]
    by_signature: dict[int, list[tuple]] = {}
    for atom in atoms:
        by_signature.setdefault(published(atom), []).append(atom)
    hidden_in: dict[tuple, frozenset[int]] = {}

    def hidden(atom: tuple) -> frozenset[int]:
        if atom not in hidden_in:
            hidden_in[atom] = frozenset(i for i, f in enumerate(hidden_counts) if f.holds(*atom))
        return hidden_in[atom]

    found_ids: set[int] = set()

    def changes(before: list[tuple], after: list[tuple]) -> None:
        """Records the hidden figures whose count differs between the two."""
        touched = set().union(*(hidden(a) for a in (*before, *after))) - found_ids
        if not touched:
            return
        difference: Counter = Counter()
        for atom in before:
            difference.update(hidden(atom) & touched)
        for atom in after:
            difference.subtract(hidden(atom) & touched)
        found_ids.update(i for i, n in difference.items() if n)

    atoms_of = [(r.month, r.area, r.kind, r.hour) for r in records]
    # One record more where no published figure counts it (or one fewer).
    for atom in by_signature.get(0, []):
        changes([], [atom])
    # One record moved where the published figures cannot tell.
    for atom in set(atoms_of):
        for target in by_signature[published(atom)]:
            if target != atom:
                changes([atom], [target])
    # Two records change values (in their own months and areas), keeping the sums.
    repeated = [atom for atom, n in Counter(atoms_of).items() if n > 1]
    pairs = [*combinations(sorted(set(atoms_of)), 2), *((atom, atom) for atom in repeated)]
    for first, second in pairs:
        total = (published(first) + published(second)) % PRIME
        for v1, v2 in product(product(KINDS, HOURS), repeat=2):
            a1 = (first[0], first[1], *v1)
            a2 = (second[0], second[1], *v2)
            moved = sorted([a1, a2]) != sorted([first, second])
            if moved and (published(a1) + published(a2)) % PRIME == total:
                changes([first, second], [a1, a2])
    found = {hidden_counts[i] for i in found_ids}
    # Children: one moved from a record to another, or one more where no figure shows it.
    hidden_sums = [f for f in FIGURES if f.measure and shown[f] == SUPPRESSED]
    shown_sums = [f for f in FIGURES if f.measure and shown[f] != SUPPRESSED]
    cells = sorted({r.cell for r in records})

    def sum_signature(cell: tuple) -> frozenset:
        return frozenset(f for f in shown_sums if f.holds(cell[0], cell[1], "", 0))

    givers = {r.cell for r in records if r.children > 0}
    for source, target in product(cells, repeat=2):
        if source in givers and source != target and sum_signature(source) == sum_signature(target):
            for f in hidden_sums:
                if f.holds(source[0], source[1], "", 0) != f.holds(target[0], target[1], "", 0):
                    found.add(f)
    for cell in cells:
        if not sum_signature(cell):
            found.update(f for f in hidden_sums if f.holds(cell[0], cell[1], "", 0))
    return found


def naive_publish(records: list[Record], threshold: int) -> dict[Figure, int | str]:
    """Per-figure suppression: each count from 1 to threshold - 1 hidden, nothing else."""
    shown: dict[Figure, int | str] = {}
    for f in FIGURES:
        value = f.of(records)
        shown[f] = SUPPRESSED if 0 < value < threshold else value
    return shown


def _check(records: list[Record], threshold: int) -> None:
    _check_published(records, publish(records, threshold))


def _check_published(records: list[Record], shown: dict[Figure, int | str]) -> None:
    for f, value in shown.items():
        assert value == SUPPRESSED or value == f.of(records), f.name
    recovered = linear_attack(shown)
    assert not recovered, f"recovered by adding and subtracting: {recovered[:10]}"
    hidden = {f for f, v in shown.items() if v == SUPPRESSED}
    pinned = hidden - unpinned(records, shown)
    assert not pinned, f"pinned by bounds: {sorted(f.name for f in pinned)[:10]}"


def _small_ones_are_hidden(records: list[Record], threshold: int) -> None:
    shown = publish(records, threshold)
    for f, value in shown.items():
        true = f.of(records)
        if 0 < true < threshold:
            assert value == SUPPRESSED, (f.name, true)


@pytest.mark.parametrize("seed", range(12))
def test_no_suppressed_figure_can_be_worked_out(seed: int) -> None:
    rng = random.Random(seed)
    records = dataset(rng)
    _small_ones_are_hidden(records, THRESHOLD)
    _check(records, THRESHOLD)


def test_the_example_of_the_attack_on_a_running_stack() -> None:
    """Selby: 8 in January, 2 in February; January to February is no longer a figure, and
    the quarter and its months do not give February either."""
    records = [Record(FIRST_MONTH + 9, "a", "x", 0, 0) for _ in range(8)]
    records += [Record(FIRST_MONTH + 10, "a", "x", 0, 0) for _ in range(2)]
    records += [Record(FIRST_MONTH + 10, "b", "y", 2, 1) for _ in range(30)]
    shown = publish(records, THRESHOLD)
    february = next(f for f in FIGURES if f.name == f"month {FIRST_MONTH + 10} a")
    assert shown[february] == SUPPRESSED
    _check(records, THRESHOLD)


def test_the_attack_breaks_per_figure_suppression() -> None:
    """The attack is not toothless: against hiding each small count on its own, it works
    February out from the quarter and its other months, on the example and on most of
    the random datasets."""
    records = [Record(FIRST_MONTH + 9, "a", "x", 0, 0) for _ in range(8)]
    records += [Record(FIRST_MONTH + 10, "a", "x", 0, 0) for _ in range(2)]
    records += [Record(FIRST_MONTH + 11, "a", "x", 0, 0) for _ in range(7)]
    shown = naive_publish(records, THRESHOLD)
    assert f"month {FIRST_MONTH + 10} a" in linear_attack(shown)
    with pytest.raises(AssertionError, match="recovered by adding and subtracting"):
        _check_published(records, shown)
    broken = 0
    for seed in range(12):
        records = dataset(random.Random(seed))
        try:
            _check_published(records, naive_publish(records, THRESHOLD))
        except AssertionError:
            broken += 1
    assert broken >= 10
