"""The hate incident reports API's bodies: the report sent, and the report answered."""

import uuid
from datetime import datetime

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
)

from csp_common.fields import (
    Reference,
)
from referral_hub.codes import (
    HateReportKind,
    HateStrand,
    ReportingChannel,
)
from referral_hub.fields import (
    AreaCode,
    DatetimeNotInFuture,
    InputModel,
    unique_codes,
)


class HateReportIn(InputModel):
    """Body of POST /v1/hate-reports.

    Deliberately holds no victim name, address or free text: the 2023 code of
    practice on non-crime hate incidents limits the personal data kept.
    """

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "crime",
                    "strands": ["race", "religion"],
                    "occurred_at": "2026-11-20T01:15:00Z",
                    "area": "harrogate",
                    "victim_police_officer_on_duty": False,
                    "reporting_channel": "police",
                }
            ]
        }
    )

    kind: HateReportKind
    strands: unique_codes(HateStrand, len(HateStrand)) = Field(
        min_length=1, description="One or more monitored strands"
    )
    occurred_at: DatetimeNotInFuture = Field(description="With a UTC offset")
    area: AreaCode = Field(examples=["harrogate"])
    victim_police_officer_on_duty: bool = False
    reporting_channel: ReportingChannel
    source_reference: Reference | None = Field(default=None, description="The reporter's own id")


class HateReportOut(BaseModel):
    """A hate crime or non-crime hate incident: codes and dates, nothing that names anyone."""

    id: uuid.UUID
    kind: HateReportKind
    strands: list[HateStrand]
    occurred_at: datetime
    area: str = Field(examples=["harrogate"])
    victim_police_officer_on_duty: bool
    reporting_channel: ReportingChannel
    reporting_agency: str = Field(examples=["north-yorkshire-police"])
    source_reference: str | None = Field(description="The reporter's own id")
    channel: str = Field(description="`api` or `import`")
    recorded_at: datetime = Field(description="When referral-hub recorded it")


class HateReportPage(BaseModel):
    items: list[HateReportOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end"
    )
