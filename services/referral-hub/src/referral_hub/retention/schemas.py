"""What the retention and erasure API takes and answers: ids, codes and dates."""

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from csp_common.fields import Reference
from csp_common.retention import RecordKind
from referral_hub.retention.rules import RefusalCode


class DuePerson(BaseModel):
    person_id: uuid.UUID
    referral_ids: list[uuid.UUID] = Field(description="Their referrals, anonymised with them")


class RetentionDue(BaseModel):
    """The dry run: what the retention job would erase today. Nothing is changed."""

    as_of: date
    cutoffs: dict[RecordKind, date] = Field(
        description="Per kind of record: those last needed before this day are past their period"
    )
    persons: list[DuePerson]
    more: bool = Field(description="More people are due than `limit` listed")


class ErasureRequestIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"request_reference": "DP-2026-17"}]}
    )

    request_reference: Reference | None = Field(
        default=None, description="The data protection team's reference of the request"
    )


class ErasureOut(BaseModel):
    erasure_id: uuid.UUID
    person_id: uuid.UUID
    outcome: Literal["erased"] = "erased"
    referral_ids: list[uuid.UUID] = Field(description="The referrals anonymised with the person")


class RefusalOut(BaseModel):
    code: RefusalCode
    detail: str
