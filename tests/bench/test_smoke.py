"""The benchmark harness keeps working: its smoke run (tiny data, a second per measurement)
produces a report with numbers for every scenario and loses no acknowledged save.

It needs PostgreSQL (the harness creates its own database next to DATABASE_URL's, named
test_<name>_bench), wrk and the packages of requirements-bench.txt; the fault scenario also
needs root for its throwaway PostgreSQL cluster.
"""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from bench.run import GROWTH, SMOKE, THROUGHPUT

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def smoke_report(tmp_path_factory):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs PostgreSQL: set DATABASE_URL to a postgres:// URL")
    psycopg = pytest.importorskip("psycopg")
    parts = urlsplit(url)
    try:
        psycopg.connect(urlunsplit(parts._replace(path="/postgres")), connect_timeout=3).close()
    except psycopg.OperationalError as error:
        pytest.skip(f"needs PostgreSQL: {error}")
    if not shutil.which("wrk"):
        pytest.skip("needs wrk (apt-get install wrk)")
    for module in ("locust", "matplotlib", "pyinstrument"):
        # Looked up, not imported: importing locust patches this process's sockets (gevent).
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"needs {module}: pip install -r requirements-bench.txt")
    name = parts.path.lstrip("/")
    bench_url = urlunsplit(parts._replace(path=f"/test_{name}_bench"))
    out = tmp_path_factory.mktemp("bench") / "report"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    command = [sys.executable, "-m", "bench", "--smoke", "--out", str(out)]
    log = out.parent / "smoke.log"
    with open(log, "w") as output:
        run = subprocess.Popen(
            [*command, "--database-url", bench_url],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            # About a minute on a quiet machine; far longer when other work shares the cores.
            run.wait(timeout=900)
        except subprocess.TimeoutExpired:
            run.terminate()  # the harness stops its servers and drops its cluster on SIGTERM
            run.wait(timeout=60)
    assert run.returncode == 0, log.read_text()[-5000:]
    return out, json.loads((out / "report.json").read_text())


def test_every_scenario_has_throughput_latency_queries_and_a_ratio_to_its_floor(smoke_report):
    _, report = smoke_report
    assert set(THROUGHPUT) <= set(report["scenarios"])
    for name, scenario in report["scenarios"].items():
        assert scenario["best_rps"] > 0, name
        assert scenario["floor_best_rps"] > 0, name
        assert 0 < scenario["ratio_to_floor"], name
        for step in scenario["steps"]:
            assert step["p50_ms"] <= step["p95_ms"] <= step["p99_ms"], name
            assert step["queries_per_request"] is not None, name
            assert step["error_count"] == 0, (name, step["errors"])


def test_growth_has_a_curve_for_every_endpoint(smoke_report):
    _, report = smoke_report
    assert set(report["growth"]) == set(GROWTH)
    for name, steps in report["growth"].items():
        sizes = [step["questions"] for step in steps]
        assert len(sizes) >= 2 and sizes == sorted(sizes), name
        assert all(step["rps"] > 0 for step in steps), name
        for step in steps:  # each size's figure is the best of its runs
            assert len(step["rps_of_each_run"]) == SMOKE["growth_repeats"], name
            assert step["rps"] == max(step["rps_of_each_run"]), name


def test_growth_endpoints_take_turns(smoke_report):
    """At each size every endpoint runs once before any runs again, so a slow spell of the
    machine cannot take all the runs of one endpoint."""
    _, report = smoke_report
    first, last = GROWTH[0], GROWTH[-1]
    for first_step, last_step in zip(report["growth"][first], report["growth"][last], strict=True):
        assert first_step["questions"] == last_step["questions"]
        runs_of_first, runs_of_last = first_step["began_each_run"], last_step["began_each_run"]
        for round_ in range(1, SMOKE["growth_repeats"]):
            assert runs_of_last[round_ - 1] < runs_of_first[round_], first_step["questions"]


def test_the_class_exam_loses_no_acknowledged_save(smoke_report):
    _, report = smoke_report
    exam = report["journeys"]["exam_class"]
    assert exam["started"] == exam["users"]
    # The class arrives spread over the spawn window, not all at one instant.
    assert exam["arrivals"]["sent_over_s"] >= SMOKE["spawn_seconds"] / 2
    assert exam["arrivals"]["most_sent_within_100ms"] <= exam["users"] // 2
    assert {"start", "save", "submit"} <= set(exam["steps"])
    assert all(step["error_count"] == 0 for step in exam["steps"].values())
    assert exam["saves"]["acknowledged_saves"] > 0
    assert exam["saves"]["lost"] == 0
    # Submits are marked by the task worker, after the request.
    assert exam["marking"]["marked"] == exam["marking"]["closed"] == exam["users"]


def test_autosaves_are_served_by_their_own_pool_and_nothing_else_is(smoke_report):
    """As the proxy routes them (Caddyfile): the saves to web-autosave, the rest to web."""
    _, report = smoke_report
    work = ROOT / "bench" / ".runs" / "smoke" / "work"
    autosave_log = (work / "autosave-access.log").read_text().splitlines()
    web_log = (work / "site-access.log").read_text().splitlines()
    saves = [line for line in autosave_log if '"PUT /api/v1/attempts/' in line]
    assert len(saves) >= report["journeys"]["exam_class"]["steps"]["save"]["requests"] > 0
    # Besides saves: its health check, and the floor the autosave scenario is measured against.
    others = [line for line in autosave_log if line not in saves]
    assert all('"GET /healthz/' in line or " /bench/floor/" in line for line in others)
    assert not [line for line in web_log if '"PUT /api/v1/attempts/' in line]
    assert any('"POST /api/v1/exams/' in line for line in web_log)  # the starts


def test_moderators_and_practising_students_are_reported(smoke_report):
    _, report = smoke_report
    moderation = report["journeys"]["moderation"]
    assert moderation["steps"]["queue"]["requests"] > 0
    assert moderation["steps"]["queue"]["error_count"] == 0
    practice = report["journeys"]["practice"]["steps"]
    assert practice["due"]["requests"] > 0 and practice["rate"]["requests"] > 0
    assert practice["due"]["error_count"] == practice["rate"]["error_count"] == 0
    assert practice["rate"]["statuses"] == {"201": practice["rate"]["requests"]}


def test_a_class_behind_one_address_gets_all_its_tokens(smoke_report):
    out, report = smoke_report
    sign_in = report["journeys"]["sign_in"]
    assert sign_in["issued"] == sign_in["users"] > 0
    assert sign_in["all_issued_within_s"] < 60
    assert (
        f"{sign_in['issued']} of {sign_in['users']} tokens issued"
        in (out / "report.md").read_text()
    )


def test_a_database_restart_mid_exam_loses_no_acknowledged_save(smoke_report):
    _, report = smoke_report
    fault = report["fault"]
    assert "saves" in fault, fault.get("detail")
    assert fault["restart_seconds"] > 0
    assert fault["saves"]["acknowledged_saves"] > 0
    assert fault["saves"]["lost"] == 0


def test_the_report_has_its_tables_plots_and_profiles(smoke_report):
    out, report = smoke_report
    table = (out / "report.md").read_text()
    for name in THROUGHPUT:
        assert f"| {name} " in table
    assert (out / "latency.png").stat().st_size > 10_000
    assert (out / "growth.png").stat().st_size > 10_000
    assert set(report["profiles"]) == set(THROUGHPUT)
