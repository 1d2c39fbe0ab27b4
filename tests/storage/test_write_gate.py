"""Writers queue at the gate, woken at once, instead of sleeping in SQLite's busy retries."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from mockserver.storage.database import engine as engines
from mockserver.storage.database.engine import create_engine
from mockserver.storage.database.write_gate import WriteGate
from mockserver.storage.database.write_locks import BEGIN_MODE_OPTION, write_options
from tests.storage.processes import other_processes

HOLD_S = 0.005
WRITERS = 24


def table(engine: sa.Engine) -> sa.Table:
    counted = sa.Table("counted", sa.MetaData(), sa.Column("n", sa.Integer))
    counted.create(engine, checkfirst=True)
    return counted


def write_slowly(engine: sa.Engine, counted: sa.Table) -> None:
    with engine.connect().execution_options(**write_options()) as connection, connection.begin():
        connection.execute(sa.insert(counted).values(n=1))
        time.sleep(HOLD_S)  # a transaction that takes a while, as a create with many checks does


def crowd(engine: sa.Engine, counted: sa.Table) -> None:
    threads = [threading.Thread(target=write_slowly, args=(engine, counted)) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def time_in_sqlites_begin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> float:
    """Seconds the crowd's writers spent inside ``BEGIN IMMEDIATE`` (SQLite's lock and busy
    retries), not counting their wait at the gate before it."""
    waited: list[float] = []
    at_gate = threading.local()
    enter, begin = WriteGate.enter, engines._begin_sqlite_transaction

    def timed_enter(gate: WriteGate) -> None:
        started = time.perf_counter()
        enter(gate)
        at_gate.seconds = time.perf_counter() - started

    def timed_begin(connection: sa.Connection) -> None:
        at_gate.seconds = 0.0
        started = time.perf_counter()
        begin(connection)
        if connection.get_execution_options().get(BEGIN_MODE_OPTION) == "IMMEDIATE":
            waited.append(time.perf_counter() - started - at_gate.seconds)

    with monkeypatch.context() as patch:
        patch.setattr(WriteGate, "enter", timed_enter)
        patch.setattr(engines, "_begin_sqlite_transaction", timed_begin)  # before the engine listens
        engine = create_engine(str(tmp_path / f"{name}.db"))
        counted = table(engine)
        crowd(engine, counted)
    with engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(counted)).scalar() == WRITERS
    assert len(waited) == WRITERS
    return sum(waited)


def test_a_crowd_of_writers_waits_at_the_gate_not_in_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each writer holds the database HOLD_S; a crowd that queues inside SQLite spends at least
    # one hold per writer behind another in BEGIN, and far more: the busy handler sleeps 1, 2,
    # 5 … 100 ms between tries (measured: 2 ms in all with the gate, 3-4 s without; under
    # libfaketime 20 ms with it).
    someone_elses_holds = (WRITERS - 1) * HOLD_S
    gated = time_in_sqlites_begin(tmp_path, monkeypatch, "gated")
    assert gated < someone_elses_holds, f"{gated * 1000:.1f} ms inside BEGIN with the gate"
    # The same crowd with the gate always open, to show the measure sees the waiting.
    monkeypatch.setattr(WriteGate, "enter", lambda self: None)
    monkeypatch.setattr(WriteGate, "leave", lambda self: None)
    ungated = time_in_sqlites_begin(tmp_path, monkeypatch, "ungated")
    assert ungated >= 2 * someone_elses_holds, f"{ungated * 1000:.1f} ms inside BEGIN without the gate"


def test_a_failed_transaction_opens_the_gate(tmp_path: Path) -> None:
    engine = create_engine(str(tmp_path / "s.db"))
    counted = table(engine)

    def fail_inside() -> None:
        with engine.connect().execution_options(**write_options()) as c, c.begin():
            c.execute(sa.insert(counted).values(n=1))
            raise RuntimeError("the handler failed")

    with pytest.raises(RuntimeError):
        fail_inside()
    done = threading.Event()

    def write() -> None:
        write_slowly(engine, counted)
        done.set()

    threading.Thread(target=write, daemon=True).start()
    assert done.wait(5), "the gate stayed shut after a rollback"


def _hold_the_gate(db: str, holding: object, release: object, ended: object) -> None:
    engine = create_engine(db)
    with engine.connect().execution_options(**write_options()) as connection, connection.begin():
        holding.set()  # type: ignore[attr-defined]
        release.wait(10)  # type: ignore[attr-defined]
    ended.value = time.monotonic()  # type: ignore[attr-defined]  # the system's clock: one for both


def test_another_process_waits_at_the_gate_and_goes_the_moment_it_opens(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    engine = create_engine(db)
    counted = table(engine)
    context = other_processes()
    holding, release, ended = context.Event(), context.Event(), context.Value("d", 0.0)
    holder = context.Process(target=_hold_the_gate, args=(db, holding, release, ended))
    holder.start()
    try:
        assert holding.wait(30)
        entered = threading.Event()
        finished: list[float] = []

        def write() -> None:
            entered.set()
            write_slowly(engine, counted)
            finished.append(time.monotonic())

        writer = threading.Thread(target=write)
        writer.start()
        assert entered.wait(5)
        time.sleep(0.3)
        assert not finished, "wrote while another process held the write lock"
        release.set()
        writer.join(10)
        # Queued in the kernel, the writer starts as soon as the holder's transaction ends
        # (SQLite's own retries would have slept up to 100 ms at a time). Counted from that end,
        # not from the release: the holder's own wake-up on a busy host took 0.29 s once.
        assert finished
        assert ended.value > 0
        assert finished[0] - ended.value < 0.25
    finally:
        release.set()
        holder.join(10)
    assert engines.database_file(engine) is not None
