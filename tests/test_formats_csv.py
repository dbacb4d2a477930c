"""Term/definition lists from Quizlet and Anki, and CSV downloads safe for spreadsheets."""

import csv
import io

import pytest

from quizapp.bankfile import BankValidationError
from quizapp.formats import read_files
from quizapp.formats.spreadsheet import safe_cell, write_csv


def read(text: str, filename: str = "vocab.csv", **kw):
    return read_files([(filename, text.encode("utf-8"))], max_bytes=100_000, **kw)


def cards(result):
    return [(q.key, q.type, q.prompt, q.data["answer"], q.tags) for q in result.banks[0].questions]


def test_a_quizlet_export_is_tab_separated_without_a_header():
    result = read("hola\thello\nadiós\tgoodbye\n", "Spanish 1.txt")
    assert result.banks[0].slug == "spanish-1"
    assert result.banks[0].title == "Spanish 1"
    assert cards(result) == [
        ("hola", "flashcard", "hola", "hello", []),
        ("adios", "flashcard", "adiós", "goodbye", []),
    ]


def test_an_anki_export_uses_its_header_lines():
    text = (
        "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#tags column:5\n"
        "Ab1+x\tBasic\t<b>der Hund</b>\tthe dog<br>an animal\tgerman nouns\n"
        "Cd2/y\tBasic\tdie Katze\tthe cat\tgerman\n"
    )
    result = read(text, "deck.txt")
    rows = cards(result)
    assert [r[2:] for r in rows] == [
        ("der Hund", "the dog\nan animal", ["german", "nouns"]),
        ("die Katze", "the cat", ["german"]),
    ]
    assert all(r[0].startswith("anki-") for r in rows)
    assert cards(read(text, "deck.txt"))[0][0] == rows[0][0], "ids are stable across imports"


def test_a_header_row_names_the_columns():
    text = 'id,tags,front,back,hint\nq1,a b,"Paris, France","capital\nof France",big\n'
    question = read(text).banks[0].questions[0]
    assert (question.key, question.prompt, question.data["answer"]) == (
        "q1",
        "Paris, France",
        "capital\nof France",
    )
    assert (question.tags, question.hint) == (["a", "b"], "big")


def test_semicolons_are_recognised_and_rows_can_become_typed_answers():
    result = read("Haus;house\nBaum;tree\n", card_type="short_answer")
    assert [(c[1], c[2], c[3]) for c in cards(result)] == [
        ("short_answer", "Haus", "house"),
        ("short_answer", "Baum", "tree"),
    ]


def test_repeated_and_non_latin_terms_get_distinct_stable_ids():
    result = read("犬,dog\ncat,chat\nCat,Katze\n")
    keys = [c[0] for c in cards(result)]
    assert keys[0].startswith("term-") and keys[1:] == ["cat", "cat-2"]


def test_every_bad_row_is_reported_with_its_line():
    text = 'one\ntwo,\n,three\nfour,4\n"unterminated,x\n'
    with pytest.raises(BankValidationError) as info:
        read(text)
    assert [str(i) for i in info.value.issues] == [
        "vocab.csv:1:1: row 1: expected a term and a definition separated by a comma, "
        "found one column (is the file separated by something else?)",
        "vocab.csv:2:1: row 2: the definition of 'two' is empty",
        "vocab.csv:3:1: row 3: the term is empty",
        "vocab.csv:5:1: row 5: cannot read this row: unexpected end of data",
    ]


def test_rules_of_the_bank_format_apply_with_row_labels():
    with pytest.raises(BankValidationError) as info:
        read("id,term,definition\nBad Id,a,b\n")
    assert [str(i) for i in info.value.issues] == [
        "vocab.csv:2:1: row 2 (a), id: 'Bad Id' must start with a lowercase letter or digit "
        "and use only lowercase letters, digits, '.', '-' and '_'"
    ]


def test_extra_columns_are_noted_and_empty_files_refused():
    result = read("a,b,c\nd,e,f\n")
    assert [str(n) for n in result.notes] == [
        "vocab.csv:1:1: row 1: columns after the term and the definition are ignored"
    ]
    with pytest.raises(BankValidationError, match="no rows of term and definition"):
        read("\n\n")


def test_files_are_all_or_nothing_and_slugs_must_differ():
    with pytest.raises(BankValidationError) as info:
        read_files([("a.csv", b"x,y\n"), ("b.csv", b"x\n"), ("A.csv", b"z,w\n")], max_bytes=1000)
    assert [(i.file, i.path) for i in info.value.issues] == [
        ("A.csv", "bank.slug"),
        ("b.csv", "row 1"),
    ]


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\tx"])
def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(dangerous):
    assert safe_cell(dangerous) == "'" + dangerous
    parsed = list(csv.reader(io.StringIO(write_csv(["name"], [[dangerous]]))))
    assert parsed == [["name"], ["'" + dangerous]]


def test_numbers_stay_numbers_in_csv():
    assert safe_cell(-0.25) == -0.25
    assert safe_cell(None) == ""
    assert write_csv(["a", "b"], [[1, "x"]]) == "a,b\r\n1,x\r\n"
