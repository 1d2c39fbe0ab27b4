"""What ``serve`` prints once everything that can refuse the start has been checked: the seed,
the database, the clocks and limits, and every URL it serves, as this machine reaches them."""

from __future__ import annotations

from mockserver.server.settings import Settings


def print_banner(settings: Settings, database: str, *, temporary: bool) -> None:
    # The adapters only (their mounts): the registry would import every handler in this process.
    from mockserver.apis.adapters import mount_of  # noqa: PLC0415
    from mockserver.seeding.worlds import FAKER_RELEASE  # noqa: PLC0415

    base = f"{settings.scheme}://{settings.local_address}"
    names = f"its names by Faker {FAKER_RELEASE}"
    lines = [
        (
            f"booking-sandbox: seed {settings.seed} (every new API key gets this world, {names};"
            " --seed to change)"
            if settings.vary is None
            else f"booking-sandbox: varied by seed {settings.vary}: each key gets a world of its own, {names}"
        ),
        f"booking-sandbox: database {database}{' (temporary)' if temporary else ''}",
        f"booking-sandbox: new sandboxes' clocks {_clock_start(settings)}",
        f"booking-sandbox: {_limits(settings)}",
        f"booking-sandbox: {_journal(settings)}",
    ]
    for api in settings.apis:
        mount = "" if settings.root else mount_of(api)
        lines.append(f"booking-sandbox: {api} at {base}{mount}/  (docs {base}{mount}/ui/)")
    lines.append(f"booking-sandbox: health {base}/_sandbox/health")
    if settings.local_address != settings.address:  # on every interface (0.0.0.0, ::)
        lines.append(f"booking-sandbox: on every interface (--host {settings.host}): {_ELSEWHERE} {base}")
    if settings.cors_origins:
        pages = "any origin" if "*" in settings.cors_origins else ", ".join(settings.cors_origins)
        lines.append(f"booking-sandbox: pages from {pages} may call it from a browser (--cors-origin)")
    if settings.kept_answers != "on":
        lines.append(f"booking-sandbox: {_kept_answers(settings)}")
    if settings.vendor_only:
        lines.append(
            f"booking-sandbox: vendor-only: no sandbox-only field, no control API but health and "
            f"{base}/_sandbox/target-data (docs/fidelity.md)"
        )
        if settings.vary is not None:
            lines.append(
                f"booking-sandbox: --vary {settings.vary}: ids per account, list order, offsets, booking "
                "window and catalogues chosen otherwise than the sandbox's (same seed, same choices)"
            )
    else:
        lines.append(f"booking-sandbox: control API at {base}/_sandbox/  (docs {base}/_sandbox/ui/)")
        lines.append(f"booking-sandbox: dashboard {base}/_sandbox/dashboard/  (enter a sandbox key)")
    print("\n".join(lines), flush=True)


_ELSEWHERE = "from another machine, this one's address in place of the loopback in"
_KEPT = {
    "off": "off: every read is answered by its handler",
    "verify": (
        "verified: every read asked again is made anew, and an error logged where it differs "
        "from what was kept"
    ),
}


def _kept_answers(settings: Settings) -> str:
    # The workers' layers loaded both.
    from mockserver.storage.database.kept_answers import kept_on  # noqa: PLC0415
    from mockserver.storage.database.urls import backend_of  # noqa: PLC0415

    if settings.kept_answers == "verify" and not kept_on(
        backend_of(settings.db), bool(settings.evict_idle_after)
    ):
        return "kept answers: none kept on PostgreSQL or with --evict-idle-after, so none verified"
    return f"kept answers {_KEPT[settings.kept_answers]} (--kept-answers)"


def _clock_start(settings: Settings) -> str:
    where = f"start at {settings.start_at.isoformat()}" if settings.start_at else "start at the wall clock"
    return f"{where}, {'frozen' if settings.frozen else 'running'} (--start-at, --frozen)"


def _limits(settings: Settings) -> str:
    idle = "never evicted"
    if settings.evict_idle_after:
        idle = f"evicted after {settings.evict_idle_after:g} s idle"
    return f"at most {settings.max_sandboxes} sandboxes, {idle} (--max-sandboxes, --evict-idle-after)"


def _journal(settings: Settings) -> str:
    import bitmath  # noqa: PLC0415  (the banner's one size; serve's process stays lean)

    size = bitmath.Byte(settings.journal_max_bytes).best_prefix().format("{value:.3g} {unit}")
    return (
        f"journal keeps a sandbox's newest {settings.journal_limit} entries within {size}"
        " (--journal-limit, --journal-max-bytes)"
    )
