"""HTTP for the needs assessment's measures and the strategy they serve."""

from typing import Annotated

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel, ConfigDict, Field

from svd_fund.access import Manager, MeasuresReader
from svd_fund.dependencies import Partnership, Settings, UnitOfWork
from svd_fund.measures import flows
from svd_fund.measures.schemas import FinancialYear, MeasuresOut, StrategyOut

router = APIRouter(tags=["measures"])

EDITION = r"^[a-z0-9][a-z0-9_-]{0,63}$"


@router.get(
    "/v1/measures",
    summary="Serious violence measures of a financial year, per area and for the partnership",
)
async def read_measures(
    work: UnitOfWork,
    caller: MeasuresReader,
    settings: Settings,
    partnership: Partnership,
    year: Annotated[FinancialYear, Query(description="A financial year: 2022-23")],
    edition: Annotated[
        str | None,
        Query(pattern=EDITION, max_length=64, description="Weights' edition (default: the latest)"),
    ] = None,
) -> MeasuresOut:
    return await flows.measures_of(
        work, settings=settings, partnership=partnership, year=year, edition=edition
    )


class PublicationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"year": "2022-23"}]})
    year: FinancialYear
    edition: str | None = Field(default=None, pattern=EDITION, max_length=64)


@router.post(
    "/v1/measures/publications",
    status_code=201,
    summary="Publish a year's measures (csp.svd-fund.measures_published.v1) as they are now",
)
async def publish_measures(
    work: UnitOfWork,
    caller: Manager,
    settings: Settings,
    partnership: Partnership,
    body: Annotated[PublicationIn, Body()],
) -> MeasuresOut:
    return await flows.publish(
        work, settings=settings, partnership=partnership, year=body.year, edition=body.edition
    )


@router.get(
    "/v1/strategy",
    summary="The local definition of serious violence and the response strategy's priorities",
)
async def read_strategy(caller: MeasuresReader, settings: Settings) -> StrategyOut:
    return StrategyOut(
        definition=settings.definition,
        violence_with_injury_group=settings.violence_with_injury_group,
        priorities=[p.model_dump() for p in settings.priorities],
        activity_types=[a.model_dump() for a in settings.activity_types],
    )
