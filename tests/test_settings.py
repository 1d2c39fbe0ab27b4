from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from mockserver.server.settings import Settings, SettingsError


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
        ({"BOOKING_SANDBOX_START_AT": "2027-01-04 09:00"}, "BOOKING_SANDBOX_START_AT"),
        ({"BOOKING_SANDBOX_START_AT": "0001-01-01T00:00:00Z"}, "years 1900 to 2999"),
        ({"BOOKING_SANDBOX_FROZEN": "later"}, "BOOKING_SANDBOX_FROZEN"),
        ({"BOOKING_SANDBOX_WEBHOOK_TIMEOUT": "soon"}, "BOOKING_SANDBOX_WEBHOOK_TIMEOUT"),
        ({"BOOKING_SANDBOX_WEBHOOK_TIMEOUT": "600"}, "between 0.5 and 60 seconds"),
        ({"BOOKING_SANDBOX_VARY": "three"}, "BOOKING_SANDBOX_VARY"),
        ({"BOOKING_SANDBOX_VARY": "3"}, "goes with --vendor-only"),
        (
            {"BOOKING_SANDBOX_KEPT_ANSWERS": "sometimes"},
            "BOOKING_SANDBOX_KEPT_ANSWERS must be one of on, off, verify",
        ),
    ],
)
def test_bad_environment_is_named(environ: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.load(environ=environ)


def test_a_varied_vendor_from_the_environment_survives_the_trip_to_the_workers() -> None:
    settings = Settings.load(environ={"BOOKING_SANDBOX_VENDOR_ONLY": "true", "BOOKING_SANDBOX_VARY": "3"})
    assert (settings.vendor_only, settings.vary) == (True, 3)
    assert Settings.load(environ=settings.to_environment()) == settings
    assert Settings.load(environ=Settings.load(environ={}).to_environment()).vary is None


def test_kept_answers_from_the_environment_and_flags_survive_the_trip_to_the_workers() -> None:
    assert Settings.load(environ={}).kept_answers == "on"
    verifying = Settings.load(environ={"BOOKING_SANDBOX_KEPT_ANSWERS": "verify"})
    assert verifying.kept_answers == "verify"
    assert Settings.load(environ=verifying.to_environment()) == verifying
    assert (
        Settings.load(
            {"kept_answers": "off"}, environ={"BOOKING_SANDBOX_KEPT_ANSWERS": "verify"}
        ).kept_answers
        == "off"
    )


def test_settings_are_frozen() -> None:
    settings = Settings.load(environ={})
    with pytest.raises(AttributeError):
        settings.seed = 1  # type: ignore[misc]


def test_a_start_instant_from_the_environment_or_a_flag() -> None:
    environ = {"BOOKING_SANDBOX_START_AT": "2027-01-04T10:00:00+01:00", "BOOKING_SANDBOX_FROZEN": "yes"}
    from_env = Settings.load(environ=environ)
    assert from_env.start_at == datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
    assert from_env.start_at.utcoffset() == timedelta(hours=1)  # kept as given
    assert from_env.frozen is True
    flagged = Settings.load({"start_at": "2030-06-01T00:00:00Z"}, environ=environ)
    assert flagged.start_at == datetime(2030, 6, 1, tzinfo=UTC)
    assert Settings.load(environ={}).start_at is None  # the wall clock
    assert Settings.load(environ={"BOOKING_SANDBOX_START_AT": ""}).start_at is None


def test_the_start_instant_survives_the_trip_to_the_workers() -> None:
    settings = Settings.load(
        {"start_at": datetime(2027, 1, 4, 9, 0, tzinfo=timezone(timedelta(hours=-5))), "frozen": True},
        environ={},
    )
    assert Settings.load(environ=settings.to_environment()) == settings


def test_webhook_destinations_and_timeout_from_the_environment() -> None:
    settings = Settings.load(
        environ={
            "BOOKING_SANDBOX_WEBHOOK_ALLOW": "10.0.0.0/8, hooks.internal",
            "BOOKING_SANDBOX_WEBHOOK_TIMEOUT": "2.5",
        }
    )
    assert settings.webhook_allow == ("10.0.0.0/8", "hooks.internal")
    assert settings.webhook_timeout == 2.5
    assert Settings.load(environ=settings.to_environment()) == settings


def test_sandbox_limits_from_the_environment_and_flags() -> None:
    assert (Settings.load(environ={}).max_sandboxes, Settings.load(environ={}).evict_idle_after) == (
        10_000,
        0,
    )
    environ = {"BOOKING_SANDBOX_MAX_SANDBOXES": "500", "BOOKING_SANDBOX_EVICT_IDLE_AFTER": "2h"}
    from_env = Settings.load(environ=environ)
    assert (from_env.max_sandboxes, from_env.evict_idle_after) == (500, 7200)
    assert Settings.load(environ=from_env.to_environment()) == from_env  # the trip to the workers
    assert Settings.load({"evict_idle_after": 90.0}, environ=environ).evict_idle_after == 90


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"max_sandboxes": 0}, "max_sandboxes"),
        ({"evict_idle_after": 30.0}, "between 1 minute"),
        ({"evict_idle_after": -1.0}, "between 1 minute"),
        # A seed past what a sandbox's row holds served a 500 to every request.
        ({"seed": 2**31}, "seed must be a whole number from 0 to 2147483647, not 2147483648"),
        ({"seed": -1}, "seed must be a whole number from 0"),
    ],
)
def test_sandbox_limits_that_would_surprise_are_refused(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.load(overrides, environ={})


def test_an_idle_time_that_is_no_duration_is_named() -> None:
    with pytest.raises(SettingsError, match="BOOKING_SANDBOX_EVICT_IDLE_AFTER"):
        Settings.load(environ={"BOOKING_SANDBOX_EVICT_IDLE_AFTER": "soon"})


def test_the_journals_bound_in_bytes_is_written_as_a_person_writes_a_size() -> None:
    assert Settings.load(environ={}).journal_max_bytes == 4 * 1024 * 1024
    environ = {"BOOKING_SANDBOX_JOURNAL_MAX_BYTES": "64MiB"}
    from_env = Settings.load(environ=environ)
    assert from_env.journal_max_bytes == 64 * 1024 * 1024
    assert Settings.load(environ=from_env.to_environment()) == from_env  # the trip to the workers
    assert Settings.load({"journal_max_bytes": "2 MB"}, environ=environ).journal_max_bytes == 2_000_000
    assert Settings.load({"journal_max_bytes": "3145728"}, environ={}).journal_max_bytes == 3 * 1024 * 1024


@pytest.mark.parametrize(
    ("environ", "overrides", "message"),
    [
        (
            {"BOOKING_SANDBOX_JOURNAL_MAX_BYTES": "lots"},
            {},
            "BOOKING_SANDBOX_JOURNAL_MAX_BYTES='lots' is not a size",
        ),
        ({}, {"journal_max_bytes": "64 potatoes"}, "--journal-max-bytes '64 potatoes' is not a size"),
        ({}, {"journal_max_bytes": "64KiB"}, "between 1MiB and 1TiB"),
        ({"BOOKING_SANDBOX_JOURNAL_MAX_BYTES": "2TiB"}, {}, "between 1MiB and 1TiB"),
    ],
)
def test_a_journal_bound_that_is_no_size_or_out_of_range_is_named(
    environ: dict[str, str], overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.load(overrides, environ=environ, spelled={"journal_max_bytes": "--journal-max-bytes"})


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        (
            {"BOOKING_SANDBOX_START_AT": "tomorrow"},
            "START_AT='tomorrow' is not an ISO 8601 instant with its UTC offset",
        ),
        (
            {"BOOKING_SANDBOX_START_AT": "2027-01-04T09:00"},
            "is not an ISO 8601 instant with its UTC offset, e.g.",
        ),
        ({"BOOKING_SANDBOX_PORT": "80a"}, "PORT='80a' is not a whole number$"),
        ({"BOOKING_SANDBOX_FROZEN": "maybe"}, "FROZEN='maybe' is not one of 1, true, yes, on, 0"),
        ({"BOOKING_SANDBOX_VARY": "x"}, "is not a whole number \\(or empty, for none\\)"),
        (
            {"BOOKING_SANDBOX_APIS": "reservekit,nope"},
            "unknown API reservekit, nope \\(did you mean reservekit-v1\\?\\)",
        ),
        ({"BOOKING_SANDBOX_APIS": "bardge"}, "did you mean bardge-v3"),
        ({"BOOKING_SANDBOX_APIS": "lifecycel"}, "did you mean lifecycle"),  # a misspelling, not a prefix
    ],
)
def test_a_setting_written_wrong_says_how_it_is_written(environ: dict[str, str], message: str) -> None:
    """What a stranger types into the environment: the refusal names the variable and how its
    value is written, never the type it is parsed to (it said "valid datetime | None")."""
    with pytest.raises(SettingsError, match=message):
        Settings.load(environ=environ)


@pytest.mark.parametrize(
    ("field", "written", "value", "why"),
    [
        ("port", "70000", 70000, "must be from 0 to 65535, not 70000"),
        ("workers", "0", 0, "must be from 1 to 64, not 0"),
        ("journal_limit", "0", 0, "must be at least 1, not 0"),
        ("journal_max_bytes", "1KiB", "1KiB", "must be between 1MiB and 1TiB, not 1024 bytes"),
        ("webhook_timeout", "600", 600.0, "must be between 0.5 and 60 seconds, not 600"),
        (
            "evict_idle_after",
            "30s",
            30.0,
            "must be 0 (never) or between 1 minute and 100 years, not 30 seconds",
        ),
        ("max_sandboxes", "0", 0, "must be at least 1, not 0"),
        ("kept_answers", "sometimes", "sometimes", "must be one of on, off, verify, not 'sometimes'"),
        (
            "start_at",
            "1000-01-01T00:00:00Z",
            "1000-01-01T00:00:00Z",
            "must lie in the years 1900 to 2999, not 1000",
        ),
    ],
)
def test_a_refusal_names_the_setting_as_it_was_given(
    field: str, written: str, value: object, why: str
) -> None:
    """A flag's refusal names the flag, a variable's the variable: "journal_limit must be at
    least 1" named neither the --journal-limit typed nor the variable set."""
    variable = f"BOOKING_SANDBOX_{field.upper()}"
    with pytest.raises(SettingsError) as from_env:
        Settings.load(environ={variable: written})
    assert str(from_env.value) == f"{variable} {why}"
    flag = "--" + field.replace("_", "-")
    good = Settings().to_environment()[variable]
    with pytest.raises(SettingsError) as from_flag:  # the flag wins over a good variable, and is named
        Settings.load({field: value}, environ={variable: good}, spelled={field: flag})
    assert str(from_flag.value) == f"{flag} {why}"
    with pytest.raises(SettingsError) as unspelled:
        Settings.load({field: value}, environ={})  # a caller that names no flags: the field's name
    assert str(unspelled.value) == f"{field} {why}"
