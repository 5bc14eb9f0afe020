"""The local definition of serious violence as data: offence groups, each a list of Home
Office offence codes. The default is North Yorkshire and York's (the strategic needs
assessment of February 2024); a partnership sets its own in `SVD_FUND_DEFINITION`."""

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
