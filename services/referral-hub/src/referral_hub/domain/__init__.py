"""Pure domain logic of referral-hub: no database, HTTP or Kafka.

- `codes`: contract codes (StrEnums) and `age_band`;
- `schemas`: request bodies (`ReferralIn`, `ReferralStatusPatch`, `ProviderFeedback`,
  `HateReportIn`);
- `risk`: DASH score, risk bands and MARAC criteria (`RiskPolicy`, `assess`);
- `people`: name and postcode normalisation, person match and candidate keys;
- `feedback`: the route status state machine (`TRANSITIONS`, `next_status`);
- `routing`: configurable routing rules (`RoutingPolicy`, `decide_routes`).
"""
