"""A gunicorn configuration a self-hoster can use as is.

    gunicorn -c python:quizapp.gunicorn_conf

Threaded workers (``gthread``): a slow client holds one thread, not a whole worker, and
the timeouts below drop clients that trickle their request in. Even so, gunicorn is meant
to sit behind a buffering reverse proxy (nginx, Caddy) that reads slow requests fully
before passing them on; see docs/deployment.md. Every value can be changed with an
environment variable, read once when gunicorn starts:

=============================  =============================================  ==========
variable                       meaning                                        default
=============================  =============================================  ==========
``QUIZAPP_BIND``               address to listen on                           127.0.0.1:8000
``QUIZAPP_WORKERS``            worker processes                               2 x CPUs, at most 8
``QUIZAPP_THREADS``            threads per worker                             8
``QUIZAPP_WORKER_TIMEOUT``     seconds a request may run before the worker    60
                               is restarted
=============================  =============================================  ==========

Run ``quizapp db upgrade`` (and ``quizapp banks import --bundled``) once before starting.
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "quizapp:create_app()"
bind = [os.environ.get("QUIZAPP_BIND", "127.0.0.1:8000")]
worker_class = "gthread"
workers = _int("QUIZAPP_WORKERS", min(8, 2 * (os.cpu_count() or 1)))
threads = _int("QUIZAPP_THREADS", 8)
# A request running longer than this restarts its worker (the parse and generator limits
# keep legitimate requests well under it).
timeout = _int("QUIZAPP_WORKER_TIMEOUT", 60)
graceful_timeout = 30
# Idle keep-alive connections are closed after this; the proxy reconnects cheaply.
keepalive = 5
# Request line and headers: small, so a client cannot hold memory with endless headers.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# Workers are restarted now and then (with jitter, not all at once) to bound slow leaks.
max_requests = 2000
max_requests_jitter = 200
# quizapp writes its own request log (QUIZAPP_LOG_FORMAT); gunicorn's goes to stderr.
errorlog = "-"
loglevel = os.environ.get("QUIZAPP_GUNICORN_LOGLEVEL", "info")
# The proxy in front is trusted through QUIZAPP_TRUSTED_PROXIES, not gunicorn's own.
forwarded_allow_ips = "127.0.0.1"
