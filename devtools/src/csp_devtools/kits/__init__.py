"""Test kits of one service each (request bodies, strategies, rows written through the
service's own code): importable modules, so no test needs its folder on `sys.path`."""
