"""Closed-loop load with wrk: N connections, each sending its next request as soon as the last
one is answered, for a fixed time. bench/load.lua cycles through the given requests and counts
statuses and the server's X-Bench-Queries header."""

import json
import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

LUA = Path(__file__).with_name("load.lua")
_STARTED = time.monotonic()


def rev_base() -> int:
    """A number that grows by 100,000 a second: a run's saves ({rev}, base + 64 × its count) stay
    above every earlier run's at up to 1,500 saves a second, and below 2**31 for six hours."""
    return int((time.monotonic() - _STARTED) * 100_000) + 1


@dataclass
class Req:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""

    def line(self) -> str:
        headers = "|".join(f"{k}: {v}" for k, v in self.headers.items())
        for part in (self.path, headers, self.body):
            if "\t" in part or "\n" in part:
                raise ValueError("request fields may not hold tabs or newlines")
        return f"{self.method}\t{self.path}\t{headers}\t{self.body}"


def run(
    base_url: str,
    requests: list[Req],
    *,
    connections: int,
    seconds: int,
    work_dir: Path,
    name: str,
    timeout_s: int = 20,
) -> dict:
    """Run wrk and summarise: requests/s, latency percentiles (ms), errors, queries/request."""
    work_dir.mkdir(parents=True, exist_ok=True)
    listing = work_dir / f"{name}.tsv"
    listing.write_text("\n".join(r.line() for r in requests) + "\n")
    command = [
        "wrk",
        "-t",
        "1",
        "-c",
        str(connections),
        "-d",
        f"{seconds}s",
        "--timeout",
        f"{timeout_s}s",
        "-s",
        str(LUA),
        base_url,
    ]
    env = {**os.environ, "BENCH_REQUESTS": str(listing), "BENCH_REV_BASE": str(rev_base())}
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=seconds + timeout_s + 30
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH-JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result: {done.stdout[-500:]} {done.stderr[-500:]}")
    raw = json.loads(line.removeprefix("BENCH-JSON "))
    return summarise(raw, connections=connections)


def summarise(raw: dict, *, connections: int) -> dict:
    seconds = raw["duration_us"] / 1e6
    statuses = {int(k): v for k, v in raw["statuses"].items()}
    errors = {str(k): v for k, v in statuses.items() if k >= 400}
    for kind in ("connect", "read", "write", "timeout"):
        if raw["errors"][kind]:
            errors[kind] = raw["errors"][kind]
    latency = raw["latency_us"]
    answered = raw["requests"]
    counted = raw["counted"] or 0
    return {
        "connections": connections,
        "requests": answered,
        "seconds": round(seconds, 2),
        "rps": round(answered / seconds, 1) if seconds else 0.0,
        "p50_ms": round(latency["p50"] / 1000, 1),
        "p95_ms": round(latency["p95"] / 1000, 1),
        "p99_ms": round(latency["p99"] / 1000, 1),
        "max_ms": round(latency["max"] / 1000, 1),
        "errors": errors,
        "error_count": sum(errors.values()),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "queries_per_request": round(raw["queries"] / counted, 2) if counted else None,
        "sql_ms_per_request": round(raw["sql_us"] / counted / 1000, 2) if counted else None,
        "bytes_per_request": round(raw["bytes"] / answered) if answered else 0,
        "saves_not_applied": raw.get("stale", 0),
    }
