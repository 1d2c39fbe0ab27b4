"""A number in a query or a path is read as the vendors' servers read one (``numerals.py``), and a
refused query value holding a space says what a "+" sent as it is becomes."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.documents.resources import fixture_path
from mockserver.http.validation.numerals import as_written
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import generate_world
from tests.asgi_client import TestClient
from tests.conftest import API_KEY

SCHEMAS: dict[str, Any] = {
    "page": {"type": "integer"},
    "ratio": {"type": "number"},
    "name": {"type": "string"},
    "on": {"type": "boolean"},
}
# Python's int() and float() read every one of these; no vendor's server does.
NO_INTEGER = ["1_0", " 7", "7 ", "\uff17", "\u0667"]
NO_NUMBER = ["1_0.5", " 2.5", "nan", "inf", "-Infinity", "\uff12.5"]


@pytest.mark.parametrize("text", ["7", "+7", "-7", "007"])
def test_an_integer_written_in_ascii_digits_is_read_as_one(text: str) -> None:
    assert as_written({"page": int(text)}, {"page": [text]}, SCHEMAS, "query") == {"page": int(text)}
    assert as_written({"page": int(text)}, {"page": text}, SCHEMAS, "path") == {"page": int(text)}


@pytest.mark.parametrize("text", ["2.5", "-.5", "+3.", "1e3", "2.5E-2", "7"])
def test_a_number_written_as_json_writes_one_is_read_as_one(text: str) -> None:
    assert as_written({"ratio": float(text)}, {"ratio": [text]}, SCHEMAS, "query") == {"ratio": float(text)}


@pytest.mark.parametrize("text", NO_INTEGER)
def test_an_integer_python_alone_reads_is_kept_as_its_text(text: str) -> None:
    assert as_written({"page": 7}, {"page": [text]}, SCHEMAS, "query") == {"page": text}
    assert as_written({"page": 7}, {"page": text}, SCHEMAS, "path") == {"page": text}


@pytest.mark.parametrize("text", NO_NUMBER)
def test_a_number_python_alone_reads_is_kept_as_its_text(text: str) -> None:
    assert as_written({"ratio": 1.0}, {"ratio": [text]}, SCHEMAS, "query") == {"ratio": text}


def test_the_last_of_a_repeated_query_value_is_the_one_judged() -> None:
    """Connexion reads the last: the text judged is the one that was read."""
    assert as_written({"page": 2}, {"page": ["1_0", "2"]}, SCHEMAS, "query") == {"page": 2}
    assert as_written({"page": 10}, {"page": ["2", "1_0"]}, SCHEMAS, "query") == {"page": "1_0"}


def test_other_types_and_unresolved_values_are_left_as_resolved() -> None:
    resolved = {"name": "1_0", "on": True, "page": None, "extra": "x"}
    given = {"name": ["1_0"], "on": ["TRUE"], "page": ["null"], "extra": ["x"]}
    assert as_written(dict(resolved), given, SCHEMAS, "query") == resolved


@pytest.mark.parametrize("text", ["1_0", "%EF%BC%92", "+2", "2+", "%202"])
def test_each_apis_integer_queries_refuse_what_no_vendor_reads(http: TestClient, text: str) -> None:
    """Through the whole stack, where ``page=1_0`` was served page 10 and a full-width two as ``limit=2``."""
    shown = text.replace("%EF%BC%92", "\uff12").replace("%20", " ").replace("+", " ")
    calls = {
        f"/reservekit/v1/bookings?service_id=1&page={text}": (API_KEY, "page"),
        f"/bardge/v3/classes?limit={text}": (f"reseller.fitperks.{API_KEY}", "limit"),
        f"/_sandbox/journal?limit={text}": (API_KEY, "limit"),
    }
    for url, (token, name) in calls.items():
        answer = http.get(url, headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 400, (url, answer.text)
        assert f"query parameter '{name}': {shown!r} is not of type 'integer'" in answer.text.replace(
            "\\uff12", "\uff12"
        ), (url, answer.text)


@pytest.mark.parametrize("text", ["2", "%2B2", "02"])
def test_each_apis_integer_queries_take_what_a_vendor_reads(http: TestClient, text: str) -> None:
    calls = {
        f"/reservekit/v1/bookings?service_id=1&page=1&page_size={text}": API_KEY,
        f"/bardge/v3/classes?limit={text}": f"reseller.fitperks.{API_KEY}",
        f"/_sandbox/journal?limit={text}": API_KEY,
    }
    for url, token in calls.items():
        answer = http.get(url, headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 200, (url, answer.text)


def test_an_offset_sent_with_a_bare_plus_is_refused_saying_how_to_send_it(http: TestClient) -> None:
    world = generate_world(load_blueprint(fixture_path("default-world")), 42)
    merchant = {"Authorization": f"Bearer merchant.{world.providers[0].slug}.{API_KEY}"}
    bare = "/merchant/bookings/calendar/events?start=2027-01-04T00:00:00+01:00&end=2027-01-11T00:00:00+01:00"
    answer = http.get(bare, headers=merchant)
    assert answer.status_code == 400, answer.text
    message = answer.json()["error"]["message"]
    assert "'2027-01-04T00:00:00 01:00' is not a 'date-time'" in message, message
    assert message.endswith("a '+' in a query string reads as a space: send it as %2B"), message
    encoded = http.get(bare.replace("+", "%2B"), headers=merchant)
    assert encoded.status_code == 200, encoded.text
    unrelated = http.get("/merchant/bookings/calendar/events?start=soon&end=later", headers=merchant)
    assert unrelated.status_code == 400
    assert "%2B" not in unrelated.text, "no hint where no space was read"
