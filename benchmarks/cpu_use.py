"""Where a load's CPU went: the servers' processes, PostgreSQL's, and everything else.

On one machine the servers, the database, wrk and the kernel's workers share the cores; under a
load that keeps them busy, a request's price is the CPU it costs all of them together, not its
wait. Read from ``/proc`` (user and system time of every process, in clock ticks) before and
after a load: a server's processes are the ones started for it and their children (workers),
PostgreSQL's are those named ``postgres`` (its sessions too, each a process). A process started
within the window (a new session) counts whole; of those that also ended within it, only this
process's own children are seen (wrk, through ``getrusage``).
"""

from __future__ import annotations

import os
import resource
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from processes import tree

TICK_S = 1 / os.sysconf("SC_CLK_TCK")


@dataclass
class CpuUse:
    """CPU seconds over one window, by whose they were."""

    servers: float = 0.0
    database: float = 0.0
    rest: float = 0.0

    def per_request_ms(self, requests: int) -> tuple[float, float, float]:
        """Milliseconds of the servers', the database's and the rest's CPU a request."""
        n = max(1, requests)
        return 1000 * self.servers / n, 1000 * self.database / n, 1000 * self.rest / n


@contextmanager
def cpu_use(server_pids: Iterable[int]) -> Iterator[CpuUse]:
    """Counts, over the block, the CPU of ``server_pids`` and their descendants, of PostgreSQL
    and of every other process (filled in as the block ends)."""
    roots = list(server_pids)
    before, waited = _snapshot(), _children_cpu()
    used = CpuUse()
    yield used
    after = _snapshot()
    used.rest += _children_cpu() - waited  # this process's own children that ended (wrk)
    servers = {pid for root in roots for pid in tree(root)}
    for pid, (name, ticks) in after.items():
        spent = (ticks - before.get(pid, ("", 0))[1]) * TICK_S  # a process new since: all of it
        if pid in servers:
            used.servers += spent
        elif name == "postgres":
            used.database += spent
        else:
            used.rest += spent


def _children_cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def _snapshot() -> dict[int, tuple[str, int]]:
    """Every process's name and CPU ticks (user and system) so far."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as stat:
                text = stat.read()
        except OSError:
            continue  # ended while the listing was read
        fields = text[text.rindex(")") + 2 :].split()
        found[int(entry)] = (text[text.index("(") + 1 : text.rindex(")")], int(fields[11]) + int(fields[12]))
    return found
