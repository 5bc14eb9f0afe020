"""The stages of a review and the moves between them, as data.

A `Workflow` is configuration (settings, JSON in the environment): the stages, which of
them finish a review, the attributes a review remembers from its moves (the decision,
the QA outcome), and every allowed move with what it needs. The defaults follow the
2016 statutory guidance; a partnership changes them without a deployment, and the
Victims and Prisoners Act 2024 changes only names and data.

A review's place in its workflow is a `Position`: its stage, the date it got there and
its attributes. `Workflow.move` takes a position and a requested move and returns the
next position, or refuses with `Conflict` (the move does not fit the review: 409) or
`Invalid` (the request is wrong in itself: 422).
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from types import MappingProxyType
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, model_validator

from csp_common.contracts.dhr import GUIDANCE_2016_STAGES
from dhr_tracker.problems import Conflict, Invalid

_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")

DetailValue = StrictStr | StrictBool
Name = Annotated[str, Field(pattern=_NAME.pattern, max_length=40)]


@dataclass(frozen=True)
class Position:
    """Where a review stands: its stage, since when, and what its moves decided."""

    stage: str
    since: date
    attributes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


class Move(BaseModel):
    """One allowed move. `when` is what the review must have decided before (a
    Home Office overturn applies only to a `no_review`); `requires` names the details
    the caller must give, each with its allowed values or null for any non-empty value;
    `accepts` names the details the caller may give; `sets` fixes attributes whatever
    the caller sends."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    name: Name | None = Field(default=None, description="Shown in the history; from_to if not set")
    from_: Name = Field(alias="from")
    to: Name
    when: dict[Name, Name] = Field(default_factory=dict)
    requires: dict[Name, tuple[DetailValue, ...] | None] = Field(default_factory=dict)
    accepts: tuple[Name, ...] = ()
    sets: dict[Name, Name] = Field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.name or f"{self.from_}_to_{self.to}"

    def applies_to(self, position: Position) -> bool:
        return self.from_ == position.stage and all(
            position.attributes.get(key) == value for key, value in self.when.items()
        )


class Workflow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    stages: tuple[Name, ...] = Field(min_length=2, max_length=60)
    initial: Name
    finished: tuple[Name, ...] = Field(
        min_length=1, description="Stages in which a review is finished: no clock runs"
    )
    attributes: dict[Name, tuple[Name, ...]] = Field(
        default_factory=dict,
        description="What a review remembers from its moves, with the allowed values",
    )
    moves: tuple[Move, ...] = Field(min_length=1, max_length=500)

    @model_validator(mode="after")
    def _consistent(self) -> "Workflow":
        stages = set(self.stages)
        if len(stages) != len(self.stages):
            raise ValueError("stages must not repeat a stage")
        if self.initial not in stages or not set(self.finished) <= stages:
            raise ValueError("initial and finished must be stages of the workflow")
        if self.initial in self.finished:
            raise ValueError("the initial stage cannot be a finished one")
        for name, values in self.attributes.items():
            if not values or len(set(values)) != len(values):
                raise ValueError(f"attribute {name} needs distinct values")
        for move in self.moves:
            self._check_move(move, stages)
        self._check_unambiguous()
        self._check_reachable()
        return self

    def _check_move(self, move: Move, stages: set[str]) -> None:
        if move.from_ not in stages or move.to not in stages:
            raise ValueError(f"move {move.label} names a stage the workflow does not have")
        for key, value in (*move.when.items(), *move.sets.items()):
            if value not in self.attributes.get(key, ()):
                raise ValueError(f"move {move.label}: {key}={value} is not an attribute value")
        for key, allowed in move.requires.items():
            if key in self.attributes and allowed is not None:
                if not set(allowed) <= set(self.attributes[key]):
                    raise ValueError(f"move {move.label}: a value of {key} is not allowed")
        if set(move.requires) & set(move.accepts):
            raise ValueError(f"move {move.label}: a detail is both required and accepted")

    def _check_unambiguous(self) -> None:
        moves = list(self.moves)
        for index, one in enumerate(moves):
            for other in moves[index + 1 :]:
                if (one.from_, one.to) != (other.from_, other.to):
                    continue
                if not any(
                    key in other.when and other.when[key] != value
                    for key, value in one.when.items()
                ):
                    raise ValueError(
                        f"moves {one.label} and {other.label} can both apply to one review"
                    )

    def _check_reachable(self) -> None:
        reached, frontier = {self.initial}, [self.initial]
        while frontier:
            stage = frontier.pop()
            for move in self.moves:
                if move.from_ == stage and move.to not in reached:
                    reached.add(move.to)
                    frontier.append(move.to)
        if unreached := [stage for stage in self.stages if stage not in reached]:
            raise ValueError(f"stages no move reaches: {', '.join(unreached)}")
        stuck = [
            stage
            for stage in self.stages
            if stage not in self.finished and not any(m.from_ == stage for m in self.moves)
        ]
        if stuck:
            raise ValueError(f"unfinished stages with no move out: {', '.join(stuck)}")

    def start(self, notified_on: date) -> Position:
        return Position(self.initial, notified_on)

    def is_finished(self, position: Position) -> bool:
        return position.stage in self.finished

    def moves_from(self, position: Position) -> list[Move]:
        return [move for move in self.moves if move.applies_to(position)]

    def next_stages(self, position: Position) -> list[str]:
        return list(dict.fromkeys(move.to for move in self.moves_from(position)))

    def move(
        self,
        position: Position,
        *,
        to: str,
        on: date,
        details: Mapping[str, Any],
        today: date,
    ) -> tuple[Move, Position]:
        """The move that takes `position` to stage `to` on `on`, and where it leads.

        `details` are the caller's other fields; absent and null ones are the same."""
        if to not in self.stages:
            raise Invalid("unknown_stage", "That is not a stage of this workflow.", pointer="/to")
        chosen = next((m for m in self.moves_from(position) if m.to == to), None)
        if chosen is None:
            allowed = ", ".join(self.next_stages(position)) or "nowhere"
            raise Conflict(
                "move_refused",
                f"A review at stage {position.stage} cannot move to {to}; "
                f"it can move to: {allowed}.",
            )
        if on > today:
            raise Invalid("future_date", "A move cannot be dated in the future.", pointer="/on")
        if on < position.since:
            raise Conflict(
                "move_out_of_order",
                f"A move cannot be dated before the review's last move "
                f"({position.since.isoformat()}).",
            )
        given = {key: value for key, value in details.items() if _present(value)}
        _check_details(chosen, given, self.attributes)
        attributes = dict(position.attributes)
        attributes.update(
            {key: str(value) for key, value in given.items() if key in self.attributes}
        )
        attributes.update(chosen.sets)
        return chosen, Position(to, on, MappingProxyType(attributes))

    def replay(
        self,
        notified_on: date,
        steps: Sequence[tuple[str, date, Mapping[str, Any]]],
        *,
        today: date,
    ) -> list[Position]:
        """Every position of a review from its notification through `steps`
        (stage, date, details), each move checked as it was when it was made."""
        positions = [self.start(notified_on)]
        for to, on, details in steps:
            positions.append(
                self.move(positions[-1], to=to, on=on, details=details, today=today)[1]
            )
        return positions


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | dict | set):
        return bool(value)
    return True


def _check_details(
    move: Move, given: Mapping[str, Any], attributes: Mapping[str, tuple[str, ...]]
) -> None:
    for key, required in move.requires.items():
        allowed = required if required is not None else attributes.get(key)
        if key not in given:
            raise Invalid("missing_detail", f"A move to {move.to} needs {key}.", pointer=f"/{key}")
        if allowed is not None and not any(
            type(given[key]) is type(value) and given[key] == value for value in allowed
        ):
            choices = ", ".join(_shown(value) for value in allowed)
            raise Invalid(
                "detail_value",
                f"{key} of a move to {move.to} must be one of: {choices}.",
                pointer=f"/{key}",
            )
    for key in given:
        if key not in move.requires and key not in move.accepts:
            raise Invalid(
                "unexpected_detail",
                f"{key} is not a detail of a move to {move.to}.",
                pointer=f"/{key}",
            )


def _shown(value: DetailValue) -> str:
    return str(value).lower() if isinstance(value, bool) else value


def _linear(*stages: str) -> list[dict[str, Any]]:
    return [{"from": one, "to": two} for one, two in pairwise(stages)]


def guidance_2016() -> Workflow:
    """The stages of the 2016 statutory guidance (Domestic Homicide Reviews)."""
    note = ("note",)
    moves: list[dict[str, Any]] = [
        {"from": "notified", "to": "scoping", "accepts": note},
        {
            "from": "scoping",
            "to": "decided",
            "requires": {"decision": None, "reasons": None},
            "accepts": ("home_office_told_on", "note"),
        },
        {
            "name": "home_office_overturn",
            "from": "decided",
            "to": "decided",
            "when": {"decision": "no_review"},
            "sets": {"decision": "review", "overturned": "yes"},
            "requires": {"reasons": None},
            "accepts": note,
        },
        {
            "name": "no_review_closed",
            "from": "decided",
            "to": "closed",
            "when": {"decision": "no_review"},
            "accepts": note,
        },
        {
            "name": "home_office_overturn_after_closing",
            "from": "closed",
            "to": "decided",
            "when": {"decision": "no_review"},
            "sets": {"decision": "review", "overturned": "yes"},
            "requires": {"reasons": None},
            "accepts": note,
        },
        {
            "from": "decided",
            "to": "panel_established",
            "when": {"decision": "review"},
            "requires": {"chair": None, "independence_declared": (True,)},
            "accepts": note,
        },
        *(
            {**move, "accepts": note}
            for move in _linear(
                "panel_established",
                "terms_of_reference_agreed",
                "information_gathering",
                "overview_drafting",
                "submitted_to_qa",
            )
        ),
        {
            "from": "submitted_to_qa",
            "to": "qa_outcome",
            "requires": {"qa_outcome": None, "letter_on": None},
            "accepts": ("requested_changes", "note"),
        },
        {
            "from": "qa_outcome",
            "to": "awaiting_publication",
            "when": {"qa_outcome": "approved"},
            "accepts": note,
        },
        *(
            {"from": "qa_outcome", "to": to, "when": {"qa_outcome": outcome}, "accepts": note}
            for outcome, targets in (
                ("revisions_requested", ("overview_drafting", "submitted_to_qa")),
                ("further_work", ("information_gathering", "overview_drafting")),
            )
            for to in targets
        ),
        {
            "from": "awaiting_publication",
            "to": "published",
            "requires": {"address": None},
            "accepts": note,
        },
        *({**move, "accepts": note} for move in _linear("published", "monitoring", "closed")),
    ]
    return Workflow.model_validate(
        {
            "stages": GUIDANCE_2016_STAGES,
            "initial": "notified",
            "finished": ("closed",),
            "attributes": {
                "decision": ("review", "no_review"),
                "overturned": ("yes",),
                "qa_outcome": ("approved", "revisions_requested", "further_work"),
            },
            "moves": moves,
        }
    )
