"""The proxy's routing (Caddyfile, as docker-compose.yml's proxy runs it): autosaves reach the
web-autosave pool, everything else the web pool. Real Caddy, real HTTP, two upstreams of our own
that say which one answered (tests/quizsite/test_several_app_servers.py puts it in front of two
real app servers)."""

import http.client
import json
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from tests.caddy import needs_caddy, proxy

pytestmark = needs_caddy


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
def proxy_port(tmp_path_factory) -> Iterator[int]:
    web, autosave = upstream("web"), upstream("web-autosave")
    try:
        with proxy(
            web=f"127.0.0.1:{web.server_address[1]}",
            autosave=f"127.0.0.1:{autosave.server_address[1]}",
            workdir=tmp_path_factory.mktemp("caddy"),
        ) as url:
            yield int(url.rsplit(":", 1)[1])
    finally:
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


# Fixed, not random: test ids must be the same in every pytest-xdist worker.
ATTEMPT = uuid.UUID("3f6c1e2a-8b4d-4f7a-9c21-5d0e7b8a9f13")


def test_an_autosave_goes_to_the_autosave_pool_with_its_body_and_the_clients_address(proxy_port):
    path = reverse("api:attempt-save", args=[ATTEMPT, 3])
    body = json.dumps({"revision": 2, "text": "The gradient is $p - y$."})
    answered = send(proxy_port, "PUT", path, body)
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
def test_everything_else_goes_to_the_web_pool(proxy_port, method, path):
    answered = send(proxy_port, method, path, "{}" if method != "GET" else None)
    assert (answered["pool"], answered["path"]) == ("web", path)
