"""Load from wrk, bounded in time, and what its output says (requests, latency percentiles, errors)."""

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

WRK = shutil.which("wrk") or "wrk"
WRK_LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


@dataclass
class Load:
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int

    @property
    def errors(self):
        return self.non_2xx + self.socket_errors


def wrk(base, paths, *, seconds=10, connections=4):
    """Load `base` with GETs of `paths` in turn for `seconds` (wrk, one thread); a Load."""
    if not paths or not all(p.startswith("/") for p in paths):
        raise ValueError("paths must start with /")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_LUA % ", ".join(json.dumps(p) for p in paths))
    try:
        command = [WRK, "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
        done = subprocess.run(  # noqa: S603 (wrk on 127.0.0.1)
            [*command, "-s", script.name, base],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        )
    finally:
        os.unlink(script.name)
    return parse_wrk(done.stdout)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(output):
    def found(pattern, default="0"):
        match = re.search(pattern, output)
        return match.group(1) if match else default

    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return Load(
        requests=int(found(r"(\d+) requests in")),
        rps=float(found(r"Requests/sec:\s+([\d.]+)")),
        p50_ms=_ms(found(r"50%\s+([\d.]+\w+)", "0ms")),
        p99_ms=_ms(found(r"99%\s+([\d.]+\w+)", "0ms")),
        non_2xx=int(found(r"Non-2xx or 3xx responses: (\d+)")),
        socket_errors=sum(int(n) for n in socket.groups()) if socket else 0,
    )
