"""Anki packages: decks written by genanki (the library Anki deck builders use), and the
round trip of a quizapp bank through .apkg."""

import io
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import genanki
import pytest

from quizapp.bankfile import BankValidationError
from quizapp.formats import read_files
from quizapp.formats.export import export_document


def package(notes, media: dict[str, bytes] | None = None, deck="German::Animals") -> bytes:
    deck = genanki.Deck(2059400110, deck)
    for note in notes:
        deck.add_note(note)
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for name, content in (media or {}).items():
            path = Path(folder) / name
            path.write_bytes(content)
            files.append(str(path))
        buffer = io.BytesIO()
        genanki.Package(deck, media_files=files).write_to_file(buffer)
    return buffer.getvalue()


def read(content: bytes, filename: str = "deck.apkg", **kw):
    return read_files([(filename, content)], max_bytes=10_000_000, **kw)


def test_basic_reversed_type_in_and_cloze_notes_become_matching_types():
    content = package(
        [
            genanki.Note(genanki.BASIC_MODEL, ["der Hund", "the dog"], tags=["nouns"], guid="g1"),
            genanki.Note(
                genanki.BASIC_AND_REVERSED_CARD_MODEL, ["die Katze", "the cat"], guid="g2"
            ),
            genanki.Note(
                genanki.BASIC_TYPE_IN_THE_ANSWER_MODEL, ["the mouse?", "die Maus"], guid="g3"
            ),
            genanki.Note(
                genanki.CLOZE_MODEL,
                ["{{c1::Berlin}} is the capital of {{c2::Germany::a country}}.", "Since 1990."],
                guid="g4",
            ),
            genanki.Note(
                genanki.BASIC_OPTIONAL_REVERSED_CARD_MODEL,
                ["<b>das</b> Haus", "the house", ""],
                guid="g5",
            ),
        ]
    )
    result = read(content, "German.apkg")
    bank = result.banks[0]
    assert bank.title == "Animals"  # the deck's name
    got = [(q.type, q.prompt, q.data) for q in bank.questions]
    assert got == [
        ("flashcard", "der Hund", {"answer": "the dog"}),
        ("flashcard", "die Katze", {"answer": "the cat"}),
        ("flashcard", "the cat", {"answer": "die Katze"}),
        ("short_answer", "the mouse?", {"answer": "die Maus"}),
        ("cloze", "___ is the capital of ___.", {"answer": ["Berlin", "Germany"]}),
        ("flashcard", "das Haus", {"answer": "the house"}),
    ]
    assert bank.questions[0].tags == ["nouns"]
    cloze = bank.questions[4]
    assert (cloze.hint, cloze.explanation) == ("a country", "Since 1990.")
    keys = [q.key for q in bank.questions]
    assert len(set(keys)) == 6 and all(k.startswith("anki-") for k in keys)
    assert keys == [q.key for q in read(content, "German.apkg").banks[0].questions], "stable"


def test_media_are_named_in_notes():
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c63f8cfc0f00f0004850180e4a98c210000000049454e44ae426082"
    )
    note = genanki.Note(
        genanki.BASIC_MODEL, ['<img src="dog.png" alt="a dog">', "der Hund"], guid="m1"
    )
    result = read(package([note], {"dog.png": png}))
    assert result.banks[0].questions[0].prompt == "a dog"
    messages = [n.message for n in result.notes]
    assert "the media file 'dog.png' is left out" in messages
    assert any("1 media files are left out" in m for m in messages)


def test_a_current_package_with_only_the_placeholder_note_is_refused_clearly():
    note = genanki.Note(
        genanki.BASIC_MODEL,
        ["Please update to the latest Anki version, then import the .colpkg/.apkg file again.", ""],
        guid="p1",
    )
    with pytest.raises(BankValidationError, match="only Anki's note asking to update Anki"):
        read(package([note]))


def test_broken_packages_are_refused():
    with pytest.raises(BankValidationError, match="not an Anki package"):
        read(b"hello", "x.apkg")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("media", "{}")
    with pytest.raises(BankValidationError, match="no Anki collection"):
        read(buffer.getvalue(), "x.colpkg")


def _document():
    return {
        "bank": {"slug": "geo", "title": "Geography"},
        "questions": [
            {
                "id": "france",
                "type": "multiple_choice",
                "prompt": "Capital of France?",
                "choices": ["Paris", "Lyon"],
                "answer": "Paris",
                "explanation": "Since 987.",
                "tags": ["two words", "europe"],
            },
            {"id": "rome", "type": "true_false", "prompt": "Rome <is> in Italy?", "answer": True},
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
                "prompt": "Millions?",
                "answer": 2.1,
                "tolerance": "10%",
            },
            {"id": "river", "type": "cloze", "prompt": "The ___ flows.", "answer": "Seine"},
            {
                "id": "order",
                "type": "ordering",
                "prompt": "Oldest first",
                "answer": ["Rome", "Paris"],
            },
            {
                "id": "card",
                "type": "flashcard",
                "prompt": "der Hund\nnoun",
                "answer": "the dog",
                "hint": "an animal",
            },
        ],
    }


def test_export_is_a_real_anki_package_that_reads_back_unchanged():
    exported = export_document(_document(), "apkg")
    assert exported.filename == "geo.apkg"
    with (
        zipfile.ZipFile(io.BytesIO(exported.content)) as archive,
        tempfile.TemporaryDirectory() as folder,
    ):
        path = Path(folder) / "c.anki2"
        path.write_bytes(archive.read("collection.anki2"))
        connection = sqlite3.connect(path)
        fronts = [row[0].split("\x1f")[0] for row in connection.execute("select flds from notes")]
        cards = connection.execute("select count(*) from cards").fetchone()[0]
        connection.close()
    assert fronts[1] == "Rome &lt;is&gt; in Italy?" and cards == 7
    assert "{{c1::Seine}}" in fronts[4]
    bank = read(exported.content, "geo.apkg").banks[0]
    assert bank.title == "Geography"
    for original, question in zip(_document()["questions"], bank.questions, strict=True):
        assert question.key == original["id"]
        assert question.type == original["type"] and question.prompt == original["prompt"]
        assert question.tags == original.get("tags", [])
        assert question.explanation == original.get("explanation", "")
        assert question.hint == original.get("hint", "")
        extra = {"id", "type", "prompt", "tags", "explanation", "hint"}
        assert question.data == {k: v for k, v in original.items() if k not in extra}


ANKI = Path(__file__).parent / "data" / "formats" / "anki"  # written by Anki: make_packages.py


@pytest.mark.parametrize("name", ["capitals.apkg", "capitals-legacy.apkg", "capitals.colpkg"])
def test_packages_written_by_anki_itself_are_read(name):
    result = read((ANKI / name).read_bytes(), name)
    bank = result.banks[0]
    assert bank.title == "Capitals"
    assert [(q.type, q.prompt, q.data, q.tags) for q in bank.questions] == [
        ("flashcard", "What is the capital of France?", {"answer": "Paris"}, ["europe"]),
        ("flashcard", "Japan", {"answer": "Tokyo"}, ["asia"]),
        ("flashcard", "Tokyo", {"answer": "Japan"}, ["asia"]),
        ("short_answer", "Capital of Italy?", {"answer": "Rome"}, []),
        ("cloze", "___ is the capital of ___.", {"answer": ["Berlin", "Germany"]}, []),
    ]
    assert bank.questions[4].explanation == "Since 1990."
    messages = [str(n) for n in result.notes]
    assert f"{name}: note 1 (Basic): the media file 'paris.png' is left out" in messages


def test_the_current_format_and_the_legacy_one_give_the_same_ids():
    keys = {
        name: [q.key for q in read((ANKI / name).read_bytes(), name).banks[0].questions]
        for name in ("capitals.apkg", "capitals-legacy.apkg", "capitals.colpkg")
    }
    assert keys["capitals.apkg"] == keys["capitals-legacy.apkg"] == keys["capitals.colpkg"]


def test_anki_itself_imports_the_export():
    anki_collection = pytest.importorskip("anki.collection")  # not a quizapp dependency
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "geo.apkg"
        path.write_bytes(export_document(_document(), "apkg").content)
        col = anki_collection.Collection(str(Path(folder) / "c.anki2"))
        request = anki_collection.ImportAnkiPackageRequest(
            package_path=str(path),
            options=anki_collection.ImportAnkiPackageOptions(with_scheduling=False),
        )
        assert len(col.import_anki_package(request).log.new) == 7
        col.close()
