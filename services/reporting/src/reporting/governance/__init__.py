"""The governance view: each priority of the partnership with its objectives, owner,
the live measures that track it, the status its owner last set and next steps."""
