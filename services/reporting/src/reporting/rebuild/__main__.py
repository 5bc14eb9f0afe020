"""`python -m reporting.rebuild`: rebuild every read model from offset zero.

Uses the service's settings (REPORTING_* variables): the database and the brokers.
The running service keeps answering from the current models until the swap.
"""

import asyncio
from typing import Annotated

import typer

from csp_common.db import create_engine, create_session_factory
from csp_common.migrations import upgrade
from reporting import events  # noqa: F401  (registers the projections)
from reporting.migrations import MIGRATIONS
from reporting.rebuild import flows, service
from reporting.settings import ReportingSettings

cli = typer.Typer(add_completion=False, help=__doc__)


@cli.command()
def rebuild(
    batch_size: Annotated[
        int | None, typer.Option(help="Events per transaction (REPORTING_REBUILD_BATCH_SIZE)")
    ] = None,
    force: Annotated[
        bool,
        typer.Option(help="Swap even if the log holds fewer events than the live models applied"),
    ] = False,
) -> None:
    """Rebuild the read models and swap them in when complete (and the log was whole)."""
    settings = ReportingSettings()
    if batch_size:
        settings = settings.model_copy(update={"rebuild_batch_size": batch_size})
    if not asyncio.run(_rebuild(settings, force=force)):
        raise typer.Exit(1)


async def _rebuild(settings: ReportingSettings, *, force: bool) -> bool:
    engine = create_engine(settings)
    try:
        await upgrade(engine, MIGRATIONS)
        factory = create_session_factory(engine)
        try:
            job = await flows.start_rebuild(factory, force=force)
        except service.RebuildRunning as exc:
            typer.echo(f"rebuild {exc.job['id']} is running; not starting another", err=True)
            raise typer.Exit(1) from exc
        typer.echo(f"rebuild {job['id']} into slot {job['slot']} ...")

        def show(progress: dict) -> None:
            total = progress["events_total"] or 1
            typer.echo(
                f"  {progress['events_read']:>10,} / {progress['events_total']:,} events "
                f"({100 * progress['events_read'] / total:.0f}%)"
            )

        result = await flows.run_rebuild(
            job=job, session_factory=factory, settings=settings, on_progress=show
        )
        if result.status == "refused":
            typer.echo(f"refused: {result.reason}", err=True)
            return False
        typer.echo(
            f"done: {result.events_read:,} events ({result.events_skipped:,} skipped), "
            f"{result.facts_written:,} facts in {result.seconds:.1f}s "
            f"({result.events_per_second:,.0f} events/s); slot {job['slot']} now serves"
        )
        if result.reason:
            typer.echo(result.reason, err=True)
        return True
    finally:
        await engine.dispose()


if __name__ == "__main__":
    cli()
