"""What the committee update and the governance view say about the partnership itself: its
priorities (objectives, owner, the measures that track them), the statutory partnerships
and who sits on whose, and the local safeguarding partnerships. A partnership's file holds
it under `committee`; nothing here is about a person."""

from typing import Literal

from pydantic import BaseModel, Field, model_validator


class Owner(BaseModel):
    kind: Literal["board", "group", "agency"]
    name: str
    agency: str = Field(
        description="The agency whose officers set the priority's status (the board's or "
        "group's chair or lead officer)"
    )


class Measure(BaseModel):
    label: str
    path: str = Field(
        pattern=r"^/(v1/stats|dashboard)/[a-z0-9/_-]*$",
        description="The figures that track it: a stats endpoint or a dashboard page; the "
        "period is added when it is linked",
    )


class Priority(BaseModel):
    code: str = Field(pattern=r"^[a-z0-9-]{1,40}$")
    name: str
    owner: Owner
    objectives: list[str] = Field(min_length=1)
    measures: list[Measure] = Field(default_factory=list)
    next_steps: list[str] = Field(
        default_factory=list, description="Until its owner gives next steps with a status"
    )


class StatutoryPartnership(BaseModel):
    code: str = Field(pattern=r"^[a-z0-9-]{1,40}$")
    name: str
    represented_on: list[str] = Field(
        default_factory=list,
        description="The other statutory partnerships its representatives sit on",
    )


class LocalSafeguardingPartnership(BaseModel):
    name: str
    areas: list[str] = Field(min_length=1, description="The partnership's area codes it covers")


class CommitteeConfiguration(BaseModel):
    priorities: list[Priority] = Field(default_factory=list)
    statutory_partnerships: list[StatutoryPartnership] = Field(default_factory=list)
    local_safeguarding_partnerships: list[LocalSafeguardingPartnership] = Field(
        default_factory=list
    )

    @model_validator(mode="after")
    def _references_exist(self) -> "CommitteeConfiguration":
        codes = [p.code for p in self.priorities]
        if len(codes) != len(set(codes)):
            raise ValueError("priorities: a code is given twice")
        known = {p.code for p in self.statutory_partnerships}
        for partnership in self.statutory_partnerships:
            unknown = set(partnership.represented_on) - known - {partnership.code}
            if unknown or partnership.code in partnership.represented_on:
                raise ValueError(
                    f"statutory partnership {partnership.code}: represented_on names "
                    f"{sorted(unknown) or 'itself'}"
                )
        return self

    def check_against(self, *, areas: set[str], agencies: set[str]) -> None:
        """The owners' agencies and the local partnerships' areas are the partnership's."""
        for priority in self.priorities:
            if priority.owner.agency not in agencies:
                raise ValueError(
                    f"priority {priority.code}: unknown owner agency {priority.owner.agency}"
                )
        for local in self.local_safeguarding_partnerships:
            if unknown := set(local.areas) - areas:
                raise ValueError(f"local safeguarding partnership {local.name}: {sorted(unknown)}")

    def priority(self, code: str) -> Priority | None:
        return next((p for p in self.priorities if p.code == code), None)
