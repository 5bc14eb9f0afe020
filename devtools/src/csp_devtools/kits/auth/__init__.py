"""The auth matrix's parts: operations from OpenAPI, forged tokens, parties, records."""
