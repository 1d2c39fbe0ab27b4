from __future__ import annotations

import pytest

from mockserver.settings import Settings, SettingsError


def test_defaults_then_environment_then_flags() -> None:
    assert Settings.load(environ={}).seed == 42
    environ = {"BOOKING_SANDBOX_SEED": "7", "BOOKING_SANDBOX_PORT": "9000"}
    from_env = Settings.load(environ=environ)
    assert (from_env.seed, from_env.port) == (7, 9000)
    flagged = Settings.load({"seed": 8, "port": None}, environ=environ)
    assert (flagged.seed, flagged.port) == (8, 9000)  # an unset flag does not hide the environment


def test_environment_round_trip() -> None:
    settings = Settings.load(
        {"seed": 3, "root": True, "apis": ["reservekit-v1"], "validate_responses": False}, environ={}
    )
    assert Settings.load(environ=settings.to_environment()) == settings


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"BOOKING_SANDBOX_PORT": "eighty"}, "BOOKING_SANDBOX_PORT"),
        ({"BOOKING_SANDBOX_ROOT": "maybe"}, "BOOKING_SANDBOX_ROOT"),
        ({"BOOKING_SANDBOX_APIS": "stripe"}, "unknown API stripe"),
    ],
)
def test_bad_environment_is_named(environ: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.load(environ=environ)


def test_settings_are_frozen() -> None:
    settings = Settings.load(environ={})
    with pytest.raises(AttributeError):
        settings.seed = 1  # type: ignore[misc]
