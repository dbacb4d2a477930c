"""The item-writing checker's warnings on valid banks: the CLI, the upload preview."""

from __future__ import annotations

import io

from sqlalchemy import select

from quizapp.bankfile import parse_bank
from quizapp.extensions import db
from quizapp.generator.upload_checks import check_parsed_bank
from quizapp.models import Bank
from tests.conftest import bank_text

QUESTIONS = """
- id: giveaway
  type: multiple_choice
  prompt: Which city, Paris or another, is the capital of France?
  choices: [Paris, Lyon, Marseille, Nice]
  answer: Paris
- id: placeholder
  type: multiple_choice
  prompt: When was the treaty signed?
  choices: ["Friday, None, 2025", "1990", "1991", "1992"]
  answer: "1990"
- id: clean
  type: multiple_choice
  prompt: What is the capital of Italy?
  choices: [Rome, Milan, Turin, Naples]
  answer: Rome
- id: truth
  type: true_false
  prompt: It is true that Rome is the capital of Italy.
  answer: true
"""


def test_the_checker_reads_a_parsed_bank():
    warnings = check_parsed_bank(parse_bank(bank_text("warned", questions=QUESTIONS), "w.yaml"))
    found = {(w.question, w.rule) for w in warnings}
    assert ("giveaway", "answer-in-prompt") in found
    assert ("placeholder", "placeholder") in found
    assert not any(q in ("clean", "truth") for q, _ in found)


def test_validate_prints_warnings_after_a_valid_result(runner, tmp_path):
    path = tmp_path / "warned.yaml"
    path.write_text(bank_text("warned", questions=QUESTIONS))
    result = runner.invoke(args=["banks", "validate", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"ok {path}: warned, 4 questions"
    assert (
        f"warning: {path}: giveaway: answer-in-prompt: the answer 'Paris' appears in the prompt"
        in lines
    )
    assert any(line.startswith(f"warning: {path}: placeholder: placeholder: ") for line in lines)
    assert not any(": clean: " in line or ": truth: " in line for line in lines)


def test_validate_of_a_clean_bank_prints_no_warning(runner, tmp_path):
    path = tmp_path / "capitals.yaml"
    path.write_text(bank_text())
    result = runner.invoke(args=["banks", "validate", str(path)])
    assert result.exit_code == 0 and "warning" not in result.output


def upload(client, name: str, content: str):
    data = {"files": [(io.BytesIO(content.encode()), name)]}
    return client.post("/teach/banks/upload", data=data, content_type="multipart/form-data")


def test_the_upload_preview_shows_warnings_per_question_and_still_publishes(
    app, make_user, client_for
):
    make_user("teach", "teacher")
    teacher = client_for("teach")
    response = upload(teacher, "warned.yaml", bank_text("warned", questions=QUESTIONS))
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    token = response.headers["Location"].rsplit("/", 1)[-1]
    html = teacher.get(f"/teach/uploads/{token}").get_data(as_text=True)
    assert "The item-writing checker has 3 suggestions for 2 questions" in html
    giveaway = html.index("<code>giveaway</code>")
    placeholder = html.index("<code>placeholder</code>")
    clean = html.index("<code>clean</code>")
    row = html[giveaway:placeholder]
    assert "answer-in-prompt" in row and "the answer &#39;Paris&#39; appears in the prompt" in row
    assert "placeholder</span>" in html[placeholder:clean]
    assert "item-warnings" not in html[clean:]
    response = teacher.post(f"/teach/uploads/{token}/publish", data={"publish": "1"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Bank.status).where(Bank.slug == "warned")) == "published"


def test_a_clean_upload_preview_has_no_warnings(make_user, client_for):
    make_user("teach", "teacher")
    teacher = client_for("teach")
    token = upload(teacher, "capitals.yaml", bank_text()).headers["Location"].rsplit("/", 1)[-1]
    html = teacher.get(f"/teach/uploads/{token}").get_data(as_text=True)
    assert "item-writing checker" not in html and "item-warnings" not in html
