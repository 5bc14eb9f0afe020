"""A small service on the kit, for the tests of csp_common: the probe (its own migrations
folder) and the kit service (the shared env.py)."""
