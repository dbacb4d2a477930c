"""QTI: a quiz package as Canvas exports it (QTI 1.2), and the QTI 2.1 export read back."""

import io
import zipfile
from pathlib import Path

import pytest

from quizapp.bankfile import BankValidationError
from quizapp.formats import read_files
from quizapp.formats.export import export_document

CANVAS = Path(__file__).parent / "data" / "formats" / "canvas"


def canvas_package(skip_essay: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(CANVAS.rglob("*.xml")):
            content = path.read_text()
            if skip_essay and path.name.startswith("g0c8"):
                start = content.index('<item ident="g5e6')
                content = content[:start] + content[content.index("</item>", start) + 7 :]
            archive.writestr(str(path.relative_to(CANVAS)), content)
    return buffer.getvalue()


def read(content: bytes, filename: str = "quiz.zip", **kw):
    return read_files([(filename, content)], max_bytes=1_000_000, **kw)


def test_a_canvas_quiz_export_is_read_by_its_manifest():
    result = read(canvas_package(), "capitals-quiz-export.zip", skip_invalid=True)
    bank = result.banks[0]
    assert bank.title == "Capitals Quiz"
    assert [(q.type, q.prompt, q.data) for q in bank.questions] == [
        (
            "multiple_choice",
            "What is the capital of France?\n\nthe Eiffel tower",
            {"choices": ["Paris", "Lyon", "Marseille"], "answer": "Paris"},
        ),
        ("true_false", "Rome is the capital of Italy.", {"answer": True}),
        ("short_answer", "What is the capital of Japan?", {"answer": "Tokyo", "accept": ["Tokio"]}),
        (
            "numeric",
            "How many million people live in Paris proper?",
            {"answer": 2.1, "tolerance": 0.2},
        ),
    ]
    assert bank.questions[0].explanation == "Paris has been the capital since 987."
    assert any("eiffel.jpg" in n.message for n in result.notes)
    assert [str(i) for i in result.skipped] == [
        "capitals-quiz-export.zip: item 5 (Essay): Canvas essay questions cannot be imported: "
        "essays are graded by hand"
    ]
    ids = [q.key for q in bank.questions]
    assert ids == [q.key for q in read(canvas_package(), skip_invalid=True).banks[0].questions]


def test_a_lone_qti_xml_file_is_told_from_moodle_xml_by_its_content():
    xml = next(CANVAS.rglob("g0c8*/g0c8*.xml")).read_bytes()
    result = read(xml, "quiz.xml", skip_invalid=True)
    assert len(result.banks[0].questions) == 4


def test_a_zip_without_a_manifest_is_refused_clearly():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bank.yaml", "format: quizapp/1\n")
    with pytest.raises(BankValidationError, match="not a QTI package"):
        read(buffer.getvalue(), "bank.zip")


DOCUMENT = {
    "bank": {"slug": "geo", "title": "Geography"},
    "questions": [
        {
            "id": "france",
            "type": "multiple_choice",
            "prompt": "Capital of France?",
            "choices": ["Paris", "Lyon", "Nice"],
            "answer": "Lyon",
            "explanation": "Trick question: it is Paris.",
        },
        {"id": "rome", "type": "true_false", "prompt": "Rome is in Italy.", "answer": False},
        {
            "id": "japan",
            "type": "short_answer",
            "prompt": "Capital of Japan?",
            "answer": "Tokyo",
            "accept": ["Tokio"],
        },
        {
            "id": "pop",
            "type": "numeric",
            "prompt": "Millions in Paris?",
            "answer": 2.1,
            "tolerance": 0.2,
            "unit": "million",
        },
        {"id": "river", "type": "cloze", "prompt": "The ___ flows.", "answer": "Seine"},
        {
            "id": "twins",
            "type": "cloze",
            "prompt": "___ and ___ are twins.",
            "answer": ["Castor", "Pollux"],
            "accept": [["castor"], []],
        },
        {"id": "order", "type": "ordering", "prompt": "Oldest first", "answer": ["Rome", "Paris"]},
        {"id": "card", "type": "flashcard", "prompt": "der Hund", "answer": "the dog"},
    ],
}


def test_the_qti_21_export_is_a_package_that_reads_back():
    exported = export_document(DOCUMENT, "qti")
    assert exported.filename == "geo.qti.zip"
    assert exported.skipped == [("card", "flashcard")]
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        names = archive.namelist()
        manifest = archive.read("imsmanifest.xml").decode()
        item = archive.read("items/pop.xml").decode()
    assert names[0] == "imsmanifest.xml" and "items/france.xml" in names
    assert 'type="imsqti_item_xmlv2p1"' in manifest
    assert 'xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"' in item
    assert 'toleranceMode="absolute" tolerance="0.2 0.2"' in item
    bank = read(exported.content, "geo.zip").banks[0]
    assert [q.key for q in bank.questions] == [q["id"] for q in DOCUMENT["questions"][:-1]]
    for original, question in zip(DOCUMENT["questions"], bank.questions, strict=False):
        data = {
            k: v for k, v in original.items() if k not in ("id", "type", "prompt", "explanation")
        }
        assert (question.type, question.prompt, question.data) == (
            original["type"],
            original["prompt"],
            data,
        ), original["id"]
        assert question.explanation == original.get("explanation", "")
