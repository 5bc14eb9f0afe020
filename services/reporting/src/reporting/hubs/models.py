"""Read models of the community safety hubs (`csp.hubs`): cases opened and closed, the
incidents logged against them, their risk assessments, the interventions of the
statutory toolkit issued and breached, and the ASB case reviews ("community trigger").

Ids, codes, dates, counts and flags only. A case's place and people stay in referral-hub:
whether the hub already had a case about the same place or victim is kept as the flags
the event carries, never the ids of the place or of the people.
"""

from reporting.columns import code, count, day, flag, id_column
from reporting.read_models import ReadModel

HubCase = ReadModel(
    "rm_hub_case",
    lambda: [
        id_column("case_id", primary_key=True),
        code("hub"),
        code("kind"),
        code("reporting_agency"),
        flag("repeat_location"),
        flag("repeat_victim"),
        code("source"),
        day("reported_on"),
        day("opened_on"),
    ],
    indexes=[("opened_on",)],
    description="A hub case opened; the period is the day it was opened",
)

HubIncident = ReadModel(
    "rm_hub_incident",
    lambda: [
        id_column("incident_id", primary_key=True),
        id_column("case_id"),
        code("hub"),
        code("kind"),
        code("reporting_agency"),
        day("occurred_on"),
    ],
    indexes=[("occurred_on",)],
    description="An incident logged against a hub case; the period is the day it happened",
)

HubRiskAssessment = ReadModel(
    "rm_hub_risk",
    lambda: [
        id_column("assessment_id", primary_key=True),
        id_column("case_id"),
        code("hub"),
        count("sequence"),
        code("level"),
        flag("domestic_abuse_indicated"),
        day("assessed_on"),
    ],
    description="An ASB risk assessment of a case (`sequence` 1 is the first; the highest "
    "is the case's level now)",
)

HubIntervention = ReadModel(
    "rm_hub_intervention",
    lambda: [
        id_column("intervention_id", primary_key=True),
        id_column("case_id"),
        code("hub"),
        code("kind"),
        count("step"),
        code("target"),
        code("issuing_agency"),
        day("issued_on"),
    ],
    indexes=[("issued_on",)],
    description="A step of the statutory toolkit issued against a person or a place",
)

HubBreach = ReadModel(
    "rm_hub_breach",
    lambda: [
        id_column("breach_id", primary_key=True),
        id_column("intervention_id"),
        id_column("case_id"),
        code("hub"),
        code("kind"),
        day("breached_on"),
    ],
    indexes=[("breached_on",)],
    description="A breach of an intervention; `kind` is the intervention's",
)

HubClosure = ReadModel(
    "rm_hub_closure",
    lambda: [
        id_column("case_id", primary_key=True),
        code("hub"),
        code("kind"),
        code("outcome"),
        day("opened_on"),
        day("closed_on"),
    ],
    indexes=[("closed_on",)],
    description="A hub case closed with its outcome (the latest closure)",
)

TriggerApplication = ReadModel(
    "rm_hub_trigger_application",
    lambda: [
        id_column("application_id", primary_key=True),
        code("hub"),
        code("applicant"),
        day("received_on"),
    ],
    indexes=[("received_on",)],
    description="An ASB case review application received",
)

ThresholdDecision = ReadModel(
    "rm_hub_threshold_decision",
    lambda: [
        id_column("application_id", primary_key=True),
        code("hub"),
        flag("met"),
        count("qualifying_complaints"),
        count("threshold"),
        flag("on_time"),
        day("received_on"),
        day("decided_on"),
    ],
    description="Whether an ASB case review application met the threshold (the latest decision)",
)

CaseReview = ReadModel(
    "rm_hub_case_review",
    lambda: [
        id_column("review_id", primary_key=True),
        id_column("application_id"),
        code("hub"),
        flag("on_time"),
        count("recommendations"),
        day("held_on"),
    ],
    description="An ASB case review held, with the number of recommendations it made",
)
