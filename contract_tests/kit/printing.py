"""``booking-sandbox contract --print-target-data``: a running booking-sandbox's target data.

What the sandbox serves about one of its sandboxes (the one a given token names, else a new
one) for the API asked for: a filled-in example of the file a vendor's test data goes in,
and the file a run against a sandbox with no control API (``serve --vendor-only``) needs.
"""

from __future__ import annotations

import json
import secrets
import sys
from collections.abc import Sequence

from .callers import sandbox_key_of
from .client import target_session
from .preflight import TARGET_NOT_USABLE, USAGE_ERROR, TargetNotUsable
from .profiles import MAIN_ROLES, ROLES
from .target import TargetError, parse_target
from .target_data import VERSION_FIELD, fetch


def print_target_data(api: str, base_url: str, tokens: Sequence[str]) -> int:
    try:
        target = parse_target(api=api, base_url=base_url, tokens=tokens, main_role=MAIN_ROLES, roles=ROLES)
    except TargetError as error:
        print(f"contract kit: {error}", file=sys.stderr)
        return USAGE_ERROR
    key = sandbox_key_of(target.tokens.values()) or f"kit_{secrets.token_hex(6)}"
    try:
        root = target.control_roots[0]
        data = fetch(root, target_session(root, {}), key, api)
    except TargetNotUsable as error:
        print(f"contract kit: target not usable: {error}", file=sys.stderr)
        return TARGET_NOT_USABLE
    document = {VERSION_FIELD: data.document[VERSION_FIELD], api: data.of(api)}
    print(json.dumps(document, indent=2))
    return 0
