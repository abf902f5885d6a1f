"""The proxy as docker-compose.yml runs it: Caddy with the repository's Caddyfile, its upstreams
(web, web-autosave) set to servers of a test's own."""

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.server import free_port, wait_for

ROOT = Path(__file__).resolve().parents[1]

needs_caddy = pytest.mark.skipif(not shutil.which("caddy"), reason="caddy not installed")


@contextmanager
def proxy(*, web: str, autosave: str, workdir: Path) -> Iterator[str]:
    """Caddy in front of ``web`` and ``autosave`` (each "host:port"); yields its URL once it
    answers a health check through to ``web``."""
    port = free_port()
    web_host, web_port = web.rsplit(":", 1)
    autosave_host, autosave_port = autosave.rsplit(":", 1)
    env = {
        **os.environ,
        "HOME": str(workdir),  # Caddy keeps its state under the home directory
        "XDG_CONFIG_HOME": str(workdir / "config"),
        "XDG_DATA_HOME": str(workdir / "data"),
        "PROXY_PORT": str(port),
        "WEB_HOST": web_host,
        "WEB_PORT": web_port,
        "AUTOSAVE_HOST": autosave_host,
        "AUTOSAVE_PORT": autosave_port,
    }
    log = workdir / "caddy.log"
    caddy = subprocess.Popen(
        ["caddy", "run", "--config", str(ROOT / "Caddyfile"), "--adapter", "caddyfile"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_for(f"{url}/healthz/", timeout=20, process=caddy)
        except RuntimeError as error:
            raise RuntimeError(f"{error}: {log.read_text()[-2000:]}") from error
        yield url
    finally:
        caddy.terminate()
        caddy.wait(timeout=10)
