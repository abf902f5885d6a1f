"""gunicorn's settings, from the environment: `gunicorn -c python:quizsite.gunicorn quizsite.wsgi`.

Threads serve requests while others wait on PostgreSQL (a save spends most of its time there),
so a few threads per process raise throughput without a process's memory each; more processes
than cores still help, since one process's threads share one interpreter lock. But every
request in flight shares the cores: when they are all busy (a class starting an exam), more of
them only makes each one slower. The defaults, 3 processes × 2 threads, served a class's start
wave on a 2-core machine best (bench/results/AFTER.md; closed-loop figures:
bench/results/gunicorn.md): set WEB_CONCURRENCY to about one and a half times the cores.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
# Load the app once in the master and fork: what it loads at import (the marking model, when
# installed) is shared copy-on-write instead of paid once per worker.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Idle kept-alive connections are held longer than the proxy in front keeps its own (Caddy:
# 2 minutes): one the app closed just as the proxy sent a request on it would fail that request,
# and a proxy does not retry a POST (a save, a submit). Idle connections cost no thread.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "125"))
# Each process listens on a socket of its own (SO_REUSEPORT), and the kernel spreads new
# connections over them. On one shared socket the process that wakes first accepts, and can take
# every connection of a burst: the proxy's few kept-alive connections, all in one process, would
# leave the other processes idle (half the throughput on 2 cores, bench/results/AFTER.md).
reuse_port = os.environ.get("GUNICORN_REUSE_PORT", "true").lower() == "true"
accesslog = "-"
