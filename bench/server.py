"""The processes a benchmark runs: gunicorn serving the site, Redis, a throwaway PostgreSQL.

Everything listens on 127.0.0.1 only, on ports the system hands out. ``python -m bench.server
collectstatic DIR`` collects the static files the pages link to (without compressing them, which
only matters to browsers) into DIR, once.
"""

import math
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# As the Dockerfile collects them: MathJax's sources and unused components left out.
STATIC_IGNORE = [
    "mathjax/ts/*",
    "mathjax/js/*",
    "mathjax/components/*",
    "mathjax/es5/*-full*",
    "mathjax/es5/*svg*",
    "mathjax/es5/sre/*",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, *, timeout: float, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def stop(process: subprocess.Popen | None, *, timeout: float = 10) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def site_environment(*, database_url: str, redis_url: str, static_root: Path, floor_dir: Path):
    """The environment docker-compose.yml gives the web service, for 127.0.0.1.

    All load comes from one address and a few users, so the API throttles are raised far above
    what the scenarios send: the benchmark measures the work, not the throttle.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "BENCH_"))}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        NUM_PROXIES="0",
        API_ANON_REQUESTS_PER_MINUTE="10000000",
        API_USER_REQUESTS_PER_MINUTE="10000000",
        API_CONTRIBUTIONS_PER_HOUR="10000000",
        LOG_LEVEL="WARNING",
        BENCH_STATIC_ROOT=str(static_root),
        BENCH_FLOOR_DIR=str(floor_dir),
        PYTHONPATH=str(ROOT),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


# Compose settings that are about the deployment, not about how the app serves: the benchmark
# sets its own (no TLS, no proxy in front, its own database, cache and secret).
_NOT_FROM_COMPOSE = {
    "DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT", "NUM_PROXIES", "DEFAULT_FROM_EMAIL",
}  # fmt: skip
_DEFAULT = re.compile(r"^\$\{(\w+):-([^}]*)\}$")


def compose_web(service: str = "web") -> tuple[list[str], dict[str, str], int]:
    """gunicorn's options, the serving environment and the CPU weight (``cpu_shares``, 1024
    unless set) of one of docker-compose.yml's web services (web, or web-autosave: the pool the
    proxy sends autosaves to).

    The options are those after ``gunicorn`` in its command, without the app, bind and access
    log (the benchmark sets those); the environment keeps each variable's default.
    """
    try:
        import yaml

        web = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"][service]
    except (ImportError, OSError, KeyError, TypeError):
        return ["--workers", "3"], {}, DEFAULT_CPU_SHARES
    command = web.get("command", "")
    command = " ".join(command) if isinstance(command, list) else command
    words = shlex.split(command.split("gunicorn", 1)[-1].split("&&")[0].strip().rstrip('"'))
    options, skip = [], False
    for word in words:
        if skip:
            skip = False
        elif word in ("--bind", "-b", "--access-logfile", "--error-logfile"):
            skip = True
        elif word.startswith(("--bind=", "--access-logfile=")) or word.endswith(".wsgi"):
            continue
        else:
            options.append(word)
    environment = web.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment if "=" in item)
    env = {}
    for name, value in environment.items():
        if name in _NOT_FROM_COMPOSE or name.startswith("EMAIL_"):
            continue
        match = _DEFAULT.match(str(value))
        env[name] = match.group(2) if match else str(value)
    return options, env, int(web.get("cpu_shares", DEFAULT_CPU_SHARES))


DEFAULT_CPU_SHARES = 1024


def niceness(cpu_shares: int) -> int:
    """The nice value whose scheduler weight is closest to ``cpu_shares`` over Docker's default:
    each step of nice is a factor of about 1.25 in Linux's weights. On one box, without a
    container per service, that is how the benchmark gives a service the CPU weight the
    compose file gives it."""
    return -round(math.log(cpu_shares / DEFAULT_CPU_SHARES, 1.25))


def slots(options: list[str], env: dict[str, str]) -> int:
    """How many requests the server works on at once: workers × threads."""

    def option(names, variable, default):
        for i, word in enumerate(options[:-1]):
            if word in names:
                return int(options[i + 1])
        return int(env.get(variable, default))

    return option(("--workers", "-w"), "WEB_CONCURRENCY", 1) * option(
        ("--threads",), "GUNICORN_THREADS", 1
    )


class Site:
    """gunicorn serving bench.wsgi with the options docker-compose.yml gives quizsite.wsgi in
    ``service``."""

    def __init__(self, *, env: dict, log_dir: Path, name: str = "site", service: str = "web"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        log_dir.mkdir(parents=True, exist_ok=True)
        options, compose_env, cpu_shares = compose_web(service)
        # gunicorn appends to its access log: start it empty, so it holds this run's requests.
        self.access_log = log_dir / f"{name}-access.log"
        self.access_log.unlink(missing_ok=True)
        env = {**compose_env, **env}
        self.slots = slots(options, env)
        self.description = " ".join(["gunicorn", *options, "bench.wsgi"]) + "".join(
            f", {k}={v}" for k, v in compose_env.items()
        )
        nice = niceness(cpu_shares)
        if nice < 0 and os.geteuid() != 0:  # only root may raise a priority
            self.description += f", cpu_shares={cpu_shares} not applied (not root)"
            nice = 0
        elif nice:
            self.description += f", cpu_shares={cpu_shares} as nice {nice}"
        command = [
            *(["nice", "-n", str(nice)] if nice else []),
            sys.executable, "-m", "gunicorn", *options, "bench.wsgi",
            "--bind", f"127.0.0.1:{self.port}",
            "--access-logfile", str(self.access_log),
            "--error-logfile", str(log_dir / f"{name}-error.log"),
        ]  # fmt: skip
        # The site logs to the console (tracebacks of 500s too): keep that beside gunicorn's logs.
        self.console = open(log_dir / f"{name}-console.log", "w")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self.console,
            stderr=subprocess.STDOUT,
        )

    def __enter__(self):
        try:
            wait_for(f"{self.url}/healthz/", timeout=60, process=self.process)
        except Exception:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        stop(self.process)
        self.console.close()


class Worker:
    """The task worker (``manage.py db_worker``, as the compose file's worker service runs it),
    which marks submitted exams. Niced below gunicorn: on this one box it stands for a worker
    with cores of its own, so its marking takes the CPU the web workers leave."""

    def __init__(self, *, env: dict, log_dir: Path):
        self.console = open(log_dir / "worker-console.log", "w")
        self.process = subprocess.Popen(
            [
                "nice", "-n", "10", sys.executable, "manage.py", "db_worker",
                "--no-reload", "--interval", "1",
            ],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=self.console,
            stderr=subprocess.STDOUT,
        )  # fmt: skip

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        stop(self.process)
        self.console.close()


class Redis:
    """A Redis of our own without persistence, or nothing when redis-server is missing (the
    site then caches in each worker's memory, as it does without REDIS_URL)."""

    def __init__(self):
        self.process = None
        self.url = ""
        if shutil.which("redis-server"):
            port = free_port()
            self.process = subprocess.Popen(
                [
                    "redis-server",
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
                stdout=subprocess.DEVNULL,
                stdin=subprocess.DEVNULL,
            )
            self.port = port
            self.url = f"redis://127.0.0.1:{port}/0"
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        stop(self.process)

    def flush(self) -> None:
        """Empty every cache: rows loaded by COPY bypass the signals that bump the bank's
        version, so pages cached before would otherwise be served for the grown bank."""
        if self.process is None:
            return
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(b"FLUSHALL\r\n")
            sock.recv(64)


class ThrowawayCluster:
    """A PostgreSQL 15 cluster of our own, to restart mid-exam; the shared one is never touched.

    Named after this process (``benchfault<pid>``, so two runs never meet), on the first free
    port from 5499 down, with trust authentication on 127.0.0.1; dropped on exit with its data.
    Clusters left by runs that died are dropped first.
    """

    VERSION = "15"
    PREFIX = "benchfault"

    def __init__(self):
        self.name = f"{self.PREFIX}{os.getpid()}"
        self.port = next(port for port in range(5499, 5479, -1) if _port_is_free(port))
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/quizsite_bench_fault"

    @staticmethod
    def available() -> str | None:
        """Why the cluster cannot be made here, or None."""
        for tool in ("pg_createcluster", "pg_ctlcluster", "pg_dropcluster", "pg_lsclusters"):
            if not shutil.which(tool):
                return f"{tool} is missing (Debian's postgresql-common)"
        if os.geteuid() != 0:
            return "creating a cluster needs root (pg_createcluster)"
        return None

    def _ctl(self, action: str, *extra: str) -> None:
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", self.VERSION, self.name, action, *extra],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    @classmethod
    def drop_leftovers(cls) -> None:
        listing = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True)
        for line in listing.stdout.splitlines():
            version, name, *_ = line.split()
            pid = name.removeprefix(cls.PREFIX)
            if version == cls.VERSION and name.startswith(cls.PREFIX) and pid.isdigit():
                if not Path(f"/proc/{pid}").exists():
                    _drop_cluster(version, name)

    def __enter__(self):
        self.drop_leftovers()
        subprocess.run(
            [
                "pg_createcluster",
                self.VERSION,
                self.name,
                "--port",
                str(self.port),
                "--start-conf",
                "manual",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        try:
            hba = Path(f"/etc/postgresql/{self.VERSION}/{self.name}/pg_hba.conf")
            hba.write_text(
                "local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n"
            )
            self._ctl("start")
        except Exception:
            self.drop()
            raise
        return self

    def restart(self) -> float:
        started = time.perf_counter()
        self._ctl("restart", "-m", "fast")
        return time.perf_counter() - started

    def drop(self) -> None:
        _drop_cluster(self.VERSION, self.name)

    def __exit__(self, *exc):
        self.drop()


def _port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _drop_cluster(version: str, name: str) -> None:
    subprocess.run(
        ["pg_dropcluster", version, name, "--stop"],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def collectstatic(target: Path) -> None:
    """Collect the static files with their manifest into ``target`` (skipped when up to date)."""
    manifest = target / "staticfiles.json"
    sources = [p for p in (ROOT / "static").rglob("*") if p.is_file()]
    newest = max((p.stat().st_mtime for p in sources), default=0)
    if manifest.exists() and manifest.stat().st_mtime > newest:
        return
    fresh = target.with_name(f"{target.name}-{os.getpid()}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50), PYTHONPATH=str(ROOT))
    subprocess.run(
        [sys.executable, "-m", "bench.server", "collectstatic", str(fresh)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    # Swapped in whole, so another run never serves a half-collected folder.
    shutil.rmtree(target, ignore_errors=True)
    try:
        fresh.rename(target)
    except OSError:  # another run got there first with the same files
        shutil.rmtree(fresh, ignore_errors=True)


def _collect(target: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")
    import django
    from django.conf import settings

    django.setup()
    settings.STATIC_ROOT = target
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    from django.core.management import call_command

    call_command(
        "collectstatic", interactive=False, verbosity=0, clear=True, ignore_patterns=STATIC_IGNORE
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["collectstatic"] and len(sys.argv) == 3:
        _collect(sys.argv[2])
    else:
        raise SystemExit("usage: python -m bench.server collectstatic DIR")
