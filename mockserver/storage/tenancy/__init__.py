"""One sandbox per key: the store that opens a key's tenant (seeding it on first use), the
handles it hands out, a key's rows, world and clock, and which sandboxes go when there are too many."""
