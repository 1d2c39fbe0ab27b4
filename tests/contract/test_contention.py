"""Two kit runs at once on one vendor account: a check that failed because another run booked
beside it is no verdict (exit 5), not a broken rule. Two ReserveKit runs started together
against ``serve --vendor-only`` with one target-data file failed two or three checks each
("time slot is full", a race's "0 got one", RK-NEIGHBOURS seeing the other run's change). A
failure with no other run's booking in sight stands."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta
from email.utils import formatdate
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import requests

from contract_tests.kit.contention import CONTENDED, Seen, beside, contended, reservekit_bookings
from contract_tests.kit.marks import marked_emails, tag_of
from mockserver.documents.har import Exchange
from mockserver.live_checks.by_api import check_recording
from mockserver.live_checks.exchanges import read_har
from mockserver.rule_engine.findings import lines
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.contract.live import Kit, serving

BEGAN = datetime(2027, 1, 6, 15, 0, tzinfo=UTC)
OURS, THEIRS = "a1b2c3", "d4e5f6"


def marked_email(tag: str, number: int) -> str:
    """The address a run tagged ``tag`` gives its customer ``number``."""
    return next(itertools.islice(marked_emails(tag), number, None))


def _booking(number: int, email: str, made: datetime) -> dict[str, Any]:
    return {"id": number, "created_at": made.isoformat(), "customer": {"id": 1, "email": email}}


def _exchange(method: str, answer: object, at: datetime = BEGAN, date: str = "") -> Exchange:
    headers = {"Date": date} if date else {}
    body = json.dumps(answer).encode()
    return Exchange(at, method, "http://vendor/v1/bookings", {}, b"", 200, "", headers, body, 1.0)


def _run(*exchanges: Exchange) -> list[Exchange]:
    """A run that began at BEGAN by the target's clock: its first answer's Date says so."""
    return [_exchange("GET", {}, date="Wed, 06 Jan 2027 15:00:01 GMT"), *exchanges]


def test_a_run_marks_its_customers_and_reads_the_mark_back() -> None:
    assert tag_of(marked_email(OURS, 7)) == OURS
    for email in ("kit.7@example.com", "kit.A1B2C3.7@example.com", "person@example.com", None, 7):
        assert tag_of(email) is None


def test_another_runs_booking_made_after_this_run_began_means_no_verdict() -> None:
    theirs = Seen("booking 9", THEIRS, BEGAN + timedelta(seconds=30))
    said = beside(OURS, _run(), [theirs])
    assert said is not None
    assert said.startswith(f"{CONTENDED} meanwhile (its booking 9, made at 15:00:30 UTC")
    assert f"kit run {THEIRS}'s customer; this run is {OURS}" in said


@pytest.mark.parametrize(
    "seen",
    [
        Seen("booking 9", THEIRS, BEGAN - timedelta(minutes=3)),  # an earlier run's, before this began
        Seen("booking 9", OURS, BEGAN + timedelta(seconds=30)),  # this run's own
        Seen("booking 9", None, BEGAN + timedelta(seconds=30)),  # a person's, or the vendor's own
    ],
    ids=["an earlier run's", "this run's", "untagged"],
)
def test_no_other_runs_booking_made_meanwhile_leaves_the_failure_standing(seen: Seen) -> None:
    assert beside(OURS, _run(), [seen]) is None


def test_a_booking_whose_timestamp_moved_under_the_runs_eyes_is_the_vendors_doing() -> None:
    """A vendor that rewrites a neighbour's ``created_at`` has broken a rule; an earlier run's
    booking, read before with its own instant, must not excuse that as another run's."""
    earlier = BEGAN - timedelta(days=2)
    read = _exchange("GET", {"data": {"bookings": [_booking(9, marked_email(THEIRS, 0), earlier)]}})
    moved = Seen("booking 9", THEIRS, BEGAN + timedelta(seconds=30))
    assert beside(OURS, _run(read), [moved]) is None


def test_the_runs_first_booking_dates_it_where_the_target_sends_no_date() -> None:
    made = BEGAN + timedelta(minutes=1)
    first = _exchange("POST", {"data": _booking(5, marked_email(OURS, 0), made)})
    whole = [_exchange("GET", {}), first]
    assert beside(OURS, whole, [Seen("booking 9", THEIRS, made - timedelta(seconds=1))]) is None
    assert beside(OURS, whole, [Seen("booking 9", THEIRS, made + timedelta(seconds=1))]) is not None
    assert beside(OURS, [_exchange("GET", {})], [Seen("booking 9", THEIRS, made)]) is None  # no instant


def test_a_date_far_before_the_runs_first_booking_does_not_date_the_run() -> None:
    """A server whose clock is unset (1970) answered every request with that ``Date``: taken
    as the run's start, an earlier run's booking of any day counted as made beside it."""
    made = BEGAN + timedelta(minutes=1)
    first = _exchange("POST", {"data": _booking(5, marked_email(OURS, 0), made)})
    unset = [_exchange("GET", {}, date="Thu, 01 Jan 1970 00:00:00 GMT"), first]
    earlier_run = Seen("booking 9", THEIRS, BEGAN - timedelta(days=1))
    assert beside(OURS, unset, [earlier_run]) is None
    assert beside(OURS, unset, [Seen("booking 9", THEIRS, made + timedelta(seconds=1))]) is not None


def test_reservekits_look_lists_the_bookings_of_each_service_the_check_named() -> None:
    asked: list[dict[str, Any]] = []

    class Answer:
        status_code = 200

        def __init__(self, page: int) -> None:
            bookings = [_booking(page, marked_email(THEIRS, page), BEGAN)]
            self.body = {"data": {"bookings": bookings, "pagination": {"total_pages": 2}}}

        def json(self) -> Any:
            return self.body

    def get(path: str, params: dict[str, Any]) -> Answer:
        asked.append({"path": path, **params})
        return Answer(params["page"])

    named = Exchange(BEGAN, "GET", "http://vendor/v1/time-slots?service_id=3&date=2027-01-11", {}, b"", 200, "", {}, b"", 1.0)  # fmt: skip
    seen = list(reservekit_bookings(get, [named]))
    assert [(booking.what, booking.tag) for booking in seen] == [("booking 1", THEIRS), ("booking 2", THEIRS)]
    assert [(one["service_id"], one["page"]) for one in asked] == [("3", 1), ("3", 2)]


class _ReadAsNow:
    """A session to a vendor whose bookings list answers a booking's ``created_at`` as the moment
    it is read (each read a second later), recording each exchange as the kit's transport does."""

    def __init__(self, recorded: list[Exchange]) -> None:
        self.recorded, self.reads = recorded, 0

    def request(self, method: str, url: str, **_: Any) -> requests.Response:
        self.reads += 1
        booking = _booking(9, marked_email(THEIRS, 0), BEGAN + timedelta(seconds=self.reads))
        answer = requests.Response()
        answer.status_code = 200
        answer._content = json.dumps(
            {"data": {"bookings": [booking], "pagination": {"total_pages": 1}}}
        ).encode()
        self.recorded.append(_exchange("GET", answer.json()))
        return answer


def test_an_earlier_runs_booking_whose_created_at_reads_as_now_is_looked_at_twice() -> None:
    """An earlier run's booking, never read before the look, at a vendor that dates it "now" at
    each read: one look counted it as made beside this run; the second shows two instants."""
    recorded = _run()
    session = _ReadAsNow(recorded)
    run: Any = SimpleNamespace(
        target=SimpleNamespace(api="reservekit-v1", base_url="http://vendor"),
        facts=None,
        session=session,
        callers=SimpleNamespace(token=lambda role: "sk_test_contention"),
        profile=SimpleNamespace(main_role="key"),
        tag=OURS,
        recorder=SimpleNamespace(exchanges=recorded),
    )
    named = Exchange(BEGAN, "GET", "http://vendor/v1/time-slots?service_id=3", {}, b"", 200, "", {}, b"", 1.0)
    assert contended(run, [named]) is None
    assert session.reads == 2


class _Rival:
    """ASGI middleware: as the kit's first create of a booking arrives, another customer (``email``
    numbered on) takes every place left in the same time slot on the same date, as a second run
    started beside the kit would; then the kit's create goes on, to a full slot. Every answer
    carries a ``Date``, as a vendor's server sends one (``serve``'s uvicorn does; the tests' own
    server, which never ticks, does not)."""

    def __init__(self, app: Any, email: str) -> None:
        self.app, self.email = app, email
        self.taken: list[int] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async def dated(message: Any) -> None:
            if message["type"] == "http.response.start":
                stamp = (b"date", formatdate(usegmt=True).encode())
                message = {**message, "headers": [*message.get("headers", []), stamp]}
            await send(message)

        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.taken or scope["method"] != "POST" or not scope["path"].endswith("/v1/bookings"):
            await self.app(scope, receive, dated)
            return
        sent = await receive()
        wanted = json.loads(sent["body"])
        for n in range(20):
            body = {
                "date": wanted["date"],
                "time_slot_id": wanted["time_slot_id"],
                "customer_email": self.email % n,
            }
            status, answer = await _posted(self.app, scope, body)
            if status != 201:
                break
            self.taken.append(answer["data"]["id"])

        async def replayed() -> Any:
            return sent

        await self.app(scope, replayed, dated)


async def _posted(app: Any, like: Any, body: dict[str, Any]) -> tuple[int, Any]:
    """``body`` posted straight to ``app`` with the headers of the request ``like`` (its token)."""
    raw = json.dumps(body).encode()
    headers = [(k, v) for k, v in like["headers"] if k not in (b"content-length", b"content-type")]
    scope = {
        **like,
        "headers": [
            *headers,
            (b"content-type", b"application/json"),
            (b"content-length", str(len(raw)).encode()),
        ],
    }
    answered: list[Any] = []

    async def receive() -> Any:
        return {"type": "http.request", "body": raw, "more_body": False}

    async def send(message: Any) -> None:
        answered.append(message)

    await app(scope, receive, send)
    return answered[0]["status"], json.loads(b"".join(m.get("body", b"") for m in answered[1:]))


@pytest.fixture
def vendor(tmp_path: Path) -> tuple[Any, Path]:
    db = tmp_path / "vendor.db"
    app = create_app(Settings.load({"db": str(db), "vendor_only": True}, environ={}))
    with TestClient(app) as client:
        handed = client.get("/_sandbox/target-data", headers={"Authorization": "Bearer vendor_contention"})
    data = tmp_path / "vendor.json"
    data.write_text(json.dumps({"target_data": 1, "reservekit-v1": handed.json()["reservekit-v1"]}))
    return app, data


@pytest.mark.parametrize(
    ("email", "exit_code"),
    [(f"kit.{THEIRS}.%d@example.com", 5), ("walk.in.%d@example.com", 1)],
    ids=["another kit run", "a person"],
)
def test_a_check_that_met_another_runs_bookings_has_no_verdict_and_a_persons_fails(
    email: str, exit_code: int, vendor: tuple[Any, Path], tmp_path: Path, kit: Kit
) -> None:
    app, data = vendor
    rival = _Rival(app, email)
    har = tmp_path / "kit.har"
    with serving(rival) as origin:
        checks = (
            "--target-data",
            str(data),
            "--checks",
            "rules",
            "--har",
            str(har),
            "--",
            "-k",
            "double_cancel",
        )
        result = kit.run(origin, "reservekit-v1", tmp_path, *checks)
    assert rival.taken, "the rival took no place"
    summary = result.output[result.output.index("= contract kit") :]
    assert result.exit_code == exit_code, summary
    if exit_code == 5:
        assert not result.failed, summary
        assert "UNCHECKED reservekit: double cancel is refused and changes nothing" in summary
        assert f"{CONTENDED} meanwhile (its booking {rival.taken[0]}," in summary
        assert "ANOTHER KIT RUN BOOKED ON THE ACCOUNT: 0 checked (0 passed, 0 failed), 1 unchecked" in summary
        assert (
            "another contract kit run was booking on this account during the run: 1 check has no verdict"
            in summary
        )
    else:
        assert "FAILED    reservekit: double cancel is refused and changes nothing" in summary
        assert CONTENDED not in summary
    # The look is the API's own documented list: check-har finds nothing in the kit's recording.
    checked = check_recording("reservekit-v1", read_har(har))
    assert not checked.findings, lines(checked.findings)
