"""The `csp` command: run the local stack, mint tokens, serve or migrate one service."""

import asyncio
import os
import signal
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from csp_common.serve import serve as serve_entry
from csp_devtools.keys import mint_token
from csp_devtools.registry import find_entry, stack_entries

app = typer.Typer(help="Community Safety Partnership platform", no_args_is_help=True)

StateDir = Annotated[
    Path,
    typer.Option(
        help="Where the local stack keeps its databases, keys and logs",
        envvar="CSP_STATE_DIR",
    ),
]


@app.command()
def up(
    state_dir: StateDir = Path(".local"),
    port_offset: Annotated[int, typer.Option(help="Added to every port")] = 0,
    demo: Annotated[bool, typer.Option(help="Load the North Yorkshire demo data")] = True,
) -> None:
    """Start the broker, every service and the provider simulators, and keep them running
    (what exits is restarted); Ctrl-C stops them."""
    from csp_devtools.stack import LocalStack, PortsTaken, run_demo

    stack = LocalStack(state_dir=state_dir, port_offset=port_offset)
    taken = stack.taken_ports()
    if taken:
        _refuse(PortsTaken(taken), port_offset)
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())
    try:
        typer.echo(f"starting the broker on 127.0.0.1:{stack.broker_port} ...")
        try:
            stack.start()
        except PortsTaken as exc:  # taken since the check above
            _refuse(exc, port_offset)
        asyncio.run(stack.wait_for_event_log(say=typer.echo))
        if demo:
            typer.echo("loading the North Yorkshire demo data ...")
            run_demo(stack)
        token = stack.token(
            agency="north-yorkshire-police",
            scopes="referrals:write referrals:read hate-reports:write reports:read",
            ttl=8 * 3600,
        )
        typer.echo("\nThe platform is up:")
        for entry in stack.entries:
            url = stack.url(entry)
            docs = f"   API docs {url}/docs" if entry.kind == "service" else ""
            typer.echo(f"  {entry.name:<22} {url}{docs}")
        typer.echo(f"\nA token for north-yorkshire-police (8 hours):\n{token}\n")
        for line in asyncio.run(stack.greetings()):
            typer.echo(line)
        typer.echo("Mint others with: csp token --agency AGENCY --scope 'SCOPE ...'")
        typer.echo("ready (Ctrl-C stops everything)", err=False)
        sys.stdout.flush()
        stack.supervise(stopping, say=_say)
    finally:
        typer.echo("stopping ...")
        stack.stop()


STATE_DIR_VARIABLE = "CSP_STATE_DIR"
SIGNING_KEY = Path("keys") / "signing-key.pem"


class StackStateNotFound(LookupError):
    pass


def find_signing_key(state_dir: Path | None, *, environ: Mapping[str, str], cwd: Path) -> Path:
    """The private key of the stack whose state is `state_dir`, else ${CSP_STATE_DIR}, else
    the nearest `.local` from `cwd` upwards. A token is never worth a new key: one no
    running service knows would make a token every service refuses."""
    if state_dir is not None:
        candidates, told = [state_dir], "--state-dir"
    elif environ.get(STATE_DIR_VARIABLE):
        candidates, told = [Path(environ[STATE_DIR_VARIABLE])], f"${STATE_DIR_VARIABLE}"
    else:
        start = cwd.resolve()
        candidates, told = [d / ".local" for d in (start, *start.parents)], None
    for candidate in candidates:
        if (candidate / SIGNING_KEY).is_file():
            return candidate / SIGNING_KEY
    if told:
        where = f"{candidates[0] / SIGNING_KEY} (from {told})"
    else:
        where = f".local/{SIGNING_KEY} in {cwd.resolve()} and each folder above it"
    raise StackStateNotFound(
        f"no local stack's signing key found; looked for {where}. Start the stack with "
        f"`csp up` (or `make run`) in the checkout, then run this there, or point "
        f"--state-dir or ${STATE_DIR_VARIABLE} at its state folder"
    )


def _say(line: str) -> None:
    typer.echo(line)
    sys.stdout.flush()


def _refuse(exc: Exception, port_offset: int) -> NoReturn:
    typer.echo(
        f"csp up: not starting: {exc}. Stop what uses it, or move every port with "
        f"--port-offset (now {port_offset}).",
        err=True,
    )
    raise typer.Exit(1)


@app.command()
def token(
    agency: Annotated[str, typer.Option(help="The caller's agency code")],
    scope: Annotated[str, typer.Option(help="Space-separated scopes")],
    area: Annotated[str | None, typer.Option(help="Area code, for coordinators")] = None,
    ttl: Annotated[int, typer.Option(help="Seconds until it expires")] = 3600,
    subject: Annotated[str | None, typer.Option(help="The `sub` claim")] = None,
    state_dir: Annotated[
        Path | None,
        typer.Option(
            help="The local stack's state (the folder `csp up` keeps its keys in); "
            f"defaults to ${STATE_DIR_VARIABLE}, else the nearest .local/ holding keys "
            "from here upwards",
        ),
    ] = None,
) -> None:
    """Print a JWT the local stack accepts, signed with the key `csp up` made."""
    try:
        private_key = find_signing_key(state_dir, environ=os.environ, cwd=Path.cwd())
    except StackStateNotFound as exc:
        typer.echo(f"csp token: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        mint_token(
            private_key.read_bytes(),
            agency=agency,
            scopes=scope,
            area=area,
            ttl=ttl,
            subject=subject,
        )
    )


@app.command()
def serve(
    name: Annotated[str, typer.Argument(help="Service name, e.g. referral-hub")],
    host: str = "127.0.0.1",
    port: Annotated[int | None, typer.Option(help="Defaults to the service's own port")] = None,
    workers: int = 1,
) -> None:
    """Run one service or simulator under uvicorn (migrations run at start-up); what a
    service's image runs is `csp-serve`, the same without this package."""
    try:
        entry = find_entry(name)
    except LookupError as exc:
        raise typer.BadParameter(str(exc)) from None
    serve_entry(entry, host=host, port=port, workers=workers)


@app.command()
def revision(
    source: Annotated[
        str, typer.Argument(help="A service's name (e.g. marac), or a folder with an env.py")
    ],
    message: Annotated[str, typer.Option("-m", "--message")],
) -> None:
    """Autogenerate a migration from a service's models (review it before committing)."""
    import importlib

    from csp_common.migrations import autogenerate

    try:
        entry = find_entry(source)
    except LookupError:
        autogenerate(Path(source), message)
        return
    package = entry.app_factory.split(":")[0].rsplit(".", 1)[0]
    autogenerate(importlib.import_module(f"{package}.migrations").MIGRATIONS, message)


@app.command("services")
def list_services() -> None:
    """List the installed services and their ports."""
    for entry in stack_entries():
        typer.echo(f"{entry.name:<22} {entry.port:>5}  {entry.kind}")


def main() -> None:
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    app()
