"""The purpose of the report."""

from reporting.committee.document import ReportContext, Section


async def build(context: ReportContext) -> Section:
    return Section(
        "Purpose of this report",
        [
            "To update the Committee on the partnership's figures for domestic abuse, MARAC, "
            "commissioned services, Domestic Homicide Reviews, serious violence and hate crime: "
            f"{context.period.label} against the same period a year before, and MARAC cases for "
            f"{context.year.label}.",
            "The figures are built by the partnership's platform from the records agencies "
            "make as they work; nobody compiled them by hand.",
        ],
    )
