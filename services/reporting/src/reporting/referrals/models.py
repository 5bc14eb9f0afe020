"""Read models of referrals (from `csp.referrals`)."""

from reporting.columns import code, count, day, flag, id_column, small
from reporting.read_models import ReadModel

Referral = ReadModel(
    "rm_referral",
    lambda: [
        id_column("referral_id", primary_key=True),
        code("area"),
        code("referring_agency"),
        code("referrer_kind"),
        code("relationship"),
        code("channel"),
        day("received_on"),
        day("incident_date"),
        count("children_in_household"),
    ],
    indexes=[("received_on",)],
    description="A referral received (csp.referral.received.v1); the period is received_on",
)

RiskAssessment = ReadModel(
    "rm_risk_assessment",
    lambda: [
        id_column("referral_id", primary_key=True),
        code("area"),
        small("score"),
        code("level"),
        flag("marac_referral"),
        day("assessed_on"),
    ],
    description="The latest DASH risk assessment of a referral",
)

ReferralStatus = ReadModel(
    "rm_referral_status",
    lambda: [
        id_column("referral_id", primary_key=True),
        code("area"),
        code("status"),
        day("changed_on"),
    ],
    description="The latest status of a referral",
)

MaracReferral = ReadModel(
    "rm_marac_referral",
    lambda: [
        id_column("referral_id", primary_key=True),
        code("area"),
        code("marac_area"),
        code("referring_agency"),
        code("referrer_kind"),
        code("level"),
        flag("repeat"),
        flag("visible_high_risk"),
        flag("professional_judgement"),
        flag("potential_escalation"),
        flag("repeat_criterion"),
        day("referred_on"),
    ],
    indexes=[("referred_on",)],
    description="A referral to MARAC made by referral-hub, with its criteria",
)
