"""The purpose of the report and the partnership's priorities, each with its owner and the
status its owner last set (the governance view)."""

from reporting.committee.document import Figure, ReportContext, Section
from reporting.governance.service import governance


async def build(context: ReportContext) -> Section:
    partnership = context.partnership
    section = Section(
        "Purpose of this report",
        [
            f"To update on the partnership working around the priority areas agreed by "
            f"{partnership.name}: {context.period.label} against the same period a year "
            f"before, and MARAC cases for {context.year.label}.",
        ],
    )
    section.paragraphs.append(
        "The partnership's work reported here: its community safety hubs, where "
        "agencies deal together with anti-social behaviour and crime in each area; domestic "
        "abuse (the crimes recorded, referrals, the commissioned services, MARAC and MATAC); "
        "Domestic Homicide Reviews; the Serious Violence Duty; and hate crime and community "
        "cohesion."
    )
    priorities = await governance(
        session=context.session, partnership=partnership, period_code=context.period.code
    )
    context.figures["governance"] = priorities
    if priorities:
        section.paragraphs.append(
            f"{partnership.name} has agreed the following priority areas for delivery; "
            "each priority's owner sets its status."
        )
        section.figures.append(
            Figure(
                caption="The partnership's priorities, their owners and status",
                header=["Priority", "Owner", "Status", "Set on", "Next steps"],
                words=True,
                rows=[
                    [
                        p["name"],
                        p["owner"]["name"],
                        p["status"]["status_name"] if p["status"] else "Not yet set",
                        p["status"]["set_on"].isoformat() if p["status"] else "-",
                        "; ".join(p["next_steps"]) or "-",
                    ]
                    for p in priorities
                ],
            )
        )
    section.paragraphs.append(
        "The figures are built by the partnership's platform from the records agencies "
        "make as they work; nobody compiled them by hand."
    )
    return section
