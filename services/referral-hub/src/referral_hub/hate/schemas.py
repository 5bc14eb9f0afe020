"""Response bodies of the hate incident reports API."""

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from referral_hub.domain.codes import HateReportKind, HateStrand, ReportingChannel


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
