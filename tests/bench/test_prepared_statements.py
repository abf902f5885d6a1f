"""The prepared-statements benchmark compares what it says: its default arm runs prepared
statements on the server, its other arm none."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.databases import child_database_url

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "prepared_statements.py"


def run_child(threshold: str) -> dict:
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--child"],
        env={
            **os.environ,
            "DATABASE_URL": child_database_url(),
            "PREPARE_THRESHOLD": threshold,
            "BENCH_LOOPS": "20",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_default_arm_is_prepared_on_the_server_and_the_other_is_not():
    prepared, bound_by_client = run_child("5"), run_child("0")

    assert prepared["prepared"] == 5  # the five statement shapes, each prepared once
    assert bound_by_client["prepared"] == 0
    assert prepared["python_ms"] > 0 and bound_by_client["python_ms"] > 0
