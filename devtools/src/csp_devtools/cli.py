"""The `csp` command: run the local stack, mint tokens, serve or migrate one service."""

import asyncio
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from csp_common.serve import serve as serve_entry
from csp_devtools.keys import generate_key_pair, mint_token
from csp_devtools.registry import find_entry, stack_entries

app = typer.Typer(help="Community Safety Partnership platform", no_args_is_help=True)

StateDir = Annotated[
    Path, typer.Option(help="Where the local stack keeps its databases, keys and logs")
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
    state_dir: StateDir = Path(".local"),
) -> None:
    """Print a JWT the local stack accepts."""
    private_key, _ = generate_key_pair(state_dir / "keys")
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
