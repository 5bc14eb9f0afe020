"""The referrals the chaos harness sends, and the truth it expects from them.

A realistic mix for North Yorkshire: mostly standard and medium risk, about one in six
high risk or otherwise meeting a MARAC criterion, a few in ten without a source
reference (only the Idempotency-Key makes their retries safe), some repeats (the same
victim and perpetrator again, sent once the first referral was answered, so the repeat
rule is decided), some sent twice at once with the same Idempotency-Key (a partner
system that retried before its first request answered), and some sent again after their
201 (the answer lost on its way back).

What each shape should become follows from the partnership's published rules (DASH
bands 10 and 14; the four SafeLives MARAC criteria; the default routing): the harness
states it here, independently of referral-hub's code, and checks every service
against it.
"""

import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

COMMUNITY = "idas_community_support"
TARGET_HARDENING = "idas_target_hardening"
CHILDREN = "idas_children_young_people"
PLUS_CHOICES = "foundation_plus_choices"
MARAC = "marac"

AREAS = {  # hub area -> (weight, MARAC area)
    "york": (22, "york"),
    "scarborough": (15, "scarborough-ryedale"),
    "ryedale": (6, "scarborough-ryedale"),
    "harrogate": (16, "harrogate-craven"),
    "craven": (6, "harrogate-craven"),
    "hambleton": (10, "hambleton-richmondshire"),
    "richmondshire": (7, "hambleton-richmondshire"),
    "selby": (18, "selby"),
}
AGENCIES = {"north-yorkshire-police": 70, "health": 15, "north-yorkshire-council": 15}
ETHNICITIES = ("white", "asian", "black", "mixed", "other")
ETHNICITY_WEIGHTS = (86, 6, 3, 3, 2)
DIMENSIONS = ("area", "risk_level", "marac_referral", "referring_agency")
"""What reporting's referral figures are grouped by, here and in the check."""


@dataclass(frozen=True)
class Shape:
    """A kind of referral and what the rules make of it."""

    name: str
    weight: int
    yes: int
    incidents: int
    children: int
    judgement: bool
    level: str
    criteria: tuple[str, ...]
    services: tuple[str, ...]


SHAPES = (
    Shape("standard", 55, 5, 1, 0, False, "standard", (), (COMMUNITY, PLUS_CHOICES)),
    Shape("medium", 28, 11, 2, 1, False, "medium", (), (COMMUNITY, CHILDREN)),
    Shape(
        "high",
        11,
        16,
        2,
        2,
        False,
        "high",
        ("visible_high_risk",),
        (COMMUNITY, TARGET_HARDENING, CHILDREN, MARAC),
    ),
    Shape(
        "escalation",
        3,
        6,
        4,
        0,
        False,
        "standard",
        ("potential_escalation",),
        (COMMUNITY, PLUS_CHOICES, MARAC),
    ),
    Shape(
        "judgement",
        3,
        7,
        1,
        0,
        True,
        "high",
        ("professional_judgement",),
        (COMMUNITY, TARGET_HARDENING, MARAC),
    ),
)
STANDARD = SHAPES[0]
REPEAT_SHARE = 0.08
DOUBLE_SHARE = 0.03
RESEND_SHARE = 0.05
NO_REFERENCE_SHARE = 0.2


@dataclass
class Referral:
    index: int
    agency: str
    area: str
    shape: Shape
    body: dict[str, Any]
    idempotency_key: str
    repeat_of: "Referral | None" = None
    doubled: bool = False
    resent: bool = False
    """Sent again, same key, once answered."""
    repeats: list["Referral"] = field(default_factory=list)
    """Referrals of the same pair to send once this one is answered."""
    answers: list[str] = field(default_factory=list)
    """The referral id of every 201 answer (retries and the doubled twin included)."""
    refused: list[str] = field(default_factory=list)
    """Answers that were neither 201 nor worth a retry (a fault of the harness)."""
    answer: dict[str, Any] | None = None
    """The first 201 answer."""
    attempts: int = 0

    @property
    def marac_area(self) -> str:
        return AREAS[self.area][1]

    @property
    def criteria(self) -> tuple[str, ...]:
        if self.repeat_of is not None and self.repeat_of.marac:
            return (*self.shape.criteria, "repeat")
        return self.shape.criteria

    @property
    def marac(self) -> bool:
        return bool(self.criteria)

    @property
    def services(self) -> tuple[str, ...]:
        services = self.shape.services
        if self.marac and MARAC not in services:
            services = (*services, MARAC)
        return services

    @property
    def accepted(self) -> bool:
        return bool(self.answers)

    @property
    def received_on(self) -> date | None:
        """The day referral-hub received it (UTC), which reporting files it under."""
        if self.answer is None:
            return None
        return datetime.fromisoformat(self.answer["received_at"]).astimezone(UTC).date()

    @property
    def referral_id(self) -> str | None:
        return self.answers[0] if self.answers else None


def _answers(yes: int) -> dict[str, str]:
    order = random.Random(yes).sample(range(1, 25), 24)
    chosen = set(order[:yes])
    return {str(q): ("yes" if q in chosen else "no") for q in range(1, 25)}


def _person(rng: random.Random, *, given: str, family: str, gender: str) -> dict[str, Any]:
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 40))
    return {
        "given_name": given,
        "family_name": family,
        "date_of_birth": born.isoformat(),
        "gender": gender,
        "postcode": f"YO{rng.randrange(1, 62)} {rng.randrange(1, 9)}{rng.choice('ABDEFGHJ')}"
        f"{rng.choice('LNPQRSTU')}",
    }


def _body(
    rng: random.Random, *, run: str, index: int, area: str, shape: Shape, pair: dict | None
) -> dict[str, Any]:
    if pair is None:
        victim = _person(rng, given=f"Vic{index}", family=f"Chaos{run}", gender="female")
        victim |= {
            "ethnicity": rng.choices(ETHNICITIES, ETHNICITY_WEIGHTS)[0],
            "disability": rng.random() < 0.15,
            "lgbt": rng.random() < 0.05,
        }
        perpetrator = _person(rng, given=f"Per{index}", family=f"Chaos{run}", gender="male")
        relationship = rng.choice(["ex_partner", "intimate_partner"])
    else:
        victim, perpetrator = pair["victim"], pair["perpetrator"]
        relationship = pair["relationship"]
    body: dict[str, Any] = {
        "area": area,
        "incident_date": (date.today() - timedelta(days=1 + index % 20)).isoformat(),
        "victim": victim,
        "perpetrator": perpetrator,
        "relationship": relationship,
        "children_in_household": shape.children,
        "dash": {
            "answers": _answers(shape.yes),
            "professional_judgement": {
                "high_risk": shape.judgement,
                "reasons": "Controlling behaviour escalating since separation"
                if shape.judgement
                else None,
            },
            "incidents_last_12_months": shape.incidents,
        },
        "consent": {"status": "given", "basis": "consent"},
        "services_requested": [COMMUNITY],
    }
    if rng.random() >= NO_REFERENCE_SHARE:
        body["source_reference"] = f"CHAOS-{run}-{index:06d}"
    return body


def make_referrals(
    count: int, *, seed: int = 9, double_share: float = DOUBLE_SHARE
) -> list[Referral]:
    """`count` referrals; repeats hang off the referral they repeat (`repeats`)."""
    rng = random.Random(seed)
    run = uuid.uuid4().hex[:6]
    areas, area_weights = list(AREAS), [w for w, _ in AREAS.values()]
    agencies, agency_weights = list(AGENCIES), list(AGENCIES.values())
    repeats_wanted = int(count * REPEAT_SHARE)
    referrals: list[Referral] = []
    for index in range(count - repeats_wanted):
        shape = rng.choices(SHAPES, [s.weight for s in SHAPES])[0]
        area = rng.choices(areas, area_weights)[0]
        referrals.append(
            Referral(
                index=index,
                agency=rng.choices(agencies, agency_weights)[0],
                area=area,
                shape=shape,
                body=_body(rng, run=run, index=index, area=area, shape=shape, pair=None),
                idempotency_key=str(uuid.uuid4()),
                doubled=rng.random() < double_share,
                resent=rng.random() < RESEND_SHARE,
            )
        )
    # Most repeats are of MARAC referrals: they meet the repeat criterion whatever their
    # own score. The others stay what their own checklist makes them.
    marac = [r for r in referrals if r.marac]
    other = [r for r in referrals if not r.marac]
    of_marac = min(len(marac), round(repeats_wanted * 0.7))
    originals = rng.sample(marac, of_marac) + rng.sample(other, repeats_wanted - of_marac)
    for offset, original in enumerate(originals):
        index = len(referrals) + offset
        pair = {k: original.body[k] for k in ("victim", "perpetrator", "relationship")}
        body = _body(rng, run=run, index=index, area=original.area, shape=STANDARD, pair=pair)
        original.repeats.append(
            Referral(
                index=index,
                agency=original.agency,
                area=original.area,
                shape=STANDARD,
                body=body,
                idempotency_key=str(uuid.uuid4()),
                repeat_of=original,
            )
        )
    return referrals


def every(referrals: list[Referral]) -> list[Referral]:
    """The referrals with their repeats."""
    return [r for first in referrals for r in (first, *first.repeats)]


@dataclass
class Truth:
    """What the services should hold, from the referrals answered 201."""

    referrals: set[str] = field(default_factory=set)
    marac: set[str] = field(default_factory=set)
    routes: set[str] = field(default_factory=set)
    """`referral id/service` (`marac` for MARAC)."""
    by: dict[str, Counter[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, referrals: list[Referral]) -> "Truth":
        truth = cls(by={dimension: Counter() for dimension in DIMENSIONS})
        for referral in referrals:
            if not referral.accepted:
                continue
            assert referral.referral_id is not None
            truth.referrals.add(referral.referral_id)
            if referral.marac:
                truth.marac.add(referral.referral_id)
            truth.by["area"][referral.area] += 1
            truth.by["risk_level"][referral.shape.level] += 1
            truth.by["marac_referral"]["yes" if referral.marac else "no"] += 1
            truth.by["referring_agency"][referral.agency] += 1
            truth.routes |= {f"{referral.referral_id}/{service}" for service in referral.services}
        return truth
