"""The loads: wrk (Debian package ``wrk``) at full speed, one at a time, or paced.

Every request a load sends is written out, one a line, to a file the run's Lua script reads,
so a POST run can send a different body each time (each a real insert), and a mixed run can
go round the four APIs. wrk counts non-2xx answers; a run of the sandbox that has any is
reported as failed, never counted as throughput. A script wrk could not run fails the load:
wrk only says so on stderr, then sends its own ``GET /`` instead.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# The requests are read from a file, not written into the script as a table: LuaJIT refuses a
# chunk of more than 65,536 constants (about 30,000 bodies), and wrk then runs without it.
SCRIPT = """
local requests = {}
for line in io.lines(%(data)s) do
  local method, path, token, body = line:match("^([^\\t]*)\\t([^\\t]*)\\t([^\\t]*)\\t(.*)$")
  local headers = {["Authorization"] = "Bearer " .. token}
  if body == "" then
    body = nil
  else
    headers["Content-Type"] = "application/json"
  end
  table.insert(requests, {method, path, headers, body})
end
local counter = 1
local threads = {}
function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end
function init(args)
  -- each wrk thread starts at its own place and strides by the thread count, so no
  -- two threads send the same body
  counter = offset + 1
end
function request()
  local r = requests[((counter - 1) %% #requests) + 1]
  counter = counter + %(stride)d
  return wrk.format(r[1], r[2], r[3], r[4])
end
%(pacing)s
"""


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    token: str
    body: object = None


@dataclass(frozen=True)
class Result:
    rate: float
    """Requests per second (all answered 2xx, or ``failed`` says how many did not)."""
    mean_ms: float
    p50_ms: float
    p99_ms: float
    requests: int
    failed: int
    answer_bytes: float = 0.0
    """Mean bytes an answer took on the wire, head included (wrk's transfer over its requests)."""


def require_wrk() -> None:
    """Ends the benchmark with how to get wrk, where it is missing."""
    if shutil.which("wrk") is None:
        sys.exit("wrk makes the loads: apt install wrk")


def _lua(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid Lua string literal for these ASCII texts


def _script(calls: list[Call], threads: int, pace_ms: float | None) -> tuple[Path, Path]:
    """The run's Lua script and the file of its requests (method, path, token and JSON body,
    tab-separated; JSON text holds no tab or newline of its own)."""
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as data:
        for call in calls:
            body = "" if call.body is None else json.dumps(call.body, separators=(",", ":"))
            fields = (call.method, call.path, call.token, body)
            assert not any("\t" in field or "\n" in field for field in fields), fields
            data.write("\t".join(fields) + "\n")
    pacing = "" if pace_ms is None else f"function delay() return {pace_ms:.3f} end"
    text = SCRIPT % {"data": _lua(data.name), "stride": threads, "pacing": pacing}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(text)
    return Path(handle.name), Path(data.name)


def wrk(
    port: int,
    calls: list[Call],
    seconds: int,
    *,
    threads: int = 2,
    connections: int = 32,
    pace_ms: float | None = None,
) -> Result:
    script, data = _script(calls, threads, pace_ms)
    try:
        command = [
            *(
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{int(seconds)}s",
                "--latency",
                "--timeout",
                "10s",
            ),
            *("-s", str(script), f"http://127.0.0.1:{port}"),
        ]
        run = subprocess.run(command, capture_output=True, text=True, check=True)
    finally:
        script.unlink()
        data.unlink()
    if run.stderr.strip():
        raise RuntimeError(f"wrk could not run the load's script:\n{run.stderr[:2000]}")
    return _parse(run.stdout)


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    assert match, text
    value, unit = float(match[1]), match[2]
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def _parse(output: str) -> Result:
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    mean = re.search(r"Latency\s+(\S+)", output)
    p50 = re.search(r"\s50%\s+(\S+)", output)
    p99 = re.search(r"\s99%\s+(\S+)", output)
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    moved = re.search(r"Transfer/sec:\s+([\d.]+)(B|KB|MB|GB)", output)
    errors = re.search(r"Socket errors: .*", output)
    if not (rate and total and mean and p50 and p99):
        raise RuntimeError(f"could not read wrk's report:\n{output}")
    bad = int(failed[1]) if failed else 0
    if errors:
        bad += sum(int(n) for n in re.findall(r"\d+", errors[0]))
    per_second = (
        float(moved[1]) * {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[moved[2]] if moved else 0.0
    )
    answer = per_second / float(rate[1]) if float(rate[1]) else 0.0
    return Result(float(rate[1]), _ms(mean[1]), _ms(p50[1]), _ms(p99[1]), int(total[1]), bad, answer)
