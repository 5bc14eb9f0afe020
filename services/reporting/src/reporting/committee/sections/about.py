"""How the figures are made: suppression and periods."""

from reporting.committee.document import ReportContext, Section


async def build(context: ReportContext) -> Section:
    threshold = context.threshold
    return Section(
        "About these figures",
        [
            f"Counts from 1 to {threshold - 1} are not published, so that no victim can be "
            "identified, and neither is any figure from which such a count could be worked "
            "out with other published figures (a total minus its other parts, a quarter "
            'minus two of its months): they read "suppressed" and are left out of the '
            "charts. Figures are published for whole months, quarters and years.",
            "Periods follow the dates things happened (a referral received, a case heard, a "
            "crime committed), not when they were recorded. Quarters are of the financial year "
            "(Q1 is April to June).",
        ],
    )
