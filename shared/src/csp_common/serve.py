"""`csp-serve NAME`: run one installed service under uvicorn (its migrations run at
start-up). What a service's image runs; the `csp` command of csp-devtools calls it too."""

import argparse
import os

import uvicorn

from csp_common.registry import ServiceEntry, find


def serve(
    entry: ServiceEntry,
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    workers: int = 1,
) -> None:
    uvicorn.run(
        entry.app_factory,
        factory=True,
        host=host,
        port=port or entry.port,
        workers=workers,
        access_log=False,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="csp-serve", description=__doc__)
    parser.add_argument("name", help="Service name, e.g. referral-hub")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, help="Defaults to the service's own port")
    parser.add_argument("--workers", type=int, default=1)
    arguments = parser.parse_args(argv)
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    try:
        entry = find(arguments.name)
    except LookupError as exc:
        parser.error(str(exc))
    serve(entry, host=arguments.host, port=arguments.port, workers=arguments.workers)
