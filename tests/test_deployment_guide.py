"""docs/deployment.md works as written: its first command block, walked in order.

The block is run with the paths moved into a temporary folder and the commands run as
this user instead of through ``runuser -u quizapp`` (a test does not create system
users); installing is the test's own environment. What is checked is what the guide
promises: the database exists before the first account, the bundled banks import from
the installed package, and the instance folder is private to the user that owns it.
"""

from __future__ import annotations

import os
import re
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, REPO, on_postgres

pytestmark = pytest.mark.skipif(on_postgres(), reason="the guide's first set-up is SQLite")


def guide_commands() -> list[str]:
    text = (REPO / "docs" / "deployment.md").read_text(encoding="utf-8")
    block = re.search(r"## One machine, SQLite\n\n```sh\n(.*?)```", text, re.S)
    assert block, "docs/deployment.md lost its first command block"
    return [line.split("  #")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_the_guide_says_what_the_issue_asks():
    commands = guide_commands()
    assert commands[0].startswith("useradd --system")
    joined = "\n".join(commands)
    assert joined.index("quizapp db upgrade") < joined.index("quizapp users create")
    assert "quizapp banks import --bundled" in joined
    assert all("runuser -u quizapp" in c for c in commands if "bin/quizapp " in c)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "`quizapp serve` stays in the foreground" in readme


def test_the_guide_s_commands_work_in_order(tmp_path: Path):
    bin_dir = Path(sys.executable).parent
    instance = tmp_path / "var-lib-quizapp"
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_")}
    ran = []
    for command in guide_commands():
        if command.startswith(("useradd ", "python3 -m venv ", "/opt/quizapp/bin/pip ")):
            continue  # the system user and the installation: this test's environment
        command = command.replace("/opt/quizapp/bin/", f"{bin_dir}/")
        command = command.replace("/var/lib/quizapp", str(instance))
        argv = shlex.split(command)
        assert argv[:4] == ["runuser", "-u", "quizapp", "--"], command
        argv = argv[4:]
        if argv[-1] == "admin" and "users" in argv:
            argv.append("--password-stdin")
        done = subprocess.run(
            argv, env=env, input=PASSWORD + "\n", capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
        ran.append((argv, done.stdout))
    assert [argv[3:5] for argv, _ in ran] == [
        ["db", "upgrade"],
        ["banks", "import"],
        ["users", "create"],
    ]
    outputs = "\n".join(out for _, out in ran)
    assert "imported" in outputs and "created admin admin" in outputs
    assert stat.S_IMODE(instance.stat().st_mode) & 0o077 == 0
    assert (instance / "quizapp.sqlite3").is_file() and (instance / "secret_key").is_file()
