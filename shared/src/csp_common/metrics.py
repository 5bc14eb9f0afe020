"""Prometheus metrics shared by every service."""

from prometheus_client import Counter, Histogram

HTTP_REQUESTS = Counter(
    "csp_http_requests_total", "HTTP requests", ["service", "method", "route", "status"]
)
HTTP_LATENCY = Histogram(
    "csp_http_request_duration_seconds", "HTTP request latency", ["service", "method", "route"]
)
OUTBOX_PUBLISHED = Counter("csp_outbox_published_total", "Outbox events published", ["service"])
OUTBOX_FAILURES = Counter("csp_outbox_failures_total", "Outbox publish failures", ["service"])
EVENTS_APPLIED = Counter("csp_events_applied_total", "Events applied", ["consumer"])
EVENTS_DUPLICATE = Counter("csp_events_duplicate_total", "Redelivered events skipped", ["consumer"])
EVENTS_DEAD_LETTERED = Counter(
    "csp_events_dead_lettered_total", "Events sent to a DLQ", ["consumer"]
)
