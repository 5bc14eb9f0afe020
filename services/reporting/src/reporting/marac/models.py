"""Read models of MARAC cases, hearings, transfers and actions (from `csp.marac`).

A hearing keeps the SafeLives equality measures as flags, not the codes behind them:
the least that answers the return.
"""

from reporting.columns import code, count, day, flag, id_column
from reporting.read_models import ReadModel

CaseReferral = ReadModel(
    "rm_marac_case",
    lambda: [
        id_column("case_id", primary_key=True),
        code("marac_area"),
        flag("repeat"),
        code("source"),
        code("referring_agency"),
        code("referrer_kind"),
        day("referred_on"),
    ],
    indexes=[("referred_on",)],
    description="A case referred to MARAC (csp.marac.case_referred.v1)",
)

CaseHearing = ReadModel(
    "rm_marac_hearing",
    lambda: [
        id_column("case_id", primary_key=True),
        id_column("meeting_id", primary_key=True),
        code("marac_area"),
        day("heard_on"),
        flag("repeat"),
        code("referring_agency"),
        code("referrer_kind"),
        count("children_in_household"),
        flag("victim_minoritised"),
        flag("victim_lgbt"),
        flag("victim_disabled"),
        flag("victim_male"),
        flag("victim_16_17"),
        flag("perpetrator_under_18"),
    ],
    indexes=[("heard_on",)],
    description="A case discussed at a MARAC meeting: what the SafeLives return counts",
)

CaseTransfer = ReadModel(
    "rm_marac_transfer",
    lambda: [
        id_column("case_id", primary_key=True),
        day("transferred_on", primary_key=True),
        code("from_marac_area"),
        code("to_marac_area"),
    ],
    indexes=[("transferred_on",)],
    description="A case transferred from one MARAC to another",
)

CaseClosure = ReadModel(
    "rm_marac_closure",
    lambda: [
        id_column("case_id", primary_key=True),
        code("marac_area"),
        day("closed_on"),
    ],
    indexes=[("closed_on",)],
    description="A MARAC case closed",
)

ActionAgreed = ReadModel(
    "rm_marac_action",
    lambda: [
        id_column("action_id", primary_key=True),
        code("marac_area"),
        code("owner_agency"),
        day("due_on"),
    ],
    indexes=[("due_on",)],
    description="An action agreed at a meeting, owned by an agency",
)

ActionDone = ReadModel(
    "rm_marac_action_done",
    lambda: [
        id_column("action_id", primary_key=True),
        code("marac_area"),
        code("owner_agency"),
        day("completed_on"),
        code("outcome"),
    ],
    description="An action completed (or closed as circumstances changed / not acted on)",
)
