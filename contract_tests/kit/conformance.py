"""The Schemathesis side of a run: the API's spec, pointed at the target, with every check on."""

from __future__ import annotations

from typing import Any

from .aiming import aim
from .run import Run


def load_schema(run: Run) -> Any:
    """The run's spec, ready to generate: bearer tokens by role, and bodies aimed by the target data."""
    loaded = run.spec

    @loaded.auth(refresh_interval=None)
    class Bearer:
        """The token of the role the operation belongs to, asked afresh: minted keys change per scenario."""

        def get(self, case: Any, context: Any) -> str:
            return run.callers.token(run.profile.role_for(case.operation.path)) or ""

        def set(self, case: Any, data: str, context: Any) -> None:
            if data:
                case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    @loaded.hook  # type: ignore[untyped-decorator]
    def after_call(context: Any, case: Any, response: Any) -> None:
        run.creations.seen(case.operation.method, case.operation.path, response)

    aim(loaded, run.target.api, run.data, run.now())
    return loaded
