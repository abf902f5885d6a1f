"""The benchmark's report: report.json (everything), report.md (tables), latency.png and
growth.png (curves)."""

import json
from collections import defaultdict
from pathlib import Path


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile of ``values`` (``share`` from 0 to 100)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share / 100 * len(ordered) + 0.5)))
    return round(ordered[rank - 1], 1)


def _is_error(status: int) -> bool:
    # No answer at all (0), a server error, or a refusal a working site never gives these users.
    return status == 0 or status >= 500 or status in (400, 401, 403, 404, 429)


def summarise_journey(result: dict) -> dict:
    """Per kind of request: how many, how fast, which statuses, how many queries."""
    by_name: dict[str, list[list]] = defaultdict(list)
    for record in result["records"]:
        by_name[record[0]].append(record)
    steps = {}
    for name, records in by_name.items():
        latencies = [r[2] for r in records]
        statuses: dict[str, int] = defaultdict(int)
        for r in records:
            statuses[str(r[3])] += 1
        span = max(r[1] + r[2] / 1000 for r in records) - min(r[1] for r in records)
        queries = [r[4] for r in records if r[4] >= 0]
        steps[name] = {
            "requests": len(records),
            "rps": round(len(records) / span, 1) if span > 0 and len(records) > 1 else None,
            "p50_ms": percentile(latencies, 50),
            "p95_ms": percentile(latencies, 95),
            "p99_ms": percentile(latencies, 99),
            "max_ms": round(max(latencies), 1),
            "statuses": dict(sorted(statuses.items())),
            "error_count": sum(1 for r in records if _is_error(r[3])),
            "queries_per_request": round(sum(queries) / len(queries), 2) if queries else None,
            "sql_ms_per_request": round(sum(r[5] for r in records) / len(records) / 1000, 2),
        }
    summary = {"users": result["users"], "finished_in_time": result["finished_in_time"]}
    starts = by_name.get("start")
    if starts:
        first = min(r[1] for r in starts)
        summary["all_started_within_s"] = round(max(r[1] + r[2] / 1000 for r in starts) - first, 2)
        summary["started"] = sum(1 for r in starts if r[3] == 201)
        summary["arrivals"] = arrivals(sorted(r[1] for r in starts))
    summary["steps"] = steps
    return summary


def arrivals(sent: list[float]) -> dict:
    """How the starts arrived: over how long they were sent, and the most sent within any
    100 ms (the whole class at the same instant, or spread)."""
    most, first = 0, 0
    for last, at in enumerate(sent):
        while at - sent[first] >= 0.1:
            first += 1
        most = max(most, last - first + 1)
    return {"sent_over_s": round(sent[-1] - sent[0], 2), "most_sent_within_100ms": most}


def errors_between(result: dict, start: float, stop: float) -> dict:
    """Error statuses of the requests answered between ``start`` and ``stop`` (seconds): on a
    busy server a request sent before a restart may wait through it."""
    found: dict[str, int] = defaultdict(int)
    for name, at, latency, status, *_ in result["records"]:
        if start <= at + latency / 1000 <= stop and _is_error(status):
            found[f"{name} {status or 'no answer'}"] += 1
    return dict(sorted(found.items()))


def _fmt(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _errors(step: dict) -> str:
    errors = step.get("errors")
    if errors is None:
        errors = {k: v for k, v in step.get("statuses", {}).items() if _is_error(int(k))}
    return ", ".join(f"{v} × {k}" for k, v in errors.items()) or "0"


def markdown(report: dict) -> str:
    meta = report["meta"]
    bank = meta.get("bank", {})
    lines = [
        f"# Benchmark report ({meta['mode']} run, {meta['date']})",
        "",
        f"{meta['machine']}; Python {meta['python']}; "
        + ", ".join(f"{k} {v}" for k, v in meta["versions"].items())
        + f"; {meta['wrk']}. Served by {meta['gunicorn']}, cache: {meta.get('cache', '?')}. "
        f"Bank: {bank.get('questions', 0):,} questions, {bank.get('answers', 0):,} approved "
        f"answers, {bank.get('pending', 0):,} pending contributions, {bank.get('users', 0):,} "
        f"users, {bank.get('attempts', 0):,} attempts with {bank.get('responses', 0):,} "
        f"responses. Whole run: {meta.get('total_seconds', 0):.0f} s.",
        "",
        "## Throughput against the floor",
        "",
        "Closed loop with wrk: each connection sends its next request when the last is "
        "answered. The floor is a minimal Django view in the same server returning the same "
        "bytes from memory; the ratio compares the best requests/s of each.",
        "",
        "| scenario | req/s | floor req/s | ratio | p50 ms | p95 ms | p99 ms | errors | "
        "queries/req | SQL ms/req | KB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for name, s in report["scenarios"].items():
        best = next(x for x in s["steps"] if x["connections"] == s["best_at_connections"])
        lines.append(
            f"| {name} (c={best['connections']}) | {_fmt(s['best_rps'])} | "
            f"{_fmt(s['floor_best_rps'])} | {s['ratio_to_floor']:.3f} | {_fmt(best['p50_ms'])} | "
            f"{_fmt(best['p95_ms'])} | {_fmt(best['p99_ms'])} | {_errors(best)} | "
            f"{_fmt(best['queries_per_request'])} | {_fmt(best['sql_ms_per_request'])} | "
            f"{s['bytes'] / 1024:.1f} |"
        )
    lines += ["", "### Latency against concurrency", ""]
    lines += [
        "| scenario | connections | req/s | p50 ms | p95 ms | p99 ms | floor req/s | "
        "floor p95 ms | ratio | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, s in report["scenarios"].items():
        for skipped in s.get("skipped_levels", []):
            lines.append(
                f"| {name} | {skipped['connections']} | not run: {skipped['reason']} "
                "| | | | | | | |"
            )
        for step in s["steps"]:
            lines.append(
                f"| {name} | {step['connections']} | {_fmt(step['rps'])} | "
                f"{_fmt(step['p50_ms'])} | {_fmt(step['p95_ms'])} | {_fmt(step['p99_ms'])} | "
                f"{_fmt(step['floor_rps'])} | {_fmt(step['floor_p95_ms'])} | "
                f"{step['ratio_to_floor']:.3f} | {_errors(step)} |"
            )
    lines += ["", "![latency against concurrency](latency.png)", ""]
    lines += _journey_tables(report)
    lines += _growth_table(report)
    lines += _profile_table(report)
    scenario_titles = [f"- `{name}`: {s['title']}" for name, s in report["scenarios"].items()]
    lines += ["## What each scenario does", "", *scenario_titles, ""]
    return "\n".join(lines) + "\n"


def _journey_rows(name: str, journey: dict) -> list[str]:
    rows = []
    for step, s in journey.get("steps", {}).items():
        rows.append(
            f"| {name}: {step} | {s['requests']:,} | {_fmt(s['rps'])} | {_fmt(s['p50_ms'])} | "
            f"{_fmt(s['p95_ms'])} | {_fmt(s['p99_ms'])} | {_fmt(s['max_ms'])} | "
            f"{_errors(s)} | {', '.join(f'{v} × {k}' for k, v in s['statuses'].items())} | "
            f"{_fmt(s['queries_per_request'])} |"
        )
    return rows


def _journey_tables(report: dict) -> list[str]:
    lines = [
        "## Journeys",
        "",
        "Users following the site's own flow with locust; requests/s here is set by the "
        "users' pace, not by the server's capacity (see `exam_start` and `autosave` above for "
        "that).",
        "",
        "| journey: request | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | "
        "statuses | queries/req |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: |",
    ]
    journeys = report["journeys"]
    for name, journey in journeys.items():
        lines += _journey_rows(name, journey)
    fault = report.get("fault", {})
    lines += _journey_rows("fault", fault)
    lines.append("")
    for name, journey in journeys.items():
        lines.append(f"- **{name}**: {journey.get('title', '')}")
        if journey.get("status"):
            lines.append(f"  - {journey['status']}: {journey.get('detail', '')}")
        if "all_started_within_s" in journey:
            lines.append(
                f"  - {journey['started']} of {journey['users']} attempts started, the last "
                f"{journey['all_started_within_s']} s after the first request; sent over "
                f"{journey['arrivals']['sent_over_s']} s, at most "
                f"{journey['arrivals']['most_sent_within_100ms']} within 100 ms"
            )
        if "saves" in journey:
            lines.append("  - " + _saves(journey["saves"]))
        if "marking" in journey:
            marking = journey["marking"]
            lines.append(
                f"  - the task worker (niced, beside the site) marked {marking['marked']} of "
                f"{marking['closed']} submitted attempts, the last {marking['waited_s']} s after "
                "the journey ended"
            )
        if "issued" in journey:
            lines.append(
                f"  - {journey['issued']} of {journey['users']} tokens issued, the last "
                f"{_fmt(journey['all_issued_within_s'])} s after the first request; "
                f"{journey['refused_429']} answers were 429 (retried)"
            )
    if fault:
        lines.append(f"- **fault**: {fault.get('title', fault.get('detail', ''))}")
        if "saves" in fault:
            lines.append(
                f"  - restart began {fault['restart_at_s']} s into the run and took "
                f"{fault['restart_seconds']} s; errors from then to 30 s after: "
                + (
                    ", ".join(f"{v} × {k}" for k, v in fault["errors_after_restart"].items())
                    or "none"
                )
            )
            lines.append("  - " + _saves(fault["saves"]))
        elif fault.get("status"):
            lines.append(f"  - {fault['status']}: {fault.get('detail', '')}")
    lines.append("")
    return lines


def _saves(saves: dict) -> str:
    return (
        f"{saves['acknowledged_saves']:,} saves acknowledged (200, applied) over "
        f"{saves['responses_checked']:,} responses; lost: **{saves['lost']}**; stored without "
        f"an acknowledgement reaching the student: {saves['stored_without_acknowledgement']}"
    )


def _growth_table(report: dict) -> list[str]:
    growth = report["growth"]
    if not growth:
        return []
    sizes = [step["questions"] for step in next(iter(growth.values()))]
    head = " | ".join(f"{size:,} q: req/s, p50 ms, queries" for size in sizes)
    lines = [
        "## Growth",
        "",
        "The same endpoints as the bank grows, each at "
        f"{next(iter(growth.values()))[0]['connections']} connections, the best of "
        f"{len(next(iter(growth.values()))[0].get('rps_of_each_run', [0]))} run(s) at each size "
        "(report.json has every run). The last column is requests/s at the smallest bank "
        "divided by requests/s at the largest (1.0 = flat).",
        "",
        f"| endpoint | {head} | slowdown |",
        "| --- | " + " | ".join("---:" for _ in sizes) + " | ---: |",
    ]
    for name, steps in growth.items():
        cells = [
            f"{_fmt(s['rps'])}, {_fmt(s['p50_ms'])}, {_fmt(s['queries_per_request'])}"
            for s in steps
        ]
        slowdown = steps[0]["rps"] / steps[-1]["rps"] if steps[-1]["rps"] else None
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {_fmt(slowdown, 2)}× |")
    lines += ["", "![growth](growth.png)", ""]
    return lines


def _profile_table(report: dict) -> list[str]:
    profiles = report.get("profiles")
    if not profiles:
        return []
    lines = [
        "## Where one request spends its time",
        "",
        "pyinstrument over the Django handler (no network), after warming up; shares of the "
        "request's time by library. Call trees: `profiles/NAME.txt`.",
        "",
        "| request | ms | SQL queries | SQL ms | top areas |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for name, p in profiles.items():
        areas = ", ".join(f"{area} {share:.0f}%" for area, share in list(p["areas"].items())[:4])
        lines.append(
            f"| {name} | {_fmt(p['ms_per_request'])} | {_fmt(p['sql_queries'])} | "
            f"{_fmt(p['sql_ms'])} | {areas} |"
        )
    lines.append("")
    return lines


def plots(report: dict, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scenarios = report["scenarios"]
    if scenarios:
        fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5.5))
        for name, s in scenarios.items():
            x = [step["connections"] for step in s["steps"]]
            (line,) = left.plot(x, [step["p95_ms"] for step in s["steps"]], marker="o", label=name)
            right.plot(x, [step["rps"] for step in s["steps"]], marker="o", color=line.get_color())
        floors: dict[int, list[dict]] = defaultdict(list)
        for s in scenarios.values():
            for step in s["steps"]:
                floors[step["connections"]].append(step)
        floor_x = sorted(floors)
        left.plot(
            floor_x,
            [max(step["floor_p95_ms"] for step in floors[x]) for x in floor_x],
            "k--",
            label="floor (worst of the floors)",
        )
        right.plot(floor_x, [min(step["floor_rps"] for step in floors[x]) for x in floor_x], "k--")
        for axis, label in ((left, "p95 latency (ms)"), (right, "requests/s")):
            axis.set_xscale("log", base=2)
            axis.set_yscale("log")
            axis.set_xlabel("concurrent connections")
            axis.set_ylabel(label)
            axis.grid(True, which="both", alpha=0.3)
        left.legend(fontsize=8)
        left.set_title("Latency against concurrency")
        right.set_title("Throughput against concurrency")
        fig.tight_layout()
        fig.savefig(out / "latency.png", dpi=110)
        plt.close(fig)
    growth = report["growth"]
    if growth:
        fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5.5))
        for name, steps in growth.items():
            x = [s["questions"] for s in steps]
            (line,) = left.plot(x, [s["p50_ms"] for s in steps], marker="o", label=name)
            right.plot(x, [s["rps"] for s in steps], marker="o", color=line.get_color())
        for axis, label in ((left, "p50 latency (ms)"), (right, "requests/s")):
            axis.set_xscale("log")
            axis.set_yscale("log")
            axis.set_xlabel("questions in the bank")
            axis.set_ylabel(label)
            axis.grid(True, which="both", alpha=0.3)
        left.legend(fontsize=8)
        left.set_title("Latency as the bank grows")
        right.set_title("Throughput as the bank grows")
        fig.tight_layout()
        fig.savefig(out / "growth.png", dpi=110)
        plt.close(fig)


def write(report: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, indent=1) + "\n")
    (out / "report.md").write_text(markdown(report))
    plots(report, out)
