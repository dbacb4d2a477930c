"""The command line, through Flask's CLI runner."""

from pathlib import Path

import yaml
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Bank, User
from quizapp.services import banks as bank_service
from tests.conftest import REPO, bank_text

BUNDLED = REPO / "question_banks"


def test_validate_accepts_the_bundled_banks(runner):
    result = runner.invoke(args=["banks", "validate", str(BUNDLED)])
    assert result.exit_code == 0, result.output
    assert "ok " in result.output and "russia-china-alliance-2020" in result.output


def test_validate_reports_every_problem_and_fails(runner, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        bank_text(
            questions="""
        - {id: a, type: multiple_choice, prompt: P, choices: [x, y], answer: z}
        - {id: a, type: flashcard, prompt: P, answer: B}
    """
        )
    )
    result = runner.invoke(args=["banks", "validate", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:8:72: questions[0].answer: 'z' is not one of the choices" in result.output
    assert f"{bad}:9:10: questions[1].id: duplicate question id 'a'" in result.output
    assert "Error: 2 problems found; nothing is valid until all are fixed\n" in result.output


def test_import_then_export(runner, app, tmp_path):
    path = tmp_path / "capitals.yaml"
    path.write_text(bank_text())
    result = runner.invoke(args=["banks", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "imported capitals: new bank, 4 questions" in result.output

    out = tmp_path / "out.yaml"
    result = runner.invoke(args=["banks", "export", "capitals", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text())
    assert data["format"] == "quizapp/1"
    assert [q["id"] for q in data["questions"]] == [
        "france",
        "japan",
        "rome-is-capital",
        "population",
    ]

    result = runner.invoke(args=["banks", "export", "capitals"])
    assert result.output == out.read_text()


def test_import_is_all_or_nothing_from_the_command_line(runner, app, tmp_path):
    (tmp_path / "a.yaml").write_text(bank_text("alpha"))
    (tmp_path / "b.yaml").write_text("format: quizapp/1\nbank: !!python/name:os.system\n")
    result = runner.invoke(args=["banks", "import", str(tmp_path)])
    assert result.exit_code == 1
    assert "nothing was imported" in result.output
    with app.app_context():
        assert db.session.scalars(select(Bank)).all() == []


def test_import_dry_run_changes_nothing(runner, app, tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(bank_text())
    result = runner.invoke(args=["banks", "import", "--dry-run", str(path)])
    assert "would import capitals: new bank, 4 questions" in result.output
    with app.app_context():
        assert bank_service.bank_by_slug("capitals") is None


def test_import_with_an_owner_and_as_draft(runner, app, make_user, tmp_path):
    make_user("teach", role="teacher")
    path = tmp_path / "c.yaml"
    path.write_text(bank_text())
    result = runner.invoke(args=["banks", "import", "--owner", "teach", "--draft", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        bank = bank_service.bank_by_slug("capitals")
        assert bank.status == "draft"
        assert bank.owner_id is not None
    result = runner.invoke(args=["banks", "list"])
    assert "capitals\tdraft\t4 questions\tCapitals" in result.output


def test_export_of_an_unknown_bank_fails_clearly(runner):
    result = runner.invoke(args=["banks", "export", "nope"])
    assert result.exit_code == 1
    assert "no bank 'nope'" in result.output


def test_users_create_reads_the_password_from_stdin(runner, app):
    result = runner.invoke(
        args=["users", "create", "Ada", "--role", "admin", "--password-stdin"],
        input="a long enough secret\n",
    )
    assert result.exit_code == 0, result.output
    assert "created admin ada" in result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "ada"))
        assert user.role == "admin"
        assert user.password_hash.startswith("scrypt:")
        assert "a long enough secret" not in user.password_hash


def test_users_create_prompts_for_the_password_twice(runner, app):
    result = runner.invoke(
        args=["users", "create", "bob"], input="another secret\nanother secret\n"
    )
    assert result.exit_code == 0, result.output
    assert "created student bob" in result.output


def test_users_create_refuses_short_passwords_and_duplicates(runner):
    result = runner.invoke(args=["users", "create", "eve", "--password-stdin"], input="short\n")
    assert result.exit_code == 1
    assert "at least 8 characters" in result.output
    runner.invoke(args=["users", "create", "eve", "--password-stdin"], input="long enough 1\n")
    result = runner.invoke(
        args=["users", "create", "EVE", "--password-stdin"], input="long enough 2\n"
    )
    assert result.exit_code == 1
    assert "The username 'eve' is taken." in result.output


def test_users_set_password_and_list(runner, app):
    runner.invoke(args=["users", "create", "carl", "--password-stdin"], input="first password\n")
    result = runner.invoke(
        args=["users", "set-password", "carl", "--password-stdin"], input="second password\n"
    )
    assert result.exit_code == 0, result.output
    assert "carl\tstudent\tactive" in runner.invoke(args=["users", "list"]).output


def test_serve_upgrades_the_database_loads_banks_and_runs_waitress(
    runner, app, monkeypatch, empty_database
):
    import waitress

    calls = {}
    monkeypatch.setattr(waitress, "serve", lambda wsgi, **kw: calls.update(app=wsgi, **kw))
    result = runner.invoke(args=["serve", "--port", "5123"])
    assert result.exit_code == 0, result.output
    assert calls["app"] is app and calls["port"] == 5123 and calls["host"] == "127.0.0.1"
    assert "loaded russia-china-alliance-2020: new bank" in result.output
    with app.app_context():
        assert bank_service.bank_by_slug("russia-china-alliance-2020") is not None
    # A second start finds everything in place and loads nothing again.
    result = runner.invoke(args=["serve", "--port", "5123"])
    assert "loaded" not in result.output


def test_db_upgrade_command(runner, app, empty_database):
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalars(select(User)).all() == []


def test_the_console_script_and_flask_cli_share_commands():
    from quizapp.cli import main

    assert callable(main)
    scripts = (REPO / "pyproject.toml").read_text()
    assert 'quizapp = "quizapp.cli:main"' in scripts
    assert Path(REPO / "wsgi.py").read_text().count("create_app()") == 1


def test_skip_invalid_imports_the_valid_questions_and_lists_the_others(runner, app, tmp_path):
    path = tmp_path / "capitals.yaml"
    path.write_text(
        bank_text(
            questions="""
        - {id: a, type: flashcard, prompt: P, answer: B}
        - {id: b, type: multiple_choice, prompt: P, choices: [x, y], answer: z}
        - {id: c, type: flashcard, prompt: Q, answer: C}
    """
        )
    )
    refused = runner.invoke(args=["banks", "import", str(path)])
    assert refused.exit_code == 1
    with app.app_context():
        assert bank_service.bank_by_slug("capitals") is None

    result = runner.invoke(args=["banks", "import", "--skip-invalid", str(path)])
    assert result.exit_code == 0, result.output
    assert f"skipped {path}:9:72: questions[1].answer: 'z' is not one of the choices" in (
        result.output
    )
    assert "imported capitals: new bank, 2 questions" in result.output
    with app.app_context():
        bank = bank_service.bank_by_slug("capitals")
        assert sorted(q.key for q in bank.questions) == ["a", "c"]


def test_skip_invalid_leaves_a_skipped_question_of_the_bank_as_it_is(runner, app, tmp_path):
    path = tmp_path / "capitals.yaml"
    path.write_text(
        bank_text(
            questions="""
        - {id: a, type: flashcard, prompt: P, answer: B}
        - {id: b, type: flashcard, prompt: Q, answer: C}
    """
        )
    )
    assert runner.invoke(args=["banks", "import", str(path)]).exit_code == 0
    path.write_text(
        bank_text(
            questions="""
        - {id: a, type: flashcard, prompt: P, answer: B}
        - {id: b, type: flashcard, prompt: Q, answer: C, colour: red}
    """
        )
    )
    result = runner.invoke(args=["banks", "import", "--skip-invalid", str(path)])
    assert result.exit_code == 0, result.output
    assert "questions[1].colour: unknown field 'colour'" in result.output
    assert "0 retired" in result.output
    with app.app_context():
        bank = bank_service.bank_by_slug("capitals")
        assert all(q.retired_at is None for q in bank.questions)


def test_skip_invalid_in_a_gift_file_names_the_question_and_its_line(runner, tmp_path):
    path = tmp_path / "quiz.gift"
    path.write_text("::one:: One? {=yes ~no}\n\n::two:: Two? {}\n\n::three:: Three? {T}\n")
    result = runner.invoke(args=["banks", "validate", "--skip-invalid", str(path)])
    assert result.exit_code == 0, result.output
    assert f"skipped {path}:3:" in result.output and "question 2 (two)" in result.output
    assert "ok " in result.output and "2 questions, 1 skipped" in result.output


def test_skip_invalid_still_refuses_a_file_with_no_valid_question(runner, tmp_path):
    path = tmp_path / "quiz.gift"
    path.write_text("::two:: Two? {}\n")
    result = runner.invoke(args=["banks", "validate", "--skip-invalid", str(path)])
    assert result.exit_code == 1


def test_export_formats_from_the_command_line(runner, app, tmp_path):
    path = tmp_path / "capitals.yaml"
    path.write_text(bank_text())
    assert runner.invoke(args=["banks", "import", str(path)]).exit_code == 0
    gift = runner.invoke(args=["banks", "export", "capitals", "--format", "gift"])
    assert gift.exit_code == 0 and "::japan::" in gift.output
    for fmt in ("csv", "xlsx", "tsv"):
        out = tmp_path / f"capitals.{fmt}"
        result = runner.invoke(
            args=["banks", "export", "capitals", "--format", fmt, "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert "left out: france: source" in result.output  # a spreadsheet has no sources
        again = runner.invoke(args=["banks", "import", "--dry-run", str(out)])
        assert again.exit_code == 0, again.output
        # the two questions citing a source change (they lose it); the others come back as
        # they were, ids and all
        assert "0 added, 2 updated, 2 unchanged, 0 retired" in again.output, (fmt, again.output)
    binary = runner.invoke(args=["banks", "export", "capitals", "--format", "xlsx"])
    assert binary.exit_code == 1 and "write it to a file with -o FILE" in binary.output


def test_every_export_format_imports_back_with_the_same_ids(runner, app, tmp_path):
    path = tmp_path / "capitals.yaml"
    path.write_text(bank_text())
    assert runner.invoke(args=["banks", "import", str(path)]).exit_code == 0
    suffixes = {
        "yaml": "yaml",
        "gift": "gift",
        "moodle-xml": "xml",
        "apkg": "apkg",
        "qti": "zip",
        "csv": "csv",
        "tsv": "tsv",
        "xlsx": "xlsx",
    }
    for fmt, suffix in suffixes.items():
        out = tmp_path / f"capitals.{suffix}"
        result = runner.invoke(
            args=["banks", "export", "capitals", "--format", fmt, "-o", str(out)]
        )
        assert result.exit_code == 0, (fmt, result.output)
        again = runner.invoke(args=["banks", "import", "--dry-run", str(out)])
        assert again.exit_code == 0, (fmt, again.output)
        assert "would import capitals: 0 added" in again.output, (fmt, again.output)
        assert "0 retired" in again.output, (fmt, again.output)


def test_import_bundled_finds_the_banks_in_the_package(runner, app):
    result = runner.invoke(args=["banks", "import", "--bundled"])
    assert result.exit_code == 0, result.output
    assert "imported" in result.output
    listed = runner.invoke(args=["banks", "list"])
    assert listed.exit_code == 0 and listed.output.strip()


def test_import_needs_paths_or_bundled(runner, app):
    result = runner.invoke(args=["banks", "import"])
    assert result.exit_code != 0
    assert "or pass --bundled" in result.output
