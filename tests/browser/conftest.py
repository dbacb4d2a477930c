"""The browser suite: a real Chromium (Debian's, never a downloaded one) against the app
served by a real server thread on a free port, with a temporary SQLite database.

Skipped, with the reason, when /usr/bin/chromium or Playwright is missing.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from quizapp import create_app
from quizapp.extensions import db
from quizapp.services import banks as bank_service
from tests.conftest import REPO, Clock

CHROMIUM = Path(os.environ.get("QUIZAPP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (install Debian's chromium package)")
    playwright_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed (pip install '.[test]')"
    )
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


class LiveServer:
    def __init__(self, app, clock: Clock):
        from werkzeug.serving import make_server

        self.app = app
        self.clock = clock
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        # Absolute links (join links) come from the configured base URL.
        app.config["BASE_URL"] = self.url
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(10)


@pytest.fixture
def live_server(tmp_path, monkeypatch):
    """The app with the bundled bank, served on a free port; ``.clock`` moves its time."""
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path / "instance"))
    clock = Clock()
    app = create_app(
        {
            "TESTING": False,
            "SECRET_KEY": "browser-test-secret-" + "x" * 30,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'browser.sqlite3'}",
            "STUDY_FUZZ": False,
            "CLOCK": clock,
        }
    )
    with app.app_context():
        db.create_all()
        bank_service.sync_bank_directory(REPO / "question_banks", max_bytes=1 << 20)
        db.session.remove()
    with LiveServer(app, clock) as server:
        yield server
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
