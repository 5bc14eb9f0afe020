"""Simulators of the IDAS and Foundation webhook endpoints, for the local stack and tests.

Small real HTTP servers: they verify each delivery's Standard Webhooks signature, answer,
and after a short delay report feedback to referral-hub through its API, as a provider's
case management system would.
"""
