"""A plain (non-editable) install carries its templates, static files, banks and migrations."""

import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 and "No module named 'hatchling'" in result.stderr:
        pytest.skip("hatchling (in the test extras) is needed to build the wheel")
    assert result.returncode == 0, result.stderr
    return next(out.glob("quizapp-*.whl"))


def test_the_wheel_holds_every_resource(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "quizapp/templates/base.html",
        "quizapp/templates/error.html",
        "quizapp/static/app.css",
        "quizapp/question_banks/cgtn-2020-12-05-russia-china-alliance.yaml",
        "quizapp/migrations/env.py",
        "quizapp/migrations/alembic.ini",
        "quizapp/migrations/script.py.mako",
        "quizapp/schemas/bank-format-v1.schema.json",
    ):
        assert required in names, required
    assert any(n.startswith("quizapp/migrations/versions/") and n.endswith(".py") for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "quizapp = quizapp.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_an_installed_copy_serves_pages_from_its_own_files(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    script = textwrap.dedent("""
        import quizapp, quizapp.paths as p
        assert quizapp.__file__.startswith(TARGET), quizapp.__file__
        assert str(p.TEMPLATES_DIR).startswith(TARGET) and p.TEMPLATES_DIR.is_dir()
        assert str(p.BUNDLED_BANKS_DIR).startswith(TARGET)
        from quizapp import create_app
        from quizapp.cli import prepare_database
        app = create_app({"SECRET_KEY": "k" * 40})
        with app.app_context():
            prepare_database(load_banks=True)
        page = app.test_client().get("/").get_data(as_text=True)
        assert "Are Russia and China poised" in page, page[:500]
        print("ok")
    """).replace("TARGET", repr(str(target)))
    env = {**os.environ, "PYTHONPATH": str(target), "QUIZAPP_INSTANCE_PATH": str(tmp_path / "i")}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ok")
