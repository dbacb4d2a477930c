"""Moodle XML: a file as Moodle 4 exports it, refusals by item, and the round trip."""

from pathlib import Path

import pytest

from quizapp.bankfile import BankValidationError
from quizapp.formats import read_files
from quizapp.formats.export import export_document

DATA = Path(__file__).parent / "data" / "formats"


def read(content: bytes | str, filename: str = "bank.xml", **kw):
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return read_files([(filename, raw)], max_bytes=1_000_000, **kw)


def problems(content: str) -> list[str]:
    with pytest.raises(BankValidationError) as info:
        read(content)
    return [str(issue) for issue in info.value.issues]


def quiz(*questions: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n' + "\n".join(questions) + "\n</quiz>\n"


def test_moodles_own_export_is_read_type_by_type():
    result = read((DATA / "moodle-export.xml").read_bytes(), "moodle-export.xml", skip_invalid=True)
    bank = result.banks[0]
    got = {q.key: q for q in bank.questions}
    france = got["geo.france"]  # its <idnumber>
    assert (france.type, france.data) == (
        "multiple_choice",
        {"choices": ["Paris", "Lyon", "Marseille"], "answer": "Paris"},
    )
    assert france.prompt == "What is the capital of France? the Eiffel tower"
    assert france.explanation == "Paris has been the capital since 987."
    assert france.tags == ["Capitals", "europe"]  # category, then <tags>
    assert (got["rome"].data, got["rome"].explanation) == ({"answer": True}, "Right.")
    assert got["japan"].data == {"answer": "Tokyo", "accept": ["Tokio"]}
    assert got["japan"].tags == ["Numbers"]
    assert got["geo.population"].data == {"answer": 2.1, "tolerance": 0.2, "unit": "million"}
    assert [got["capitals.1"].data["answer"], got["capitals.2"].data["answer"]] == [
        "Madrid",
        "Lisbon",
    ]
    assert got["rivers"].prompt == "The ___ flows through Paris and the ___ through London."
    assert got["rivers"].data == {"answer": ["Seine", "Thames"], "accept": [[], ["Themse"]]}
    notes = [str(n) for n in result.notes]
    assert (
        "moodle-export.xml:15:1: question 1 (France): the img 'eiffel.png' is left out: "
        "quizapp questions hold text only (an image's alt text is kept)"
    ) in notes
    assert [str(i) for i in result.skipped] == [
        "moodle-export.xml:226:1: question 7 (Essay): Moodle's essay questions cannot be "
        "imported: essays are graded by hand"
    ]


def test_without_skip_invalid_one_unsupported_question_refuses_the_file():
    with pytest.raises(BankValidationError) as info:
        read((DATA / "moodle-export.xml").read_bytes(), "moodle-export.xml")
    assert [i.line for i in info.value.issues] == [226]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            '<question type="multichoice"><name><text>m</text></name><questiontext><text>Q?'
            '</text></questiontext><single>false</single><answer fraction="50"><text>a</text>'
            '</answer><answer fraction="50"><text>b</text></answer></question>',
            "bank.xml:3:1: question 1 (m): a multiple-answer question",
        ),
        (
            '<question type="calculated"><name><text>c</text></name></question>',
            "Moodle's calculated questions cannot be imported",
        ),
        (
            '<question type="shortanswer"><name><text>s</text></name><questiontext><text>Q?'
            '</text></questiontext><idnumber>Not An Id</idnumber><answer fraction="100">'
            "<text>a</text></answer></question>",
            "<idnumber> 'Not An Id' is not a quizapp id",
        ),
        (
            '<question type="multianswer"><name><text>n</text></name><questiontext><text>'
            "A {1:NUMERICAL:=3:0.1} b</text></questiontext></question>",
            "embedded NUMERICAL answers are not supported",
        ),
    ],
)
def test_unsupported_questions_are_refused_with_their_item_and_line(question, expected):
    found = problems(quiz(question))
    assert any(expected in p for p in found), found


def test_broken_and_hostile_xml_is_refused():
    assert problems("<quiz><question>")[0].startswith("bank.xml:1:")
    assert "not well-formed XML" in problems("<quiz><question>")[0]
    bomb = '<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "aaaa">]><quiz>&a;</quiz>'
    assert "refused XML" in problems(bomb)[0]
    assert "<quiz> at the top" in problems("<html></html>")[0]


def _document():
    return {
        "bank": {"slug": "geo", "title": "Geography / Europe", "description": "Capitals."},
        "questions": [
            {
                "id": "france",
                "type": "multiple_choice",
                "prompt": "What is the capital of France?",
                "choices": ["Paris", "Lyon", "<b>Nice</b>"],
                "answer": "Paris",
                "explanation": "Since 987.",
                "tags": ["europe", "capitals"],
                "shuffle": False,
            },
            {"id": "rome", "type": "true_false", "prompt": "Rome & Italy?", "answer": False},
            {
                "id": "japan",
                "type": "short_answer",
                "prompt": "Capital of Japan?",
                "answer": "Tokyo",
                "accept": ["Tokio"],
                "case_sensitive": True,
            },
            {
                "id": "pop",
                "type": "numeric",
                "prompt": "Millions in Paris?",
                "answer": 2.1,
                "tolerance": 0.2,
                "unit": "million",
            },
            {
                "id": "rivers",
                "type": "cloze",
                "prompt": "The ___ flows through Paris, the ___ through London.",
                "answer": ["Seine", "Thames"],
                "accept": [["seine river"], []],
            },
            {"id": "card", "type": "flashcard", "prompt": "der Hund", "answer": "the dog"},
        ],
    }


def test_export_reads_back_with_ids_answers_and_tags():
    exported = export_document(_document(), "moodle-xml")
    assert exported.filename == "geo.moodle.xml"
    assert exported.skipped == [("card", "flashcard")]
    text = exported.content.decode("utf-8")
    assert "<text>$course$/top/Geography // Europe</text>" in text
    result = read(exported.content, "geo.xml")
    bank = result.banks[0]
    assert bank.title == "Geography / Europe"  # one category: the bank's title, not a tag
    got = {q.key: q for q in bank.questions}
    assert list(got) == ["france", "rome", "japan", "pop", "rivers"]
    for original in _document()["questions"][:-1]:
        question = got[original["id"]]
        data = {
            k: v
            for k, v in original.items()
            if k not in ("id", "type", "prompt", "tags", "explanation")
        }
        assert (question.type, question.prompt, question.data) == (
            original["type"],
            original["prompt"],
            data,
        ), original["id"]
        assert question.tags == original.get("tags", [])
        assert question.explanation == original.get("explanation", "")
    assert result.notes == []
