"""A flag is named after the setting it gives, so a refusal can name the flag the user typed
(``cli/flags.py``)."""

from __future__ import annotations

import argparse
import dataclasses

import pytest

from mockserver.cli import _parser
from mockserver.cli.flags import flag_of, settings_from_flags
from mockserver.server.settings import Settings, SettingsError

# Flags that give a setting under another name: a list or a switch, none of which a setting's
# range check refuses by name (an API is one of the choices; a switch is on or off; an origin's
# refusal quotes the origin).
NAMED_OTHERWISE = {"apis": "--api", "cors_origins": "--cors-origin"}
SWITCHED_OFF = {"validate_responses": "--no-validate-responses", "coverage": "--no-coverage"}


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = _parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(subparsers.choices)


def test_every_flag_that_gives_a_setting_is_named_after_it() -> None:
    settings = {field.name for field in dataclasses.fields(Settings)}
    for command in ("serve", "proxy", "world", "db"):
        parsers = _commands()[command]
        nested = [a for a in parsers._actions if isinstance(a, argparse._SubParsersAction)]
        for parser in [parsers, *(p for action in nested for p in action.choices.values())]:
            for action in parser._actions:
                if action.dest not in settings or not action.option_strings:
                    continue
                expected = {**NAMED_OTHERWISE, **SWITCHED_OFF}.get(action.dest, flag_of(action.dest))
                assert action.option_strings == [expected], (command, action.dest)


def test_settings_from_flags_name_the_flag_and_leave_a_flag_not_given_to_the_environment() -> None:
    environ = {"BOOKING_SANDBOX_JOURNAL_LIMIT": "0"}
    with pytest.raises(SettingsError) as refused:
        settings_from_flags({"journal_limit": None, "seed": 3}, environ)
    assert str(refused.value) == "BOOKING_SANDBOX_JOURNAL_LIMIT must be at least 1, not 0"
    assert settings_from_flags({"journal_limit": 5, "seed": 3}, environ).journal_limit == 5
