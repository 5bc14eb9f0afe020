"""What every published figure counts, and the guard that keeps people's counts protected.

Every whole number a figure response carries declares its kind:

- `Count`: people, or cases and records about people (referrals, cases heard, crimes,
  routes, actions on a case...). Only a value `protection` made can fill it: a
  `Protected` count or "suppressed". A number counted any other way is refused when
  the response is built, so a new endpoint cannot publish a raw count of people.
- `Tally`: agencies and meetings, and what organisations did (attendance, escalations,
  bids, grants, sessions held), published as they are: an agency's attendance is not
  about a victim.
- `ReviewTally`: statutory reviews of a death, each of which is published on its own.
- `Pence` and `Setting`: money and configured numbers (the threshold, a year).

`Figures` is the base of every response of figures. Defining a subclass checks every
field, nested models and mappings included: a bare `int` (a count that says nothing
of what it counts) is refused, so such a response cannot even be imported. The kind
travels to the OpenAPI document as `x-figure-kind`, where the dashboard, the report
and the suppression walk read it.
"""

import enum
import typing
from dataclasses import dataclass
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, BeforeValidator, Field
from pydantic.fields import FieldInfo

SUPPRESSED = "suppressed"

KIND_KEY = "x-figure-kind"


class Kind(enum.StrEnum):
    PEOPLE = "people"
    AGENCIES = "agencies"
    REVIEWS = "reviews"
    MONEY = "money"
    SETTING = "setting"


NOTES = {
    Kind.PEOPLE: (
        "Counts of people or cases: a count from 1 to {less} reads “suppressed”, and so "
        "does any count from which, with the others, one could be worked out."
    ),
    Kind.AGENCIES: (
        "Counts of agencies and meetings (what organisations did), published as they are: "
        "they are not about a victim."
    ),
    Kind.REVIEWS: ("Counts of statutory reviews, each of which is published: shown as they are."),
}


def note(kind: Kind | str, threshold: int) -> str:
    """The sentence the dashboard and the report print beside figures of a kind."""
    return NOTES[Kind(kind)].format(less=threshold - 1)


class Protected(int):
    """A count that small-number protection decided may be published. Arithmetic on it
    gives a plain `int`: a figure made from published ones must be protected again."""

    __slots__ = ()


class UnprotectedCount(ValueError):
    """A count of people or cases that did not come from `protection`."""


class UndeclaredFigure(TypeError):
    """A figure response field holds a whole number without saying what it counts."""


@dataclass(frozen=True)
class Counts:
    """The marker a whole number of a figure response carries: what it counts."""

    kind: Kind


def _protected(value: Any) -> Any:
    if value == SUPPRESSED:
        return value
    if type(value) is Protected:
        return int(value)
    raise UnprotectedCount(
        f"{value!r} counts people or cases but did not go through small-number protection"
    )


Count = Annotated[
    int | str,
    BeforeValidator(_protected),
    Counts(Kind.PEOPLE),
    Field(
        description=(
            'A count of people or cases, or "suppressed": a count from 1 to 4 (the '
            "threshold is configurable), or one from which, with any other published "
            "figure, such a count could be worked out. Small and protecting counts read "
            "the same, so that neither gives the other away"
        ),
        examples=[283, "suppressed"],
        json_schema_extra={KIND_KEY: Kind.PEOPLE.value},
    ),
]
Tally = Annotated[
    int,
    Counts(Kind.AGENCIES),
    Field(json_schema_extra={KIND_KEY: Kind.AGENCIES.value}),
]
"""A count of agencies, meetings or what organisations did: published as it is."""
ReviewTally = Annotated[
    int,
    Counts(Kind.REVIEWS),
    Field(json_schema_extra={KIND_KEY: Kind.REVIEWS.value}),
]
Pence = Annotated[int, Counts(Kind.MONEY), Field(json_schema_extra={KIND_KEY: Kind.MONEY.value})]
Setting = Annotated[
    int, Counts(Kind.SETTING), Field(json_schema_extra={KIND_KEY: Kind.SETTING.value})
]
"""A configured number: the threshold, a year, a population."""


def _declared(metadata: list[Any]) -> bool:
    return any(isinstance(item, Counts) for item in metadata)


def _check(owner: str, annotation: Any, seen: set[type]) -> None:
    if get_origin(annotation) is Annotated:
        base, *metadata = get_args(annotation)
        if not _declared(metadata):
            _check(owner, base, seen)
        return
    if annotation is bool:
        return
    if annotation is int:
        raise UndeclaredFigure(
            f"{owner} is a whole number that does not say what it counts: declare it "
            "Count (people or cases, protected), Tally (agencies and meetings), "
            "ReviewTally, Pence or Setting"
        )
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in seen:
            seen.add(annotation)
            for name, info in annotation.model_fields.items():
                _check_field(f"{annotation.__name__}.{name}", info, seen)
        return
    if get_origin(annotation) is not None:  # a union, a mapping, a list: what it holds
        arguments = get_args(annotation)
        if any(_kind(a) is Kind.PEOPLE for a in arguments) and any(
            _kind(a) not in (None, Kind.PEOPLE) or a is int for a in arguments
        ):
            # A raw number would pass as the other kind, around protection.
            raise UndeclaredFigure(f"{owner} is a count of people or another number")
        for argument in arguments:
            _check(owner, argument, seen)


def _kind(annotation: Any) -> Kind | None:
    if get_origin(annotation) is not Annotated:
        return None
    marks = [item for item in get_args(annotation)[1:] if isinstance(item, Counts)]
    return marks[0].kind if marks else None


def _check_field(owner: str, info: FieldInfo, seen: set[type]) -> None:
    if _declared(info.metadata):
        return
    _check(owner, info.annotation, seen)


class Figures(BaseModel):
    """Base of every response of figures: each whole number says what it counts."""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        seen: set[type] = {cls}
        for name, info in cls.model_fields.items():
            _check_field(f"{cls.__name__}.{name}", info, seen)


FIGURE_PREFIXES = ("/v1/stats/", "/v1/returns/")


def check_routes(routes: typing.Iterable[Any]) -> None:
    """Every JSON route of figures answers with a `Figures` model (raises otherwise)."""
    for route in routes:
        path = getattr(route, "path", "")
        if not path.startswith(FIGURE_PREFIXES) or not getattr(route, "include_in_schema", True):
            continue
        model = getattr(route, "response_model", None)
        if model is None and path.endswith(".csv"):
            continue  # CSV is the same figures as its JSON twin, from the same function
        if not (isinstance(model, type) and issubclass(model, Figures)):
            raise UndeclaredFigure(f"{path} publishes figures without a Figures response model")
