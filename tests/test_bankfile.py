"""The bank validator: every problem reported at once, with file, line, column and path."""

import pytest

from quizapp.bankfile import BankValidationError, parse_bank, parse_banks
from tests.conftest import bank_text


def problems(text, filename="bank.yaml", **kw) -> list[str]:
    with pytest.raises(BankValidationError) as info:
        parse_bank(text if isinstance(text, bytes) else text.encode(), filename, **kw)
    return [str(issue) for issue in info.value.issues]


def test_a_valid_bank_parses_into_questions():
    bank = parse_bank(bank_text(), "capitals.yaml")
    assert bank.slug == "capitals"
    assert [q.key for q in bank.questions] == ["france", "japan", "rome-is-capital", "population"]
    france = bank.questions[0]
    assert france.data == {"choices": ["Paris", "Lyon", "Marseille", "Nice"], "answer": "Paris"}
    assert france.source_ref == "atlas"
    assert france.source_sentence == "Paris is the capital of France."
    assert bank.sources[0].published == "2020-01-02"
    assert len(bank.content_hash) == 64


def test_every_error_is_reported_at_once_with_line_column_and_path():
    text = bank_text(
        questions="""
        - id: one
          type: multiple_choice
          prompt: Pick one
          choices: [a, b]
          answer: c
        - id: two
          type: numeric
          prompt: How many?
          answer: lots
        - id: three
          type: riddle
          prompt: What?
          answer: x
    """
    )
    found = problems(text, "history.yaml")
    assert found == [
        "history.yaml:12:13: questions[0].answer: 'c' is not one of the choices",
        "history.yaml:16:13: questions[1].answer: expected a number, got 'lots'",
        "history.yaml:18:11: questions[2].type: unknown question type 'riddle' (known: cloze, "
        "flashcard, multiple_choice, numeric, ordering, short_answer, true_false)",
    ]


def test_python_object_tags_are_refused():
    found = problems("format: quizapp/1\nbank: !!python/object/apply:os.system ['rm -rf /']\n")
    assert len(found) == 1
    assert "bank.yaml:2:7" in found[0]
    assert "the YAML tag !!python/object/apply:os.system is not allowed" in found[0]


def test_alias_bombs_are_refused_before_expansion():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    found = problems("\n".join(lines) + "\n")
    assert any("YAML aliases (*a) are not allowed" in f for f in found)
    assert any("YAML anchors (&a) are not allowed" in f for f in found)


def test_files_over_the_size_limit_are_refused_unparsed():
    found = problems(b"x" * 2000, max_bytes=1000)
    assert found == [
        "bank.yaml: (document): the file is 2,000 bytes; the limit is 1,000 bytes "
        "(split the bank into several files)"
    ]


def test_deep_nesting_is_refused():
    found = problems("a: " + "[" * 50 + "]" * 50 + "\n")
    assert found == ["bank.yaml:1:23: (document): the document nests deeper than 20 levels"]


def test_non_utf8_files_are_refused_with_the_position_of_the_bad_byte():
    found = problems("format: quizapp/1\nbank:\n  title: Caf\xe9\n".encode("latin-1"))
    assert found == [
        "bank.yaml:3:13: (document): the file is not UTF-8 (byte 0xE9 cannot be "
        "decoded); save it as UTF-8"
    ]


def test_duplicate_question_ids_are_refused():
    text = bank_text(
        questions="""
        - {id: same, type: flashcard, prompt: A, answer: B}
        - {id: same, type: flashcard, prompt: C, answer: D}
    """
    )
    assert problems(text) == [
        "bank.yaml:9:10: questions[1].id: duplicate question id 'same' (also questions[0])"
    ]


def test_an_answer_not_among_the_choices_is_refused_with_a_hint():
    text = bank_text(
        questions="""
        - id: q
          type: multiple_choice
          prompt: Which city is the capital?
          choices: [Paris, Rome]
          answer: paris
    """
    )
    assert problems(text) == [
        "bank.yaml:12:13: questions[0].answer: 'paris' is not one of the choices "
        "(did you mean 'Paris'?)"
    ]


def test_duplicate_mapping_keys_are_errors_not_silently_overwritten():
    text = bank_text(
        questions="""
        - id: q
          type: flashcard
          prompt: A
          prompt: B
          answer: C
    """
    )
    assert problems(text) == ["bank.yaml:11:5: questions[0]: duplicate key 'prompt'"]


def test_syntax_errors_point_at_the_problem():
    found = problems("format: quizapp/1\nbank: [unclosed\nquestions: []\n")
    assert len(found) == 1
    assert found[0].startswith("bank.yaml:3:")
    assert "YAML syntax error" in found[0]


def test_unknown_fields_are_errors():
    text = bank_text(
        questions="""
        - {id: q, type: flashcard, prompt: A, answer: B, anwser: C}
    """
    )
    assert problems(text) == [
        "bank.yaml:8:52: questions[0].anwser: unknown field 'anwser' in a flashcard question "
        "(allowed: answer, explanation, hint, id, prompt, review, source, tags, type)"
    ]


def test_yaml_booleans_are_not_silently_taken_as_text():
    text = bank_text(
        questions="""
        - {id: q, type: short_answer, prompt: Is Norway in the EU, answer: no}
    """
    )
    assert problems(text) == [
        "bank.yaml:8:70: questions[0].answer: expected text, but YAML read a boolean; "
        "put it in quotes if you mean the word"
    ]


def test_numbers_and_dates_read_as_text_keep_their_spelling():
    text = bank_text(
        questions="""
        - id: q
          type: multiple_choice
          prompt: When?
          choices: [1979, 2020-12-05, 0.50]
          answer: 0.50
    """
    )
    bank = parse_bank(text, "bank.yaml")
    assert bank.questions[0].data["choices"] == ["1979", "2020-12-05", "0.50"]
    assert bank.questions[0].data["answer"] == "0.50"


def test_citations_must_name_a_declared_source():
    text = bank_text(
        questions="""
        - {id: q, type: flashcard, prompt: A, answer: B, source: {ref: nowhere, sentence: S.}}
    """
    )
    assert problems(text) == [
        "bank.yaml:8:66: questions[0].source.ref: no source with id 'nowhere' (known: atlas)"
    ]


def test_top_level_structure_is_checked():
    found = problems("format: quizapp/2\nbank: {slug: Bad Slug, title: T}\nextra: 1\n")
    assert found == [
        "bank.yaml:1:1: questions: is required",
        "bank.yaml:1:9: format: 'quizapp/2' is not a format this version reads; use 'quizapp/1'",
        "bank.yaml:2:14: bank.slug: 'Bad Slug' must be lowercase letters and digits "
        "joined by hyphens",
        "bank.yaml:3:1: extra: unknown field 'extra' in the file "
        "(allowed: bank, format, questions)",
    ]


@pytest.mark.parametrize(
    ("question", "message"),
    [
        (
            "{id: q, type: multiple_choice, prompt: P, choices: [a], answer: a}",
            "questions[0].choices: must have 2 to 10 items, has 1",
        ),
        (
            "{id: q, type: multiple_choice, prompt: P, choices: [a, A], answer: a}",
            "questions[0].choices[1]: repeats item 0 ('A')",
        ),
        (
            "{id: q, type: true_false, prompt: P, answer: maybe}",
            "questions[0].answer: must be true or false, got 'maybe'",
        ),
        (
            "{id: q, type: short_answer, prompt: P, answer: x, typo_tolerance: 9}",
            "questions[0].typo_tolerance: must be between 0 and 3, got 9",
        ),
        (
            "{id: q, type: numeric, prompt: P, answer: 3, tolerance: lots}",
            "questions[0].tolerance: expected a number or a percentage, got 'lots'",
        ),
        (
            "{id: q, type: cloze, prompt: No blank here, answer: x}",
            "questions[0].prompt: a cloze prompt needs at least one blank written ___",
        ),
        (
            "{id: q, type: cloze, prompt: 'A ___ and ___', answer: [x]}",
            "questions[0].answer: the prompt has 2 blanks but 1 answer",
        ),
        (
            "{id: q, type: ordering, prompt: P, answer: [a, b], choices: [a, c]}",
            "questions[0].choices: must hold exactly the items of answer, in any order",
        ),
        (
            "{id: q, type: flashcard, prompt: P, answer: ''}",
            "questions[0].answer: must not be empty",
        ),
        (
            "{id: Q!, type: flashcard, prompt: P, answer: A}",
            "questions[0].id: 'Q!' must start with a lowercase letter or digit",
        ),
        ("{id: q, type: flashcard, prompt: P}", "questions[0].answer: is required"),
    ],
)
def test_each_type_validates_its_own_fields(question, message):
    found = problems(bank_text(questions=f"- {question}"))
    assert len(found) == 1
    assert message in found[0]


def test_several_files_are_validated_together_and_slugs_must_differ():
    with pytest.raises(BankValidationError) as info:
        parse_banks([("a.yaml", bank_text()), ("b.yaml", bank_text()), ("c.yaml", "format: [")])
    found = [str(i) for i in info.value.issues]
    assert "a.yaml: bank.slug: slug 'capitals' is also used by a.yaml" not in found
    assert "b.yaml: bank.slug: slug 'capitals' is also used by a.yaml" in found
    assert any(f.startswith("c.yaml:") for f in found)


def test_the_error_message_lists_every_issue():
    with pytest.raises(BankValidationError) as info:
        parse_bank(b"format: 1\n", "x.yaml")
    assert str(info.value) == (
        "3 problems found:\n"
        "x.yaml:1:1: bank: is required: slug, title and sources\n"
        "x.yaml:1:1: questions: is required\n"
        "x.yaml:1:9: format: 1 is not a format this version reads; use 'quizapp/1'"
    )


def test_the_question_types_import_on_their_own():
    import subprocess
    import sys

    for module in ("quizapp.questions", "quizapp.bankfile", "quizapp.generator"):
        result = subprocess.run(
            [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
