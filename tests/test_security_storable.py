"""The validator accepts exactly what storage and grading accept.

Each of these passed validation and the preview, then failed at Publish (a 500) or at
every answer (a 500 that kept the learner on the question): a NUL or a lone surrogate in
a title, ``tolerance: .inf``, a GIFT range of ±1e308, a 400-digit numeric answer.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.bankfile import BankValidationError, parse_bank
from quizapp.extensions import db
from quizapp.formats import read_files
from quizapp.models import Question
from quizapp.questions import QUESTION_TYPES
from tests.conftest import bank_text


def problems(text: str, filename: str = "bank.yaml") -> list[str]:
    with pytest.raises(BankValidationError) as info:
        if filename.endswith(".yaml"):
            parse_bank(text, filename)
        else:
            read_files([(filename, text.encode("utf-8"))], max_bytes=100_000)
    return [str(issue) for issue in info.value.issues]


NUMERIC = """
- id: n
  type: numeric
  prompt: How many?
  answer: {answer}
  {extra}
"""


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ('"Capitals \\0 of the world"', "bank.yaml:4:10: bank.title: contains a NUL character"),
        ('"Capitals \\ud800"', "bank.yaml:4:10: bank.title: contains half of a UTF-16 surrogate"),
    ],
)
def test_unstorable_characters_in_text_are_problems_with_their_line(title, expected):
    found = problems(bank_text(title=title))
    assert any(p.startswith(expected) for p in found), found


def test_unstorable_characters_anywhere_are_found():
    text = bank_text(
        questions="""
        - id: a
          type: short_answer
          prompt: "Nul\\0 here"
          answer: x
          accept: ["fine", "half \\udc80"]
        """
    )
    found = problems(text)
    assert any("questions[0].prompt: contains a NUL" in p for p in found), found
    assert any("questions[0].accept[1]: contains half" in p for p in found), found


@pytest.mark.parametrize(
    ("answer", "extra", "expected"),
    [
        ("2", "tolerance: .inf", "tolerance: must be a finite number up to 1e+100"),
        ("2", "tolerance: .nan", "tolerance: must be a finite number up to 1e+100"),
        ("2", "tolerance: 1.0e+300", "tolerance: must be a finite number up to 1e+100"),
        ("2", "tolerance: '1e300%'", "tolerance: expected a percentage from 0% to 1000%"),
        ("9" * 400, "", "answer: is too large: numbers are limited to ±1e+100"),
        ("'" + "9" * 400 + "'", "", "answer: is too large"),
        ("1.0e+200", "", "answer: is too large"),
    ],
)
def test_numbers_grading_cannot_compare_are_problems(answer, extra, expected):
    found = problems(bank_text(questions=NUMERIC.format(answer=answer, extra=extra)))
    assert any(expected in p for p in found), found


def test_the_largest_allowed_numbers_grade():
    text = bank_text(questions=NUMERIC.format(answer="-1.0e+100", extra="tolerance: 1.0e+100"))
    bank = parse_bank(text, "bank.yaml")
    data = bank.questions[0].data
    numeric = QUESTION_TYPES["numeric"]
    assert numeric.grade(data, "0").correct is True
    assert numeric.grade(data, -1e100).correct is True
    assert numeric.grade(data, 9 * 10**120).correct is False


@pytest.mark.parametrize(
    "spec",
    ["-1e308..1e308", "1e308:1e308", "1" + "0" * 400 + "..2", "1" * 5000, "2:" + "9" * 5000],
)
def test_gift_numbers_beyond_grading_are_problems_on_their_line(spec):
    text = "::n:: How many? {#" + spec + "}\n"
    found = problems(text, "quiz.gift")
    assert found and all(p.startswith("quiz.gift:1:") for p in found), found
    assert any("is too large: numbers are limited to ±1e+100" in p for p in found), found


def test_a_huge_answer_stored_earlier_is_graded_not_a_500(app, import_bank, client_for, make_user):
    """Rows written before the limit: answering them must not fail."""
    import_bank(bank_text(questions=NUMERIC.format(answer="7", extra="")))
    with app.app_context():
        question = db.session.scalars(select(Question)).one()
        question.data = {**question.data, "answer": 10**400}
        db.session.commit()
        question = db.session.scalars(select(Question)).one()
        numeric = QUESTION_TYPES["numeric"]
        assert numeric.grade(question.data, "7").correct is False
        assert numeric.grade(question.data, 7.5).correct is False


def test_skip_invalid_skips_a_question_with_unstorable_text():
    text = bank_text(
        questions="""
        - id: good
          type: short_answer
          prompt: Fine?
          answer: fine
        - id: bad
          type: short_answer
          prompt: "Nul\\0 here"
          answer: x
        """
    )
    bank = parse_bank(text, "bank.yaml", skip_invalid=True)
    assert [q.key for q in bank.questions] == ["good"]
    assert bank.skipped_keys == ["bad"]
