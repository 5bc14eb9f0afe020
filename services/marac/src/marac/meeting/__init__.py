"""The meeting schedule: the meeting table, each area's cadence, the next meeting with
room, and who may see a meeting. What a meeting holds and records is `marac.conference`."""
