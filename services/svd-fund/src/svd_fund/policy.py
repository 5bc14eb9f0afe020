"""What a partnership configures, as data (settings give it; `SVD_FUND_DEFINITION` and
the strategy settings change it).

The local definition of serious violence: offence groups, each a list of Home Office
offence codes. The default is North Yorkshire and York's (the strategic needs assessment
of February 2024). The response strategy: its priorities (each with an owner agency) and
the kinds of activity the fund pays for; a round names the ones it funds."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from svd_fund.fields import Code, OneLine

OffenceCode = Annotated[
    str, StringConstraints(pattern=r"^[0-9]{1,3}[A-Z]{0,2}(\.[0-9]{1,2})?$", max_length=8)
]
"""A Home Office offence classification code: '8N', '5D', '4.1', '105A'."""


class OffenceGroup(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    code: Code
    title: OneLine
    offence_codes: list[OffenceCode] = Field(min_length=1, max_length=200)


VIOLENCE_WITH_INJURY = "violence-with-injury"


def local_definition() -> list[OffenceGroup]:
    return [
        OffenceGroup(code="homicide", title="Homicide", offence_codes=["1", "4.1", "4.2"]),
        OffenceGroup(
            code=VIOLENCE_WITH_INJURY,
            title="Violence with injury, including attempted murder, endangering life and "
            "wounding with intent",
            offence_codes=["2", "4.4", "4.6", "4.8", "4.9", "4.10", "5D", "5E", "8N", "8P", "37.1"],
        ),
        OffenceGroup(
            code="domestic-abuse",
            title="Domestic abuse (controlling or coercive behaviour)",
            offence_codes=["8U"],
        ),
        OffenceGroup(
            code="rape-sexual-offences",
            title="Rape and sexual offences",
            offence_codes=[
                "19C",
                "19D",
                "19E",
                "19F",
                "19G",
                "19H",
                "17A",
                "17B",
                "20A",
                "20B",
                "21",
                "22A",
                "22B",
            ],
        ),
        OffenceGroup(
            code="weapons",
            title="Weapon related violence, including weapon possession",
            offence_codes=["10A", "10B", "10C", "10D", "8M"],
        ),
        OffenceGroup(
            code="arson-endangering-life", title="Arson endangering life", offence_codes=["56A"]
        ),
        OffenceGroup(
            code="stalking-harassment",
            title="Stalking and harassment",
            offence_codes=["8L", "8Q", "8R"],
        ),
    ]


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
