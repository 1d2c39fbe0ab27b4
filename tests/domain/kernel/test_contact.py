from __future__ import annotations

import pytest

from mockserver.domain.kernel import contact


def test_an_address_is_judged_once_and_the_verdict_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    judged: list[str] = []
    real = contact.validate_email

    def counted(value: str, **options: object) -> object:
        judged.append(value)
        return real(value, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(contact, "validate_email", counted)
    contact.email_problem.cache_clear()
    for _ in range(3):
        assert contact.email_problem("jane@example.test") is None
        assert contact.email_problem("jane@") is not None
    assert judged == ["jane@example.test", "jane@"]
    contact.email_problem.cache_clear()
