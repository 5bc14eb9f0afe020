"""The response strategy as data: its priorities (each with an owner agency) and the
kinds of activity the fund pays for. A partnership changes them in settings; a round
names the ones it funds."""

from pydantic import BaseModel, ConfigDict

from svd_fund.fields import Code, OneLine


class Priority(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    code: Code
    title: OneLine
    owner_agency: Code


class ActivityType(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    code: Code
    title: OneLine


def response_strategy_priorities() -> list[Priority]:
    """North Yorkshire and York's five priorities (response strategy, February 2024)."""
    return [
        Priority(
            code="awareness",
            title="Awareness raising and public perception",
            owner_agency="pfcc",
        ),
        Priority(
            code="children-young-people",
            title="Children and young people",
            owner_agency="north-yorkshire-council",
        ),
        Priority(
            code="weapons",
            title="Possession and use of weapons",
            owner_agency="north-yorkshire-police",
        ),
        Priority(
            code="night-time-economy",
            title="Alcohol, violence and the night-time economy",
            owner_agency="city-of-york-council",
        ),
        Priority(
            code="vawg",
            title="Violence against women and girls",
            owner_agency="north-yorkshire-police",
        ),
    ]


def fund_activity_types() -> list[ActivityType]:
    return [
        ActivityType(code=code, title=title)
        for code, title in [
            ("awareness-education-young-people", "Universal awareness and education: young people"),
            ("awareness-education-adults", "Universal awareness and education: adults"),
            ("training", "Training"),
            ("diversion-sport", "Targeted diversion: sport"),
            ("diversion-non-sport", "Targeted diversion: not sport"),
            ("therapeutic", "Therapeutic work"),
            ("early-intervention-accommodation", "Early intervention: accommodation"),
            ("early-intervention-eet", "Early intervention: education, employment and training"),
            ("early-intervention-emotional-health", "Early intervention: emotional health"),
            ("positive-relationships", "Positive relationships"),
            ("parenting", "Parenting"),
            ("community-location", "Community or location work"),
            ("desistance", "Desistance"),
            ("weapon-amnesty", "Weapon amnesty"),
        ]
    ]
