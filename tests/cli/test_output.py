"""A file a command writes at its end (``cli/output.py``): refused as the command line is read
where it could never be written, its missing folders made where it can."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mockserver.cli import main, output
from mockserver.cli.output import output_file, write_out
from mockserver.integration.local_server import free_port
from tests.commands import Commands


def test_a_file_in_a_folder_not_yet_made_is_taken_and_written_with_its_folders(tmp_path: Path) -> None:
    target = str(tmp_path / "reports" / "today" / "kit.xml")
    assert output_file(target) == target
    assert write_out(target, b"<testsuites/>") == Path(target).resolve()
    assert Path(target).read_bytes() == b"<testsuites/>"


def test_a_file_under_a_file_is_not_written_and_the_error_names_it(tmp_path: Path) -> None:
    """(What ``state export`` reports, one line, where no option's type asked first.)"""
    (tmp_path / "plain.txt").write_text("a file")
    for target in (tmp_path / "plain.txt" / "s.json", tmp_path / "plain.txt" / "deeper" / "s.json"):
        with pytest.raises(NotADirectoryError) as refused:
            write_out(target, b"{}")
        assert (refused.value.filename, refused.value.strerror) == (str(target), "Not a directory")


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("", "{tmp} is a folder: name a file in it"),
        ("plain.txt/kit.xml", "{tmp}/plain.txt/kit.xml: {tmp}/plain.txt is a file, not a folder"),
        (
            "plain.txt/deeper/kit.xml",
            "{tmp}/plain.txt/deeper/kit.xml: {tmp}/plain.txt is a file, not a folder",
        ),
    ],
    ids=["a folder", "a file as its folder", "a file further up"],
)
def test_a_path_no_file_can_be_written_at_is_refused_saying_why(tmp_path: Path, name: str, said: str) -> None:
    (tmp_path / "plain.txt").write_text("a file")
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        output_file(str(tmp_path / name) if name else str(tmp_path))
    assert str(refused.value) == said.format(tmp=tmp_path)


def test_a_folder_this_user_may_not_write_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The suite may run as root, whom no mode refuses: the permission is asked as the module asks it.
    monkeypatch.setattr(output.os, "access", lambda path, mode: Path(path) != tmp_path)
    with pytest.raises(argparse.ArgumentTypeError, match=f"this user may not write {tmp_path}$"):
        output_file(str(tmp_path / "kit.har"))


@pytest.mark.parametrize(
    "command",
    [
        ["contract", "--api", "merchant", "--base-url", "http://127.0.0.1:9", "--har", "{bad}"],
        ["contract", "--api", "merchant", "--base-url", "http://127.0.0.1:9", "--junit", "{bad}"],
        ["check-har", "{har}", "--json", "{bad}"],
        # An address no machine has: where the file were not refused, the proxy could not start
        # either, rather than serve until stopped.
        [
            "proxy",
            "--api",
            "merchant",
            "--upstream",
            "http://127.0.0.1:9",
            "--host",
            "999.1.1.1",
            "--report",
            "{bad}",
        ],
        ["coverage", "--url", "http://127.0.0.1:9", "--key", "sk_rsv_output_test_01", "-o", "{bad}"],
        ["journal", "har", "--url", "http://127.0.0.1:9", "--key", "sk_rsv_output_test_01", "-o", "{bad}"],
    ],
    ids=[
        "contract --har",
        "contract --junit",
        "check-har --json",
        "proxy --report",
        "coverage -o",
        "journal -o",
    ],
)
def test_every_command_refuses_its_unwritable_file_before_it_runs(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(contract wrote its reports after the run: a traceback and exit 1, the code of a finding.)"""
    (tmp_path / "plain.txt").write_text("a file")
    bad, har = str(tmp_path / "plain.txt" / "out"), str(tmp_path / "run.har")
    with pytest.raises(SystemExit) as usage:
        main([part.format(bad=bad, har=har) for part in command])
    assert usage.value.code == 4
    assert f"{bad}: {tmp_path / 'plain.txt'} is a file, not a folder" in capsys.readouterr().err


def test_the_kits_har_and_junit_are_written_in_folders_not_yet_made(
    tmp_path: Path, commands: Commands
) -> None:
    """(--har in a new folder passed the command line's check, then ended the run with a
    traceback and exit 1; --junit made its folders.) A refused start writes both."""
    reports = tmp_path / "reports" / "today"
    har, junit = reports / "har" / "kit.har", reports / "junit" / "kit.xml"
    argv = ["contract", "--api", "merchant", "--base-url", f"http://127.0.0.1:{free_port()}"]
    done = commands.run([*argv, "--har", str(har), "--junit", str(junit)], cwd=tmp_path)
    assert done.returncode == 5, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert json.loads(har.read_text(encoding="utf-8"))["log"]["entries"], "the refused start's exchange"
    assert "preflight" in junit.read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["ascii", "cp1252", "latin-1"])
def test_a_report_with_text_its_output_cannot_encode_is_written_with_escapes(
    encoding: str, tmp_path: Path
) -> None:
    """A report redirected to a file on Windows (cp1252), or on a host whose locale is Latin-1:
    a recorded path's "→" was a traceback and exit 1, the code of a finding."""
    entry = {
        "startedDateTime": "2027-01-06T15:00:00Z",
        "request": {"method": "GET", "url": "https://vendor.example/v1/services/café→日", "headers": []},
        "response": {"status": 304, "headers": [], "content": {"size": 0, "mimeType": "application/json"}},
    }
    recording = tmp_path / "run.har"
    recording.write_text(json.dumps({"log": {"entries": [entry]}}), encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    env.pop("PYTHONUTF8", None)
    ran = subprocess.run(
        [sys.executable, "-m", "mockserver.cli", "check-har", "--api", "reservekit-v1", str(recording)],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert ran.returncode == 1, ran.stderr.decode(errors="replace")
    assert b"Traceback" not in ran.stderr
    said = "caf\xe9" if encoding != "ascii" else "caf\\xe9"
    first = ran.stdout.decode(encoding).splitlines()[0]
    assert first.startswith(f"FINDING SPEC-STATUS #1 GET /v1/services/{said}\\u2192\\u65e5 -> 304: "), first
