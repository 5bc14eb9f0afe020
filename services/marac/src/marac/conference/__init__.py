"""What happens at a meeting: `/v1/meetings` with their case lists, packs, records,
attendance and cancellation. Built on the schedule (`marac.meeting`) and on the cases,
actions, research, attendance and MATAC nominations a meeting hears."""
