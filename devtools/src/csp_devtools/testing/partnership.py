"""Running services for another partnership in a test: what a deployment does, naming
its file in `CSP_PARTNERSHIP_FILE`, for the time of a `with` block."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from csp_common.partnership import PARTNERSHIP_ENV, load_partnership


@contextmanager
def partnership_file(path: Path | str) -> Iterator[None]:
    """Services whose settings are made inside the block read the partnership at `path`;
    after it, the one before."""
    before = os.environ.get(PARTNERSHIP_ENV)
    os.environ[PARTNERSHIP_ENV] = str(path)
    load_partnership.cache_clear()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(PARTNERSHIP_ENV, None)
        else:
            os.environ[PARTNERSHIP_ENV] = before
        load_partnership.cache_clear()
