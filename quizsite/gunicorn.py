"""gunicorn's settings, from the environment: `gunicorn -c python:quizsite.gunicorn quizsite.wsgi`.

Threads serve requests while others wait on PostgreSQL (a save spends most of its time there),
so a few threads per process raise throughput without a process's memory each. Defaults suit a
2-core machine (bench/ measures them); set WEB_CONCURRENCY to about the number of cores.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# Load the app once in the master and fork: what it loads at import (the marking model, when
# installed) is shared copy-on-write instead of paid once per worker.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
accesslog = "-"
