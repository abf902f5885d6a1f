"""gunicorn with the site's settings (quizsite/gunicorn.py), serving a tiny app that answers with
the id of the process that served the request."""

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.server import free_port

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 3
WHICH_PROCESS_APP = """
import os


def app(environ, start_response):
    body = str(os.getpid()).encode()
    start_response("200 OK", [("Content-Length", str(len(body)))])
    return [body]
"""

pytestmark = pytest.mark.skipif(
    not Path("/proc/net/tcp").exists(), reason="reads the listening sockets from /proc/net/tcp"
)


def listening_sockets(port: int) -> int:
    """How many sockets listen on 127.0.0.1:``port``."""
    lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    fields = (line.split() for line in lines)
    return sum(1 for f in fields if f[1] == f"0100007F:{port:04X}" and f[3] == "0A")


@pytest.fixture
def server(tmp_path):
    (tmp_path / "which_process.py").write_text(WHICH_PROCESS_APP)
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(tmp_path),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(PROCESSES),
        "GUNICORN_THREADS": "2",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:quizsite.gunicorn", "which_process:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while listening_sockets(port) < PROCESSES and time.monotonic() < deadline:
            assert process.poll() is None, "gunicorn exited"
            time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_each_process_listens_on_a_socket_of_its_own(server):
    assert listening_sockets(server) == PROCESSES


def test_kept_alive_connections_opened_together_are_spread_over_the_processes(server):
    """As a proxy's pool of connections to the app is: on one shared socket, the process that
    woke first could take them all, and serve them on one core."""
    connections = [http.client.HTTPConnection("127.0.0.1", server, timeout=10) for _ in range(12)]
    for connection in connections:
        connection.connect()
    served_by = set()
    for _ in range(2):  # each connection kept alive, served by the same process again
        for connection in connections:
            connection.request("GET", "/")
            served_by.add(connection.getresponse().read())
    for connection in connections:
        connection.close()
    assert len(served_by) >= 2
