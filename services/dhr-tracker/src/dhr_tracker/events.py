"""What dhr-tracker publishes on `csp.dhr` (payloads in `csp_common.contracts.dhr`):
review notified, decided (and a Home Office overturn), stage changed, paused, resumed,
deadline missed, QA outcome, published. Ids, codes, dates, the area and the victim's
age band, gender and ethnic group only. It consumes nothing: what it needs from
referral-hub and marac it asks for over HTTP.
"""

from csp_common.contracts.dhr import DHR

TOPIC = DHR
