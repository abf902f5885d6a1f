"""The proxy's routing (Caddyfile, as docker-compose.yml's proxy runs it): autosaves reach the
web-autosave pool, everything else the web pool. Real Caddy, real HTTP, two upstreams of our own
that say which one answered."""

import http.client
import json
import os
import shutil
import subprocess
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.urls import reverse

from bench.server import free_port, wait_for

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not shutil.which("caddy"), reason="caddy not installed")


def upstream(name: str) -> ThreadingHTTPServer:
    """An app server stand-in that answers every request with its name and what it got."""

    class Handler(BaseHTTPRequestHandler):
        def answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.dumps(
                {
                    "pool": name,
                    "method": self.command,
                    "path": self.path,
                    "body": self.rfile.read(length).decode(),
                    "forwarded_for": self.headers.get("X-Forwarded-For"),
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = answer

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def proxy(tmp_path_factory) -> Iterator[int]:
    web, autosave = upstream("web"), upstream("web-autosave")
    port = free_port()
    home = tmp_path_factory.mktemp("caddy")
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "PROXY_PORT": str(port),
        "WEB_HOST": "127.0.0.1",
        "WEB_PORT": str(web.server_address[1]),
        "AUTOSAVE_HOST": "127.0.0.1",
        "AUTOSAVE_PORT": str(autosave.server_address[1]),
    }
    log = home / "caddy.log"
    caddy = subprocess.Popen(
        ["caddy", "run", "--config", str(ROOT / "Caddyfile"), "--adapter", "caddyfile"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    try:
        try:
            wait_for(f"http://127.0.0.1:{port}/healthz/", timeout=20, process=caddy)
        except RuntimeError as error:
            raise RuntimeError(f"{error}: {log.read_text()[-2000:]}") from error
        yield port
    finally:
        caddy.terminate()
        caddy.wait(timeout=10)
        web.shutdown()
        autosave.shutdown()


def send(port: int, method: str, path: str, body: str | None = None) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers={"Content-Type": "application/json"})
        answer = connection.getresponse()
        assert answer.status == 200, answer.read()
        return json.loads(answer.read())
    finally:
        connection.close()


ATTEMPT = uuid.uuid4()


def test_an_autosave_goes_to_the_autosave_pool_with_its_body_and_the_clients_address(proxy):
    path = reverse("api:attempt-save", args=[ATTEMPT, 3])
    body = json.dumps({"revision": 2, "text": "The gradient is $p - y$."})
    answered = send(proxy, "PUT", path, body)
    assert answered == {
        "pool": "web-autosave",
        "method": "PUT",
        "path": path,
        "body": body,
        # One proxy hop (NUM_PROXIES=1 in docker-compose.yml): throttles see the client.
        "forwarded_for": "127.0.0.1",
    }


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", reverse("api:attempt-save", args=[ATTEMPT, 3])),  # the same URL, not a save
        ("POST", reverse("api:attempt-save", args=[ATTEMPT, 3])),
        ("PUT", reverse("api:attempt-rate", args=[ATTEMPT, 3])),
        ("POST", reverse("api:attempt-offer", args=[ATTEMPT, 3])),
        ("POST", reverse("api:exam-start", args=[7])),
        ("POST", reverse("api:attempt-submit", args=[ATTEMPT])),
        ("GET", reverse("api:attempt-detail", args=[ATTEMPT])),
        ("GET", "/questions/?page=2"),
        ("GET", "/"),
    ],
)
def test_everything_else_goes_to_the_web_pool(proxy, method, path):
    answered = send(proxy, method, path, "{}" if method != "GET" else None)
    assert (answered["pool"], answered["path"]) == ("web", path)
