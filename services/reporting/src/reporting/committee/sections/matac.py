"""MATAC in the period: perpetrators nominated by MARAC area (serial perpetrators among
them), the interventions begun by kind, and those who left with a lower RFGV score."""

from reporting import charts
from reporting.committee.document import Figure, ReportContext, Section
from reporting.committee.wording import cell, pct_cell, words
from reporting.matac.service import INTERVENTION_KINDS, matac_stats


async def build(context: ReportContext) -> Section:
    period = context.period
    matac = await matac_stats(
        session=context.session,
        slot=context.slot,
        period=period,
        marac_areas=context.partnership.marac_area_codes,
        threshold=context.threshold,
    )
    context.figures["matac"] = matac
    section = Section("Multi-Agency Tasking and Coordination (MATAC)")
    if matac["nominations"] == 0:
        section.paragraphs.append(f"No perpetrators were nominated to MATAC in {period.label}.")
        return section
    section.paragraphs.append(
        f"In {period.label}, {words(matac['nominations'])} perpetrators of domestic abuse were "
        f"nominated to MATAC across {context.where}, {words(matac['serial_perpetrators'])} of "
        "them serial perpetrators (against more than one victim)."
    )
    if isinstance(matac["exits"], int) and matac["exits"]:
        section.paragraphs.append(
            f"{words(matac['exits']).capitalize()} left MATAC in the period; "
            f"{words(matac['exits_with_lower_score'])} with a lower RFGV score than they "
            "entered with."
        )
    names = context.marac_names
    by_area = matac["by_area"]
    section.figures.append(
        Figure(
            caption=f"Perpetrators nominated to MATAC by MARAC area, {period.label}",
            chart=charts.bar(
                f"MATAC nominations by area, {period.label}",
                [names.get(code, code) for code in by_area],
                {period.label: [a["count"] for a in by_area.values()]},
                rotate=30,
            ),
            header=["MARAC area", "Nominations", "Share"],
            rows=[
                [names.get(code, code), cell(a["count"]), pct_cell(a["share_pct"])]
                for code, a in by_area.items()
            ],
        )
    )
    interventions = matac["interventions"]
    section.figures.append(
        Figure(
            caption=f"MATAC interventions begun by kind, {period.label}",
            header=["Kind", "Interventions"],
            rows=[[kind.capitalize(), cell(interventions[kind])] for kind in INTERVENTION_KINDS],
        )
    )
    return section
