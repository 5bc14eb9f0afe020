"""The ASB risk assessment, pure: a weighted sum of yes answers, banded by the
partnership's bands; a high-risk victim or a domestic abuse indication offers a referral
into the referral flow."""

from collections.abc import Mapping
from dataclasses import dataclass

from csp_common.hub_configuration import HubsConfiguration


@dataclass(frozen=True)
class Assessment:
    score: int
    level: str
    offers_referral: bool


class UnknownQuestions(ValueError):
    def __init__(self, codes: list[str]) -> None:
        super().__init__(", ".join(codes))
        self.codes = codes


def assess(
    answers: Mapping[str, bool], *, domestic_abuse_indicated: bool, config: HubsConfiguration
) -> Assessment:
    weights = {q.code: q.weight for q in config.risk_questions}
    unknown = sorted(set(answers) - set(weights))
    if unknown:
        raise UnknownQuestions(unknown)
    score = sum(weights[code] for code, yes in answers.items() if yes)
    bands = config.risk_bands
    level = "high" if score >= bands.high else "medium" if score >= bands.medium else "standard"
    return Assessment(
        score=score, level=level, offers_referral=level == "high" or domestic_abuse_indicated
    )
