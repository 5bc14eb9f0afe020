"""Partnership development (links across safeguarding): the statutory partnerships and who
sits on whose, and the local safeguarding partnerships, from the partnership's
configuration."""

from reporting.committee.document import Figure, ReportContext, Section


def _listing(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


async def build(context: ReportContext) -> Section:
    committee = context.partnership.committee
    section = Section("Partnership development (links across safeguarding)")
    statutory = committee.statutory_partnerships
    if statutory:
        section.paragraphs.append(
            "To ensure effective multi-agency systems and relationships exist, regular "
            "meetings take place between the senior officers and chairs of the statutory "
            f"multi-agency partnerships ({_listing([p.name for p in statutory])})."
        )
        if any(p.represented_on for p in statutory):
            section.paragraphs.append(
                "Representatives from the different arrangements sit on one another's "
                "partnerships, ensuring effective join up, clarity on roles and "
                "responsibilities and leads for priority areas."
            )
            section.figures.append(
                Figure(
                    caption="Where each statutory partnership's representatives sit",
                    header=["Partnership", *[p.name for p in statutory]],
                    words=True,
                    rows=[
                        [
                            p.name,
                            *[
                                "-"
                                if other.code == p.code
                                else "Yes"
                                if other.code in p.represented_on
                                else "No"
                                for other in statutory
                            ],
                        ]
                        for p in statutory
                    ],
                )
            )
    local = committee.local_safeguarding_partnerships
    if local:
        area_names = context.area_names
        section.paragraphs.append(
            "Co-ordinated responses are in place so that partners, including front line "
            "practitioners, are clear on local issues, referral pathways and support "
            f"services, through the Local Safeguarding Partnerships in {len(local)} areas: "
            f"{_listing([p.name for p in local])}. They focus on local awareness raising "
            "and action linked to community safety, safeguarding children and adults."
        )
        section.figures.append(
            Figure(
                caption="Local Safeguarding Partnerships and the areas they cover",
                header=["Local Safeguarding Partnership", "Areas"],
                words=True,
                rows=[[p.name, ", ".join(area_names.get(a, a) for a in p.areas)] for p in local],
            )
        )
    return section
