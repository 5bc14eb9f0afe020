"""What svd-fund publishes on `csp.svd-fund` (payloads in `csp_common.contracts.svd_fund`):
rounds opened and closed, bids submitted and assessed, awards, payments, monitoring
returns submitted and approved, measures published. Ids, codes, dates, counts and pence
only. It consumes nothing."""

from csp_common.contracts.svd_fund import SVD_FUND

TOPIC = SVD_FUND
