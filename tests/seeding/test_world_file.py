"""World and scenario files as users write them: every file the project ships meets the
published schema, and each kind of mistake is one line naming the file, the line and the field."""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from mockserver.documents.resources import scenarios_dir, world_path, world_schema_path
from mockserver.seeding import world_file
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.scenarios import ARRANGEMENTS, load_scenarios
from mockserver.seeding.world import generate_world
from mockserver.seeding.world_file import WorldFileError, read_scenario, read_world
from tests.commands import Commands

ROOT = Path(__file__).resolve().parents[2]
WORLDS = [
    world_path(),
    *sorted((ROOT / "examples").rglob("*world*.yaml")),
    *sorted((ROOT / "examples" / "worlds").glob("*.yaml")),
]


@pytest.mark.parametrize("path", sorted(set(WORLDS)), ids=lambda p: p.name)
def test_every_shipped_world_meets_the_schema(path: Path) -> None:
    assert read_world(path)["services"]
    assert load_blueprint(path).services


@pytest.mark.parametrize("path", sorted(scenarios_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_scenario_meets_the_schema(path: Path) -> None:
    assert read_scenario(path)["steps"]


def test_a_scenario_is_read_once_a_version_and_each_reader_gets_its_own_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = sorted(scenarios_dir().glob("*.yaml"))[0]
    path = tmp_path / "mine.yaml"
    path.write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    parsed: list[Path] = []
    parse = world_file._parsed
    monkeypatch.setattr(world_file, "_parsed", lambda p: parsed.append(p) or parse(p))
    first, second = read_scenario(path), read_scenario(path)
    assert first == second
    assert parsed == [path], "read once while the file is as it was"
    first["steps"].clear()
    assert read_scenario(path)["steps"], "a reader's changes reach no other reader"
    # Written anew, it is read anew; broken, it says so.
    path.write_text(
        shipped.read_text(encoding="utf-8").replace("description: |", "description: |\n  Mine."), "utf-8"
    )
    assert read_scenario(path)["description"].startswith("Mine.")
    assert len(parsed) == 2
    path.write_text("steps: [1]\n", encoding="utf-8")
    with pytest.raises(WorldFileError):
        read_scenario(path)
    path.unlink()
    with pytest.raises(WorldFileError, match="cannot be read"):
        read_scenario(path)


def test_the_schema_names_exactly_the_arrangements_there_are() -> None:
    schema = json.loads(world_schema_path().read_text(encoding="utf-8"))
    actions = schema["$defs"]["scenario"]["properties"]["steps"]["items"]["properties"]["action"]["enum"]
    assert set(actions) == set(ARRANGEMENTS)


DEFAULT = world_path().read_text(encoding="utf-8")

# Each: what is changed in the default world, and the one line it must give (after FILE:).
MISTAKES = [
    ("providers: 2", "providers: two", r":12: providers: 'two' is not of type 'integer'"),
    (
        "staff_per_location: 3",
        "staff_per_location: 3\nstaff_per_locaton: 3",
        r":17: staff_per_locaton: no such field; did you mean 'staff_per_location'\?",
    ),
    (
        "    duration_minutes: 60\n    slot_every_minutes: 60\n    price_minor: 8500",
        "    duration_minutes: -60\n    slot_every_minutes: 60\n    price_minor: 8500",
        r":\d+: services\[0\]\.duration_minutes: -60 is less than the minimum of 5",
    ),
    ("currency: USD", "currency: XYZ", r":\d+: currency: 'XYZ' is no ISO 4217 currency"),
    (
        "timezone: America/New_York",
        "timezone: Mars/Olympus_Mons",
        r":14: locations\[0\]\.timezone: 'Mars/Olympus_Mons' is no IANA time zone",
    ),
    (
        'opens: "09:00", closes: "18:00"',
        'opens: "18:00", closes: "09:00"',
        r":19: opening_hours\[0\]\.closes: not after opens",
    ),
    (
        'opens: "09:00"',
        'opens: "9 am"',
        r":19: opening_hours\[0\]\.opens: '9 am': expected a time of day as HH:MM, 24-hour \(09:30\)$",
    ),
    (
        "cancellation_policy: moderate",
        "cancellation_policy: lenient",
        r":\d+: services\[0\]\.terms\.cancellation_policy: no cancellation_policies entry 'lenient'",
    ),
    (
        "{reseller: fitperks, name: Gym Basic",
        "{reseller: fitperkz, name: Gym Basic",
        r":\d+: reseller\.pass_plans\[0\]\.reseller: no reseller 'fitperkz'",
    ),
    (
        "services: [Vinyasa Yoga]",
        "services: [Hatha Yoga]",
        r":\d+: reseller\.class_categories\[0\]\.services\[0\]: no class or event service named 'Hatha Yoga'",
    ),
    (
        "services: [Vinyasa Yoga]",
        "services: []",
        r":\d+: services\[2\]\.name: a class or event service in no reseller\.class_categories entry",
    ),
    (
        "    duration_minutes: 90",
        "    duration_minutes: 1000",
        r":\d+: services\[3\]\.duration_minutes: longer than any opening day at locations\[0\] \(540 minutes\)",
    ),
    (
        "    - {hours_before: 24, percent: 50}",
        "    - {hours_before: 24}",
        r":\d+: cancellation_policies\.moderate\[1\]: .* is not valid under any of the given schemas|cancellation_policies\.moderate\[1\]: 'percent' is a required property",
    ),
    ("locale: en_US", "locale: en_US\n  bad: [", r":\d+: not YAML: "),
]


@pytest.mark.parametrize(("old", "new", "said"), MISTAKES, ids=[m[2][:40] for m in MISTAKES])
def test_each_mistake_is_one_line_naming_file_line_and_field(
    tmp_path: Path, old: str, new: str, said: str
) -> None:
    assert old in DEFAULT, old
    path = tmp_path / "mine.yaml"
    path.write_text(DEFAULT.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(WorldFileError) as refused:
        load_blueprint(path)
    problems = refused.value.problems
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{path}:"), problems
    assert "\n" not in problems[0]
    assert re.search(said, problems[0]), problems[0]


def test_invited_needs_a_group_service_to_invite_to(tmp_path: Path) -> None:
    world = yaml.safe_load(DEFAULT)
    world["services"] = [s for s in world["services"] if s["kind"] == "appointment"]
    world["reseller"]["class_categories"] = []
    path = tmp_path / "no-groups.yaml"
    path.write_text(yaml.safe_dump(world), encoding="utf-8")
    with pytest.raises(WorldFileError, match=r"customer_bookings\.statuses: invited needs a class or event"):
        load_blueprint(path)


def test_a_file_that_is_not_there_or_too_large_is_named(tmp_path: Path) -> None:
    with pytest.raises(WorldFileError, match=r"nowhere\.yaml: cannot be read"):
        read_world(tmp_path / "nowhere.yaml")
    huge = tmp_path / "huge.yaml"
    huge.write_text("locale: en_US\n" + "# padding\n" * 120_000, encoding="utf-8")
    with pytest.raises(WorldFileError, match=r"huge\.yaml: larger than 1024 KiB"):
        read_world(huge)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", r"empty\.yaml: empty; it holds a YAML mapping \(booking-sandbox world prints one\)$"),
        ("# nothing but a comment\n", r"empty\.yaml: empty; it holds a YAML mapping"),
        ("- a\n- null\n", r"""empty\.yaml:1: \["a", null\] is not of type 'object'$"""),
        ("true\n", r"empty\.yaml:1: true is not of type 'object'$"),
    ],
)
def test_a_file_that_holds_no_mapping_says_so_in_its_own_words(tmp_path: Path, text: str, said: str) -> None:
    """Not in Python's (it said "None is not of type 'object'" of an empty file, "['a']" of a list)."""
    (tmp_path / "empty.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(WorldFileError, match=said):
        read_world(tmp_path / "empty.yaml")


def test_scenarios_of_ones_own_sit_beside_the_built_in_ones(tmp_path: Path) -> None:
    (tmp_path / "saturday-full.yaml").write_text(
        "description: Our Saturday class is full.\nsteps:\n  - {api: bardge-v3, action: fill_class, options: {days_ahead: 3}}\n",
        encoding="utf-8",
    )
    found = load_scenarios(scenarios_dir(), tmp_path)
    assert {"saturday-full", "class-at-capacity"} <= set(found)
    assert found["saturday-full"].steps[0].options == {"days_ahead": 3}


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        (
            "typo.yaml",
            "description: x\nsteps:\n  - {api: merchant, action: fill_dya}\n",
            r"typo\.yaml:3: steps\[0\]\.action: 'fill_dya' is not one of .* \(did you mean 'fill_day'\?\)",
        ),
        (
            "class-at-capacity.yaml",
            "description: mine\nsteps:\n  - {api: merchant, action: fill_day}\n",
            r"class-at-capacity\.yaml: scenario 'class-at-capacity' is already .*; rename the file",
        ),
        (
            "days.yaml",
            "description: x\nsteps:\n  - {api: merchant, action: fill_day, options: {days_ahead: soon}}\n",
            r"days\.yaml:3: steps\[0\]\.options\.days_ahead: 'soon' is not of type 'integer'",
        ),
    ],
)
def test_a_bad_scenario_file_is_one_line(tmp_path: Path, name: str, text: str, said: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(WorldFileError, match=said):
        load_scenarios(scenarios_dir(), tmp_path)


def test_world_command_prints_the_schema_and_a_users_world(tmp_path: Path, commands: Commands) -> None:
    schema = _cli(commands, "world", "--schema")
    assert json.loads(schema.stdout) == json.loads(world_schema_path().read_text(encoding="utf-8"))
    berlin = ROOT / "examples" / "worlds" / "berlin-studio.yaml"
    printed = json.loads(_cli(commands, "world", "--world", str(berlin), "--seed", "7").stdout)
    assert {location["timezone"] for location in printed["locations"]} == {"Europe/Berlin"}
    assert printed["seed"] == 7


def test_serve_refuses_a_broken_world_before_its_banner(tmp_path: Path, commands: Commands) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        DEFAULT.replace("providers: 2", "providers: -1").replace(
            "timezone: America/New_York", "timezone: 12"
        ),
        encoding="utf-8",
    )
    refused = _cli(commands, "serve", "--port", "1", "--world", str(path), check=False)
    assert refused.returncode == 3  # cannot start
    assert refused.stdout == ""  # no banner
    lines = refused.stderr.splitlines()
    assert lines == [
        f"booking-sandbox: {path}:12: providers: -1 is less than the minimum of 1",
        f"booking-sandbox: {path}:14: locations[0].timezone: 12 is not of type 'string'",
    ], lines


def _cli(commands: Commands, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    ran = commands.run(args, timeout=60)
    if check:
        ran.check_returncode()
    return ran


def test_what_a_file_names_is_used_and_the_seed_gives_the_rest_as_before(tmp_path: Path) -> None:
    world = yaml.safe_load(DEFAULT)
    world["locations"][1] |= {
        "provider": "Harbour Studio",
        "street": "1 Quay Lane",
        "staff": [
            {"name": "Ada Byron", "role": "host"},
            {"name": "Ben Okri", "hours": [{"weekdays": [3], "opens": "08:00", "closes": "10:30"}]},
            {"name": "Cy Twombly"},
        ],
        "opening_hours": [{"weekdays": [1, 3], "opens": "07:00", "closes": "11:00"}],
    }
    world["services"][0]["description"] = "Firm pressure."
    path = tmp_path / "named.yaml"
    path.write_text(yaml.safe_dump(world, allow_unicode=True), encoding="utf-8")
    named = json.loads(generate_world(load_blueprint(path), 42).to_json())
    before = json.loads(generate_world(load_blueprint(world_path()), 42).to_json())
    provider = named["providers"][1]
    assert (provider["name"], provider["slug"]) == ("Harbour Studio", "harbour-studio")
    assert named["locations"][1]["street"] == "1 Quay Lane"
    team = [member for member in named["staff"] if member["location_id"] == 2]
    assert [(m["name"], m["role"]) for m in team][:1] == [("Ada Byron", "host")]
    assert [m["name"] for m in team] == ["Ada Byron", "Ben Okri", "Cy Twombly"]
    hours = {(h["weekday"], h["opens"], h["closes"]) for h in named["opening_hours"] if h["location_id"] == 2}
    assert hours == {(1, "07:00", "11:00"), (3, "07:00", "11:00")}
    assert {named["services"][0]["description"]} == {"Firm pressure."}
    ben = next(m["id"] for m in team if m["name"] == "Ben Okri")
    shifts = {(s["weekday"], s["starts"], s["ends"]) for s in named["staff_shifts"] if s["staff_id"] == ben}
    assert shifts == {(3, "08:00", "10:30")}, "his own hours, not the location's"
    # Faker drew every named value all the same: what the file left out is the seed's, as before.
    assert named["providers"][0] == before["providers"][0]
    assert named["locations"][1]["city"] == before["locations"][1]["city"]
    assert named["customers"] == before["customers"]


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            lambda w: (
                w["locations"][0].update(provider="Same Spa") or w["locations"][1].update(provider="Same Spa")
            ),
            r"locations\[1\]\.provider: the same provider as locations\[0\]",
        ),
        (
            lambda w: w.update(providers=3) or w["locations"][0].update(provider="One Spa"),
            r"providers: 3 providers, but the locations that name theirs are 2",
        ),
        (
            lambda w: w["locations"][0].update(
                opening_hours=[{"weekdays": [2], "opens": "10:00", "closes": "12:00"}]
            ),
            r"locations\[0\]\.opening_hours: calendar\.staff_days_off leaves no working day of the 1 open ones",
        ),
        (
            lambda w: w["locations"][0].update(staff=[{"name": "Nobody", "role": "janitor"}]),
            r"locations\[0\]\.staff\[0\]\.role: 'janitor' is not one of",
        ),
        (
            lambda w: w["locations"][0].update(
                staff=[
                    {
                        "name": "Early Bird",
                        "hours": [{"weekdays": [0, 6], "opens": "10:00", "closes": "12:00"}],
                    }
                ]
            ),
            r"locations\[0\]\.staff\[0\]\.hours\[0\]: 10:00-12:00 on weekday 6 is not within the location's hours",
        ),
        (
            lambda w: w["locations"][0].update(
                staff=[
                    {"name": "Night Owl", "hours": [{"weekdays": [1], "opens": "17:00", "closes": "19:00"}]}
                ]
            ),
            r"locations\[0\]\.staff\[0\]\.hours\[0\]: 17:00-19:00 on weekday 1 is not within",
        ),
    ],
)
def test_a_named_location_is_checked_too(tmp_path: Path, change: Any, said: str) -> None:
    world = yaml.safe_load(DEFAULT)
    change(world)
    path = tmp_path / "named.yaml"
    path.write_text(yaml.safe_dump(world), encoding="utf-8")
    with pytest.raises(WorldFileError, match=said):
        load_blueprint(path)


def test_world_command_names_each_problem_of_a_broken_file(tmp_path: Path, commands: Commands) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(DEFAULT.replace("currency: USD", "currency: dollars"), encoding="utf-8")
    refused = _cli(commands, "world", "--world", str(path), check=False)
    assert refused.returncode == 5  # the file named is not usable
    assert refused.stdout == ""
    assert refused.stderr.splitlines() == [
        f"booking-sandbox: {path}:10: currency: 'dollars': expected ISO 4217 code of every price"
    ]


@pytest.mark.parametrize("locale", ["de_DE", "pt_PT", "ja_JP"])
def test_phone_numbers_are_fictional_whatever_the_locale_as_the_docs_say(tmp_path: Path, locale: str) -> None:
    """README and the example world say what phones are: +1 NXX 555-01xx, reserved for fiction."""
    berlin = (ROOT / "examples" / "worlds" / "berlin-studio.yaml").read_text(encoding="utf-8")
    path = tmp_path / "world.yaml"
    path.write_text(re.sub(r"(?m)^locale: .*$", f"locale: {locale}", berlin), encoding="utf-8")
    world = generate_world(load_blueprint(path), 7)
    phones = {customer.phone for customer in world.customers}
    assert phones
    assert all(re.fullmatch(r"\+1[2-9]\d{2}55501\d{2}", phone) for phone in phones), phones


def _laughs(levels: int, width: int) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("levels", "width"), [(9, 10), (40, 2), (3, 1100)], ids=["laughs", "deep", "many"])
def test_aliases_that_expand_past_the_bound_are_refused_in_one_line_at_once(
    tmp_path: Path, levels: int, width: int
) -> None:
    """(22 KB of aliases kept serve --world busy for 35 s; 288 KB ran past 90 s.)"""
    path = tmp_path / "laughs.yaml"
    path.write_text(_laughs(levels, width), encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(WorldFileError) as refused:
        read_world(path)
    assert time.monotonic() - started < 1
    (line,) = refused.value.problems
    assert line.startswith(f"{path}: its aliases expand it past what a world file may hold")


def test_an_alias_that_contains_itself_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("a: &a [1, *a]\n", encoding="utf-8")
    with pytest.raises(WorldFileError) as refused:
        read_world(path)
    assert refused.value.problems == (f"{path}: an alias contains itself; a world file is a tree",)


def test_a_few_aliases_in_a_world_are_still_fine(tmp_path: Path) -> None:
    """Anchors are YAML's own way to say a thing once: a world that shares its hours still reads."""
    path = tmp_path / "shared.yaml"
    path.write_text(DEFAULT + "\n_hours: &hours {opens: '09:00'}\n_again: *hours\n", encoding="utf-8")
    with pytest.raises(WorldFileError) as refused:  # unknown top-level fields, not the aliases
        read_world(path)
    assert not any("expand it past" in line for line in refused.value.problems)


def test_a_field_given_twice_is_named_with_both_lines(tmp_path: Path) -> None:
    """YAML keeps the last of two ``currency:`` lines without a word: the file read as if the
    first, an edit pasted below it, were all that was meant."""
    berlin = (ROOT / "examples" / "worlds" / "berlin-studio.yaml").read_text(encoding="utf-8")
    assert berlin.count("\ncurrency: EUR\n") == 1
    path = tmp_path / "studio.yaml"
    path.write_text(berlin.replace("\ncurrency: EUR\n", "\ncurrency: EUR\ncurrency: USD\n"), encoding="utf-8")
    with pytest.raises(WorldFileError) as refused:
        read_world(path)
    line = berlin[: berlin.index("\ncurrency: EUR\n")].count("\n") + 2
    assert refused.value.problems == (
        f"{path}:{line + 1}: 'currency' given twice in one mapping (first on line {line}): keep one",
    )
