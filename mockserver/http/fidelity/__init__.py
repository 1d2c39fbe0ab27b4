"""``serve --vendor-only`` and ``--vary``: the APIs as their vendors document them, and a vendor
whose open choices are not ours (ids, instants, order, optional fields, namespaced codes)."""
