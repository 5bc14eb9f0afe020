"""The sealed identity: who the review is about, by name. Never in an event, a log or
another answer; encrypted at rest; read only by the CSP team with a purpose."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from csp_common.fields import optional_text, text
from dhr_tracker.fields import BirthDate, Code

SealedRole = Literal["victim", "family", "friend", "other"]


class AddressIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lines: list[text(200)] = Field(min_length=1, max_length=6)  # type: ignore[valid-type]
    town: optional_text(100) = None  # type: ignore[valid-type]
    postcode: optional_text(12) = None  # type: ignore[valid-type]


class SealedPersonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: SealedRole
    relationship: Code | None = Field(default=None, description="To the victim: mother, son...")
    names: list[text(200)] = Field(min_length=1, max_length=10)  # type: ignore[valid-type]
    dates_of_birth: list[BirthDate] = Field(default_factory=list, max_length=5)
    addresses: list[AddressIn] = Field(default_factory=list, max_length=10)

    @field_validator("names")
    @classmethod
    def _searchable(cls, names: list[str]) -> list[str]:
        # A name with nothing to search for would let every draft pass the check.
        if any(sum(char.isalnum() for char in name) < 2 for name in names):
            raise ValueError("every name needs at least two letters or digits")
        return names


class SealedIdentityIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "people": [
                        {
                            "role": "victim",
                            "names": ["Jane Doe", "Jane Smith"],
                            "dates_of_birth": ["1985-03-07"],
                            "addresses": [
                                {
                                    "lines": ["12 Acacia Avenue"],
                                    "town": "Scarborough",
                                    "postcode": "YO11 2AB",
                                }
                            ],
                        }
                    ]
                }
            ]
        },
    )
    people: list[SealedPersonIn] = Field(min_length=1, max_length=30)

    @model_validator(mode="after")
    def _one_victim(self) -> "SealedIdentityIn":
        if sum(person.role == "victim" for person in self.people) > 1:
            raise ValueError("a review has one victim")
        return self


class SealedIdentityOut(SealedIdentityIn):
    updated_at: datetime
