"""The measures of a year, computed from the aggregates; published as an event on request."""

from csp_common import clock
from csp_common.contracts.svd_fund import AreaMeasures as AreaMeasuresEvent
from csp_common.contracts.svd_fund import Comparator, MeasuresPublished
from csp_common.partnership import Partnership
from csp_common.unit_of_work import Work
from svd_fund.fields import LONDON
from svd_fund.measures.rules import AreaMeasures, financial_year, measure_all
from svd_fund.measures.schemas import (
    AreaMeasuresOut,
    ComparatorOut,
    GroupCount,
    MeasuresOut,
    WeightsOut,
)
from svd_fund.measures.service import cells_between, comparators_of, populations_of, weights_of
from svd_fund.problems import invalid
from svd_fund.settings import SvdSettings


def _out(measures: AreaMeasures) -> AreaMeasuresOut:
    return AreaMeasuresOut(
        area=measures.area,
        population=measures.population,
        violence_with_injury=measures.violence_with_injury,
        violence_with_injury_per_1000=measures.per_1000,
        knife_involved=measures.knife_involved,
        knife_share_percent=measures.knife_share_percent,
        crime_severity_score=measures.crime_severity_score,
        domestic_abuse=measures.domestic_abuse,
        serious_violence=[
            GroupCount(group=code, offences=count, per_1000=measures.group_rates[code])
            for code, count in measures.groups.items()
        ],
        unweighted_offence_codes=measures.unweighted_offence_codes,
    )


async def measures_of(
    work: Work,
    *,
    settings: SvdSettings,
    partnership: Partnership,
    year: str,
    edition: str | None,
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


def _event_area(area: AreaMeasuresOut) -> AreaMeasuresEvent:
    def number(value: object) -> float | None:
        return None if value is None else float(value)  # type: ignore[arg-type]

    return AreaMeasuresEvent(
        area=area.area,
        population=area.population,
        violence_with_injury=area.violence_with_injury,
        violence_with_injury_per_1000=number(area.violence_with_injury_per_1000),
        knife_involved=area.knife_involved,
        knife_share_percent=number(area.knife_share_percent),
        crime_severity_score=number(area.crime_severity_score),
        domestic_abuse_crimes=area.domestic_abuse,
    )


async def publish(
    work: Work,
    *,
    settings: SvdSettings,
    partnership: Partnership,
    year: str,
    edition: str | None,
) -> MeasuresOut:
    measures = await measures_of(
        work, settings=settings, partnership=partnership, year=year, edition=edition
    )
    work.emit(
        MeasuresPublished(
            year=year,
            weights_edition=measures.weights.edition if measures.weights else None,
            published_on=clock.today(LONDON),
            partnership=_event_area(measures.partnership),
            areas=[_event_area(area) for area in measures.areas],
            comparators=[
                Comparator(measure=c.measure, geography=c.geography, value=float(c.value))
                for c in measures.comparators
            ],
        ),
        key=year,
    )
    work.audit(action="publish", record_type="measures", record_ids=[year])
    return measures
