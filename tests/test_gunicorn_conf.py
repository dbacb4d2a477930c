"""The shipped gunicorn configuration works as is: threaded workers that a slow client
cannot freeze (a sync worker serves nobody else while one client trickles its request)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import on_postgres

pytestmark = pytest.mark.skipif(on_postgres(), reason="the server runs on SQLite")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_configuration_reads_its_settings(monkeypatch):
    import importlib

    monkeypatch.setenv("QUIZAPP_WORKERS", "3")
    monkeypatch.setenv("QUIZAPP_THREADS", "4")
    import quizapp.gunicorn_conf as conf

    conf = importlib.reload(conf)
    assert conf.worker_class == "gthread" and conf.workers == 3 and conf.threads == 4
    assert conf.wsgi_app == "quizapp:create_app()" and conf.timeout > 0


def test_gunicorn_with_the_shipped_configuration_serves_past_a_slow_client(tmp_path: Path):
    port = _free_port()
    env = {
        **os.environ,
        "QUIZAPP_INSTANCE_PATH": str(tmp_path / "instance"),
        "QUIZAPP_BIND": f"127.0.0.1:{port}",
        "QUIZAPP_WORKERS": "1",
        "QUIZAPP_THREADS": "4",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-c", "python:quizapp.gunicorn_conf"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}/healthz"
        for _ in range(300):
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    assert response.status == 200
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError(server.stderr.read1().decode() if server.stderr else "")
        # A client that sends half a request and waits.
        slow = socket.create_connection(("127.0.0.1", port))
        slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
        assert time.monotonic() - started < 5
        slow.close()
    finally:
        server.terminate()
        server.wait(30)
        server.stderr.close()
