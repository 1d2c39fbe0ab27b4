"""What the kit reads whole before it checks anything (the target data, the health probe) may be
nested deeper than Python's readers go: each says so in one line, or reads it as "not a sandbox",
never ends the kit with a traceback."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from contract_tests.kit.preflight import TargetNotUsable
from contract_tests.kit.sandbox import Proxied, probe
from contract_tests.kit.target_data import TargetDataError, checked, fetch, read_file

DEEP = 5000


def nested(depth: int) -> list[Any]:
    document: list[Any] = []
    for _ in range(depth):
        document = [document]
    return document


class Answering(requests.Session):
    """A target answering every GET with ``body``."""

    def __init__(self, body: bytes) -> None:
        super().__init__()
        self.body = body

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        answer = requests.Response()
        answer.status_code = 200
        answer._content = self.body
        answer.headers["Content-Type"] = "application/json"
        return answer


@pytest.mark.parametrize(
    "text",
    [
        '{"target_data": 1, "reservekit-v1": ' + "[" * DEEP + "]" * DEEP + "}",
        "target_data: 1\nreservekit-v1: " + "[" * DEEP + "]" * DEEP,
    ],
    ids=["json", "yaml"],
)
def test_a_target_data_file_nested_too_deep_is_named_in_one_line(tmp_path: Path, text: str) -> None:
    data = tmp_path / "vendor.yaml"
    data.write_text(text, encoding="utf-8")
    with pytest.raises(TargetDataError, match=r"^--target-data .*vendor\.yaml: nested too deep to read"):
        read_file(data)


@pytest.mark.parametrize("text", ["", "# the vendor's data, to come\n", "---\n"])
def test_a_target_data_file_holding_no_document_says_so(tmp_path: Path, text: str) -> None:
    """It was "(the document): None is not of type 'object'", the schema's words for nothing."""
    data = tmp_path / "vendor.yaml"
    data.write_text(text, encoding="utf-8")
    with pytest.raises(
        TargetDataError, match=r"vendor\.yaml: holds no document \(it is empty, or only comments\)"
    ):
        read_file(data)


def laughs(levels: int) -> str:
    """Nine lols, then each level nine aliases of the one before: 9 ** levels values."""
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        lines.append(f"lol{n}: &lol{n} [" + ", ".join([f"*lol{n - 1}"] * 9) + "]")
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # Where the schema looks: a token that stands for 4.8 million strings (nine levels, 387
        # million, took 34 s and 5.5 GB to refuse before the aliases were measured: the
        # schema's message wrote the value out).
        (
            "target_data: 1\nx_laughs:\n  "
            + laughs(7).replace("\n", "\n  ")
            + "\nreservekit-v1:\n  tokens:\n    key: *lol6\n",
            "its aliases expand it past what a target data file may hold (at most 1000 aliases",
        ),
        (
            "target_data: 1\nloop: &loop [1, *loop]\n",
            "an alias contains itself; a target data file is a tree",
        ),
    ],
    ids=["laughs", "loop"],
)
def test_a_target_data_file_whose_aliases_expand_past_the_bound_is_one_line_at_once(
    tmp_path: Path, text: str, said: str
) -> None:
    data = tmp_path / "vendor.yaml"
    data.write_text(text, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(TargetDataError, match=f"^--target-data .*vendor\\.yaml: {re.escape(said)}"):
        read_file(data)
    assert time.monotonic() - started < 2


def test_a_document_read_whole_is_checked_no_deeper_than_the_schema() -> None:
    """No field of the target data holds free-form content, so the check never goes deep."""
    with pytest.raises(TargetDataError, match="'bookings' was unexpected"):
        checked({"target_data": 1, "reservekit-v1": {"bookings": nested(DEEP)}}, "given")


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b'{"target_data": 1, "x": ' + b"[" * DEEP + b"]" * DEEP + b"}", "JSON nested too deep to read"),
        (b"<html>maintenance</html>", "not JSON"),
        (b"", "empty"),
    ],
)
def test_target_data_served_unreadable_says_why_in_one_line(body: bytes, why: str) -> None:
    with pytest.raises(TargetNotUsable) as raised:
        fetch("http://vendor.example", Answering(body), "sk_key_0001", "reservekit-v1")
    assert str(raised.value) == f"the target data http://vendor.example serves: {why}"


@pytest.mark.parametrize(
    "body", [b"[" * DEEP + b"]" * DEEP, b'{"service": "booking-sandbox", "seed": NaN}', b"\xff"]
)
def test_a_health_answer_that_is_no_json_object_is_no_sandbox(body: bytes) -> None:
    assert probe("http://vendor.example", Answering(body)) is None


def test_a_sandboxs_health_answer_is_one() -> None:
    facts = probe("http://vendor.example", Answering(b'{"service": "booking-sandbox", "seed": 7}'))
    assert facts is not None
    assert facts.seed == 7


def test_a_proxys_health_answer_is_no_sandbox_but_names_its_upstream() -> None:
    """``booking-sandbox proxy`` answers the health from the server that keeps its journal."""
    said = b'{"service": "booking-sandbox", "seed": 42, "proxy": {"api": "merchant", "upstream": "https://v.example/api"}}'
    assert probe("http://proxy.example", Answering(said)) == Proxied("https://v.example/api")


def test_a_target_data_file_with_a_key_given_twice_names_its_line(tmp_path: Path) -> None:
    data = tmp_path / "vendor.yaml"
    data.write_text(
        "target_data: 1\nreservekit-v1:\n  tokens: {key: a}\n  tokens: {key: b}\n", encoding="utf-8"
    )
    with pytest.raises(
        TargetDataError, match=r"vendor\.yaml:4: 'tokens' given twice in one mapping \(first on line 3\)"
    ):
        read_file(data)
