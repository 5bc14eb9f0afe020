"""What an applicant sends to register its organisation, and gets back."""

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator

from svd_fund.fields import Title
from svd_fund.organisations.rules import org_id_problem

OrganisationKind = Literal[
    "charity", "community-group", "social-enterprise", "company", "school", "public-body"
]
OrgId = Annotated[
    str, StringConstraints(pattern=r"^[A-Z]{2}-[A-Z]{2,4}-[A-Za-z0-9]{1,40}$", max_length=48)
]


class OrganisationIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"org_id": "GB-CHC-1234567", "name": "Scarborough Youth Trust", "kind": "charity"}
            ]
        },
    )
    org_id: OrgId
    name: Title
    kind: OrganisationKind

    @field_validator("org_id")
    @classmethod
    def _known_list(cls, org_id: str) -> str:
        problem = org_id_problem(org_id)
        if problem:
            raise ValueError(problem)
        return org_id


class OrganisationOut(BaseModel):
    id: uuid.UUID
    org_id: str
    name: str
    kind: OrganisationKind
    created_at: datetime
