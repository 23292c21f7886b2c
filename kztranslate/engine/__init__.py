"""Translation engines: one interface (:mod:`.base`), implementations behind it, route planning."""
