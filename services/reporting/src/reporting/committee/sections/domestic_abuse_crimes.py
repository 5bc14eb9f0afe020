"""§4.2: police-recorded domestic abuse crimes by financial year and area, with the last
year against the one before, from the measures svd-fund publishes."""

from reporting import charts
from reporting.committee.document import Figure, ReportContext, Section
from reporting.committee.wording import cell, change_words, pct_cell, words
from reporting.domestic_abuse.service import domestic_abuse_crimes
from reporting.periods import financial_year_of, fy_code

YEARS = 3


def _label(year: str) -> str:
    """'2023-24' -> '2023/24', as the committee papers write a financial year."""
    return year.replace("-", "/")


async def build(context: ReportContext) -> Section:
    crimes = await domestic_abuse_crimes(
        session=context.session,
        slot=context.slot,
        year=fy_code(financial_year_of(context.period.end)),
        years=YEARS,
        area_order=context.partnership.area_codes,
        threshold=context.threshold,
    )
    context.figures["domestic_abuse_crimes"] = crimes
    section = Section("Police-recorded domestic abuse crimes")
    years = crimes["years"]
    if not years:
        return section
    listed = [context.area_names.get(a, a) for a in crimes["areas"]]
    left_out = [name for code, name in context.area_names.items() if code not in crimes["areas"]]
    if len(listed) < 4 or not left_out:
        where = ", ".join(listed) if len(listed) < 4 else context.where
    else:
        where = f"every area of {context.where} except {', '.join(left_out)}"
    last = years[-1]
    text = (
        "Domestic abuse is widespread and persistently under-reported: reported crimes are "
        "lower than actual abuse levels. The table below details police-recorded domestic "
        f"abuse crimes for {where}: {words(crimes['total'][last])} in {_label(last)}"
    )
    if len(years) > 1:
        before = _label(years[-2])
        text += (
            f", compared to {words(crimes['total'][years[-2]])} in {before}"
            f"{change_words(crimes['total_change_pct'], before)}"
        )
    section.paragraphs.append(text + ".")
    header = ["Area", *[_label(y) for y in years]]
    if len(years) > 1:
        header.append(f"Change on {_label(years[-2])}")
    rows = []
    for code, counts in crimes["areas"].items():
        row = [context.area_names.get(code, code), *[cell(counts[y]) for y in years]]
        if len(years) > 1:
            row.append(pct_cell(crimes["change_pct"][code]))
        rows.append(row)
    total = ["Total", *[cell(crimes["total"][y]) for y in years]]
    if len(years) > 1:
        total.append(pct_cell(crimes["total_change_pct"]))
    rows.append(total)
    section.figures.append(
        Figure(
            caption="Police-recorded domestic abuse crimes by area, "
            + (_label(last) if len(years) == 1 else f"{_label(years[0])} to {_label(last)}"),
            chart=charts.bar(
                "Police-recorded domestic abuse crimes by area",
                [context.area_names.get(a, a) for a in crimes["areas"]],
                {_label(y): [counts[y] for counts in crimes["areas"].values()] for y in years},
                rotate=20,
            ),
            header=header,
            rows=rows,
        )
    )
    return section
