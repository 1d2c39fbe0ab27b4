"""The kernel context's storage, as ``domain/kernel`` is the contexts' shared core: the one
metadata and its tables, the kernel's statements, and rows read as records and back."""
