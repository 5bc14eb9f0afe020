"""What referral-hub publishes (payloads in `csp_common.contracts`).

On `csp.referrals`: referral received, risk assessed, routed, MARAC referral made,
provider and referral status changed, hate incident reported, persons merged and split.
On `csp.hubs`: community safety hub cases, their risk assessments, plans and
interventions. Ids, codes, dates, areas, scores and equality categories only, never a
name, an address or free text. It consumes nothing.
"""

from csp_common.contracts.hubs import HUBS
from csp_common.contracts.referrals import REFERRALS

TOPICS = (REFERRALS, HUBS)
