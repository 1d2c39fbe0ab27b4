"""A token that is none of an API's form is told what a token there looks like, in the 401's
``WWW-Authenticate`` (RFC 6750 3.1's ``invalid_token`` and ``error_description``). The body stays
the API's own (ReserveKit's SDK shows its "missing or invalid API key"): a key of
``sk_rsv_`` and seven letters, one short, was that message and nothing else."""

from __future__ import annotations

import pytest

from tests.asgi_client import TestClient

READS = {
    "/reservekit/v1/services": "an API key here is sk_rsv_ and 8 to 120 letters, digits or _",
    "/merchant/bookings/calendar/events?start=2027-01-04T00:00:00Z&end=2027-01-11T00:00:00Z": (
        "a token here is merchant.<merchant url name>.<sandbox key> or customer.<customer uuid>.<sandbox key>"
    ),
    "/lifecycle/api/v1/services": (
        "a token here is customer.<customer uuid>.<sandbox key> or terminal.<terminal name>.<sandbox key>"
    ),
    "/bardge/v3/providers": "a token here is reseller.<reseller slug>.<sandbox key>",
    "/_sandbox/clock": "a token here is any token of your sandbox, or its sandbox key",
}


@pytest.mark.sqlite_only("the credential is read before any storage")
@pytest.mark.parametrize(("path", "said"), READS.items(), ids=[path.split("/")[1] for path in READS])
def test_a_token_of_another_form_is_told_the_apis_form(http: TestClient, path: str, said: str) -> None:
    wrong = http.get(path, headers={"Authorization": "Bearer short7"})
    missing = http.get(path)
    assert wrong.status_code == missing.status_code == 401
    challenge = wrong.headers["WWW-Authenticate"]
    assert challenge.startswith(f'{missing.headers["WWW-Authenticate"]}, error="invalid_token", ')
    assert f'error_description="{said}' in challenge
    # No token at all is no error of a token (RFC 6750 3.1): the realm alone.
    assert "error=" not in missing.headers["WWW-Authenticate"]
    assert wrong.json() == missing.json()  # the API's own refusal, whichever
