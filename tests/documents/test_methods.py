"""HEAD beside GET (``documents/methods.py``), one reading for the sandbox's 405 and ``Allow``,
the proxy's ``Allow`` and the rule engine's judgement of a vendor's HEAD."""

from __future__ import annotations

from mockserver.documents.methods import answered, read_by, with_head


def test_a_path_with_a_get_answers_head_and_no_other_method_it_does_not_allow() -> None:
    assert answered("HEAD", ("GET", "POST"))
    assert answered("POST", ("GET", "POST"))
    assert not answered("HEAD", ("POST",))
    assert not answered("DELETE", ("GET",))
    assert not answered("GET", ("HEAD",))


def test_head_is_advertised_right_after_get_once() -> None:
    assert with_head(("POST", "GET", "DELETE")) == ("POST", "GET", "HEAD", "DELETE")
    assert with_head(["GET", "HEAD"]) == ("GET", "HEAD")
    assert with_head(("POST",)) == ("POST",)
    assert with_head(()) == ()


def test_a_head_is_read_as_its_get_and_nothing_else_as_another_method() -> None:
    assert read_by("HEAD") == "GET"
    assert [read_by(method) for method in ("GET", "POST", "OPTIONS", "head")] == [None] * 4
