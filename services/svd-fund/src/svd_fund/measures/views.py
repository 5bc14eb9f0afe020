"""HTTP for the needs assessment's measures and the strategy they serve."""

from typing import Annotated

from fastapi import APIRouter, Query

from svd_fund.access import MeasuresReader
from svd_fund.dependencies import Partnership, Settings, UnitOfWork
from svd_fund.measures.rules import AreaMeasures, financial_year, measure_all
from svd_fund.measures.schemas import (
    AreaMeasuresOut,
    ComparatorOut,
    FinancialYear,
    GroupCount,
    MeasuresOut,
    StrategyOut,
    WeightsOut,
)
from svd_fund.measures.service import cells_between, comparators_of, populations_of, weights_of
from svd_fund.refusals import invalid

router = APIRouter(tags=["measures"])


def _out(measures: AreaMeasures) -> AreaMeasuresOut:
    return AreaMeasuresOut(
        area=measures.area,
        population=measures.population,
        violence_with_injury=measures.violence_with_injury,
        violence_with_injury_per_1000=measures.per_1000,
        knife_involved=measures.knife_involved,
        knife_share_percent=measures.knife_share_percent,
        crime_severity_score=measures.crime_severity_score,
        serious_violence=[
            GroupCount(group=code, offences=count, per_1000=measures.group_rates[code])
            for code, count in measures.groups.items()
        ],
        unweighted_offence_codes=measures.unweighted_offence_codes,
    )


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
        Query(
            pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$", description="Weights' edition (default: latest)"
        ),
    ] = None,
) -> MeasuresOut:
    try:
        start, end, population_year = financial_year(year)
    except ValueError as error:
        raise invalid("financial_year", str(error), pointer="/year") from None
    weights = await weights_of(work.session, edition=edition)
    if edition is not None and weights is None:
        raise invalid("unknown_edition", "No weights of that edition have been imported.")
    whole, areas = measure_all(
        cells=await cells_between(work.session, start=start, end=end),
        populations=await populations_of(work.session, year=population_year),
        areas=partnership.area_codes,
        groups=settings.definition,
        violence_with_injury=settings.violence_with_injury_group,
        weights=weights[2] if weights else None,
    )
    return MeasuresOut(
        year=year,
        period_start=start,
        period_end=end,
        population_year=population_year,
        weights=WeightsOut(edition=weights[0], source=weights[1]) if weights else None,
        partnership=_out(whole),
        areas=[_out(area) for area in areas],
        comparators=[
            ComparatorOut(
                measure=row.measure, geography=row.geography, value=row.value, source=row.source
            )
            for row in await comparators_of(work.session, year=year)
        ],
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
