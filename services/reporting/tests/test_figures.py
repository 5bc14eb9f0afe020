"""What every figure counts: a count of people only from protection, a number that says
nothing of what it counts refused where it is defined."""

import pytest
from fastapi import APIRouter
from pydantic import BaseModel, ValidationError

from reporting.figures import (
    Count,
    Figures,
    Protected,
    Tally,
    UndeclaredFigure,
    UnprotectedCount,
    check_routes,
)
from reporting.protection import SUPPRESSED, Population
from reporting.rendering import environment


class Cases(Figures):
    cases: Count
    by_area: dict[str, Count]
    meetings: Tally


def test_a_count_of_people_comes_only_from_protection() -> None:
    population = Population(threshold=5, chain=(lambda c: "all", lambda c: "all"))
    population.add(("york",), n=7)
    population.add(("selby",), n=2)
    protection = population.protect()
    shown = protection.count(lambda c: True)
    assert shown == 9 and type(shown) is Protected
    assert protection.count(lambda c: c == ("selby",)) == SUPPRESSED
    figures = Cases(cases=shown, by_area={"selby": SUPPRESSED}, meetings=3)
    assert figures.model_dump() == {"cases": 9, "by_area": {"selby": "suppressed"}, "meetings": 3}
    # A sum of published counts is a new figure: it must be protected again.
    with pytest.raises(ValidationError, match="did not go through small-number protection"):
        Cases(cases=shown + 0, by_area={}, meetings=3)
    with pytest.raises(ValidationError):
        Cases(cases=shown, by_area={"york": 7}, meetings=3)


def test_a_figure_that_does_not_say_what_it_counts_cannot_be_defined() -> None:
    with pytest.raises(UndeclaredFigure, match=r"Actions\.due"):

        class Actions(Figures):
            due: int

    class Part(BaseModel):
        open: int | None

    with pytest.raises(UndeclaredFigure, match=r"Part\.open"):

        class Nested(Figures):
            by_agency: dict[str, Part]

    with pytest.raises(UndeclaredFigure, match="a count of people or another number"):

        class Either(Figures):
            total: Count | Tally

    with pytest.raises(UndeclaredFigure, match=r"Mapping\.by_hour"):

        class Mapping(Figures):
            by_hour: dict[str, int]


def test_every_route_of_figures_answers_with_figures() -> None:
    router = APIRouter(prefix="/v1/stats")

    class Loose(BaseModel):
        cases: int

    @router.get("/loose", response_model=Loose)
    async def loose() -> dict:
        return {"cases": 1}

    with pytest.raises(UndeclaredFigure, match="/v1/stats/loose"):
        check_routes(router.routes)


def test_the_dashboard_shows_only_protected_counts_as_counts() -> None:
    count = environment.filters["count"]
    assert count(Protected(1998)) == "1,998"
    assert count(SUPPRESSED) == "suppressed"
    assert count(12.5) == "12.5"
    with pytest.raises(UnprotectedCount):
        count(3)
    assert environment.filters["tally"](3) == "3"
