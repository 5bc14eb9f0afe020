from reporting.suppression import SUPPRESSED, FigureTable, change_pct


def _areas(values: dict[str, int], threshold: int = 5) -> FigureTable:
    table = FigureTable(threshold)
    table.add("total", sum(values.values()))
    for area, value in values.items():
        table.add(area, value)
    table.relate("total", list(values))
    table.solve()
    return table


def test_counts_from_one_to_four_show_as_less_than_five_and_zero_shows() -> None:
    table = _areas({"a": 0, "b": 4, "c": 5, "d": 3, "e": 100})
    assert table.show("a") == 0
    assert table.show("b") == "<5"
    assert table.show("d") == "<5"
    assert table.show("c") == 5
    assert table.show("total") == 112


def test_a_single_small_part_takes_the_next_smallest_part_with_it() -> None:
    # total - the shown parts would give the hidden one: hide another part too.
    table = _areas({"a": 3, "b": 40, "c": 12, "d": 0})
    assert table.show("a") == "<5"
    assert table.show("c") == SUPPRESSED
    assert table.show("b") == 40
    assert table.show("total") == 55
    assert table.share_pct("c", "total") is None


def test_small_parts_that_add_up_to_a_small_number_are_protected_too() -> None:
    table = _areas({"a": 1, "b": 2, "c": 30, "d": 50})
    assert table.show("a") == table.show("b") == "<5"
    assert table.show("c") == SUPPRESSED  # otherwise a + b = 3 would be known
    assert table.show("d") == 50


def test_the_total_goes_when_nothing_else_can() -> None:
    table = _areas({"a": 2, "b": 0})
    assert table.show("a") == "<5"
    assert table.show("total") == "<5"
    table = _areas({"a": 3, "b": 0, "c": 0}, threshold=3)
    assert table.show("a") == 3


def test_a_small_complement_of_a_subset_hides_the_subset() -> None:
    # 7 crimes, 5 against officers: the 2 others could be worked out.
    table = FigureTable(5)
    table.add("crimes", 7)
    table.add("officers", 5)
    table.subset("crimes", "officers")
    assert table.show("crimes") == 7
    assert table.show("officers") == SUPPRESSED
    assert table.share_pct("officers", "crimes") is None


def test_a_large_complement_is_no_reason_to_hide_anything() -> None:
    table = FigureTable(5)
    table.add("crimes", 283)
    table.add("officers", 14)
    table.subset("crimes", "officers")
    assert table.show("officers") == 14


def test_secondary_suppression_carries_across_linked_totals() -> None:
    # Two areas, each with repeat cases as a subset; totals across areas.
    table = FigureTable(5)
    for name, cases, repeat in (("x", 50, 2), ("y", 60, 20)):
        table.add(("cases", name), cases)
        table.add(("repeat", name), repeat)
        table.subset(("cases", name), ("repeat", name))
    table.add("cases", 110)
    table.add("repeat", 22)
    table.subset("cases", "repeat")
    table.relate("cases", [("cases", "x"), ("cases", "y")])
    table.relate("repeat", [("repeat", "x"), ("repeat", "y")])
    suppressed = table.solve()
    assert table.show(("repeat", "x")) == "<5"
    # repeat total - repeat y would give repeat x: y's repeat count is hidden too.
    assert ("repeat", "y") in suppressed
    assert table.show("repeat") == 22
    _assert_nothing_derivable(table)


def _assert_nothing_derivable(table: FigureTable) -> None:
    """No relation leaves exactly one protected cell unknown."""
    unknown = table.solve() | table.hidden
    for total, parts in table.relations:
        members = [total, *parts]
        missing = [m for m in members if m in unknown]
        if len(missing) == 1:
            key = missing[0]
            assert key in table.hidden and not (0 < table.cells[key] < table.threshold), key


def test_many_random_tables_leave_nothing_derivable() -> None:
    import random

    rng = random.Random(7)
    for _ in range(300):
        table = FigureTable(5)
        areas = [f"a{i}" for i in range(rng.randint(1, 6))]
        totals = {"c": 0, "r": 0}
        for area in areas:
            cases = rng.choice([0, 1, 2, 3, 4, 5, 8, 20, 100])
            repeat = rng.randint(0, cases)
            totals["c"] += cases
            totals["r"] += repeat
            table.add(("c", area), cases)
            table.add(("r", area), repeat)
            table.subset(("c", area), ("r", area))
        table.add("c", totals["c"])
        table.add("r", totals["r"])
        table.subset("c", "r")
        table.relate("c", [("c", a) for a in areas])
        table.relate("r", [("r", a) for a in areas])
        _assert_nothing_derivable(table)


def test_change_is_only_given_between_shown_counts() -> None:
    assert change_pct(283, 256) == 10.5
    assert change_pct("<5", 256) is None
    assert change_pct(10, 0) is None
    assert change_pct(10, SUPPRESSED) is None
