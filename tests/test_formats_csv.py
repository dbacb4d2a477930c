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
    result = read("a\tb\tc\nd\te\tf\n", "vocab.tsv")
    assert [str(n) for n in result.notes] == [
        "vocab.tsv:1:1: row 1: columns after the term and the definition are ignored"
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


# -- quizapp's column layout, encodings, .xlsx and the export ------------------

LAYOUT = """\
id,type,prompt,answer,choices,accept,tolerance,unit,explanation,hint,tags
paris,multiple_choice,Capital of France?,Paris,Paris | Lyon | Nice,,,,Since 987.,,"europe, capitals"
rome,true_false,Rome is in Italy.,yes,,,,,,,
tokyo,short_answer,Capital of Japan?,Tokyo,,Tokio | Edo,,,,Think big,
pi,numeric,Pi to two decimals?,3.14,,,0.005,,,,
c,numeric,Speed of light?,299792,,,1%,km/s,,,
blank,cloze,The Seine flows through ___.,Paris,,paris city,,,,,
two,cloze,___ and ___ are twins.,Castor | Pollux,,,,,,,
order,ordering,Oldest first,Rome | Paris | Berlin,,,,,,,
card,flashcard,der Hund,the dog,,,,,,,
"""


def test_the_layout_holds_every_question_type():
    questions = {q.key: q for q in read(LAYOUT, "bank.csv").banks[0].questions}
    assert questions["paris"].data == {"choices": ["Paris", "Lyon", "Nice"], "answer": "Paris"}
    assert questions["paris"].tags == ["europe", "capitals"]
    assert questions["paris"].explanation == "Since 987."
    assert questions["rome"].data == {"answer": True}
    assert questions["tokyo"].data["accept"] == ["Tokio", "Edo"]
    assert questions["tokyo"].hint == "Think big"
    assert questions["pi"].data == {"answer": 3.14, "tolerance": 0.005}
    assert questions["c"].data == {"answer": 299792, "tolerance": "1%", "unit": "km/s"}
    assert questions["blank"].data["answer"] == "Paris"
    assert questions["two"].data["answer"] == ["Castor", "Pollux"]
    assert questions["order"].data == {"answer": ["Rome", "Paris", "Berlin"]}
    assert (questions["card"].type, questions["card"].data) == ("flashcard", {"answer": "the dog"})


def test_choice_columns_and_an_answer_by_number_as_quiz_sheets_write_them():
    text = "question;type;choice 1;choice 2;choice 3;answer\nBest?;mc;red;green;blue;2\n"
    question = read(text, "kahoot.csv").banks[0].questions[0]
    assert question.data == {"choices": ["red", "green", "blue"], "answer": "green"}


def test_layout_rows_with_problems_are_named_by_row():
    text = (
        "prompt,type,answer,choices\n"
        "A?,essay,x,\n"
        "B?,true_false,maybe,\n"
        "C?,multiple_choice,z,x | y\n"
        "D?,numeric,,\n"
    )
    with pytest.raises(BankValidationError) as info:
        read(text, "bank.csv")
    assert [str(i) for i in info.value.issues] == [
        "bank.csv:2:1: row 2: unknown type 'essay': use multiple_choice, true_false, "
        "short_answer, numeric, cloze, ordering or flashcard",
        "bank.csv:3:1: row 3: a true/false answer is true or false, not 'maybe'",
        "bank.csv:4:1: row 4 (C?), answer: 'z' is not one of the choices",
        "bank.csv:5:1: row 5: the answer of 'D?' is empty",
    ]


def test_quizlet_comma_exports_keep_commas_in_definitions():
    result = read("bonjour,hello, good day\nmerci,thanks\n", "french.csv")
    assert [c[2:4] for c in cards(result)] == [("bonjour", "hello, good day"), ("merci", "thanks")]
    assert result.notes == []


def test_windows_1252_and_utf_16_files_are_read():
    text = "prompt,answer\nCafé,coffee\nNaïve,naive\n"
    result = read_files([("cafe.csv", text.encode("cp1252"))], max_bytes=10_000)
    assert [q.prompt for q in result.banks[0].questions] == ["Café", "Naïve"]
    assert [str(n) for n in result.notes] == [
        "cafe.csv:2:1: (document): the file is not UTF-8: it was read as Windows-1252 "
        "(Western European). If letters with accents look wrong, save it as CSV UTF-8 and "
        "upload it again"
    ]
    for encoded in (text.encode("utf-16"), text.encode("utf-16-le"), text.encode("utf-16-be")):
        result = read_files([("cafe.csv", encoded)], max_bytes=10_000)
        assert [q.prompt for q in result.banks[0].questions] == ["Café", "Naïve"]
        assert result.notes == []


def test_a_file_in_no_known_encoding_is_refused_clearly():
    with pytest.raises(BankValidationError) as info:
        read_files([("x.csv", b"a,b\n\x81\x8d,c\n")], max_bytes=10_000)
    assert str(info.value.issues[0]) == (
        "x.csv:2:1: (document): the file is neither UTF-8, UTF-16 nor Windows-1252 "
        "(byte 0x81 cannot be decoded); save it as CSV UTF-8"
    )


def _workbook(rows) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_workbook_is_read_like_a_csv_file():
    data = _workbook(
        [
            ["prompt", "type", "answer", "tolerance", "tags"],
            ["Year of the Armistice?", "numeric", 1953, None, "korea"],
            ["Half of one?", "numeric", 0.5, 0.01, None],
            ["Is 1 odd?", "true_false", True, None, None],
        ]
    )
    questions = read_files([("Korea.xlsx", data)], max_bytes=100_000).banks[0].questions
    assert [(q.type, q.data) for q in questions] == [
        ("numeric", {"answer": 1953}),
        ("numeric", {"answer": 0.5, "tolerance": 0.01}),
        ("true_false", {"answer": True}),
    ]
    assert questions[0].tags == ["korea"]


def test_a_damaged_or_empty_workbook_is_refused():
    with pytest.raises(BankValidationError, match=r"not an \.xlsx workbook"):
        read_files([("x.xlsx", b"not a zip")], max_bytes=10_000)
    with pytest.raises(BankValidationError, match="first sheet of the workbook is empty"):
        read_files([("x.xlsx", _workbook([]))], max_bytes=100_000)
    with pytest.raises(BankValidationError) as info:
        read_files(
            [("x.xlsx", _workbook([["prompt", "type", "answer"], ["A?", "mc", "a"]]))],
            max_bytes=100_000,
        )
    assert "x.xlsx:2:1: row 2 (A?), choices" in str(info.value)


def _document():
    result = read(LAYOUT, "bank.csv")
    bank = result.banks[0]
    return {
        "bank": {"slug": bank.slug, "title": bank.title},
        "questions": [
            {"id": q.key, "type": q.type, "prompt": q.prompt, **q.data}
            | ({"explanation": q.explanation} if q.explanation else {})
            | ({"hint": q.hint} if q.hint else {})
            | ({"tags": q.tags} if q.tags else {})
            for q in bank.questions
        ]
        + [
            {
                "id": "tricky",
                "type": "multiple_choice",
                "prompt": "=1+1, really?",
                "choices": ["a | b", "-3", "@x"],
                "answer": "-3",
                "tags": ["two words"],
            }
        ],
    }


def _fields(bank):
    return [
        (q.key, q.type, q.prompt, q.data, q.explanation, q.hint, q.tags) for q in bank.questions
    ]


@pytest.mark.parametrize("kind", ["csv", "tsv", "xlsx"])
def test_export_reads_back_unchanged(kind):
    from quizapp.formats import write_table

    document = _document()
    table = write_table(document)
    assert table.losses == []
    content = {
        "csv": lambda: table.csv().encode("utf-8"),
        "tsv": lambda: table.csv("\t").encode("utf-8"),
        "xlsx": table.xlsx,
    }[kind]()
    again = read_files([(f"bank.{kind}", content)], max_bytes=100_000).banks[0]
    original = read_files([("bank.xlsx", write_table(document).xlsx())], max_bytes=100_000).banks[0]
    assert _fields(again) == _fields(original)
    assert [q.key for q in again.questions][-1] == "tricky"
    tricky = again.questions[-1]
    assert tricky.prompt == "=1+1, really?" and tricky.data["choices"] == ["a | b", "-3", "@x"]
    assert tricky.tags == ["two words"]
    if kind == "csv":
        assert "'=1+1, really?" in table.csv(), "formulas stay text in a spreadsheet"


def test_xlsx_export_never_writes_a_formula():
    import openpyxl

    table = write_table_for([{"id": "f", "type": "flashcard", "prompt": "=A1", "answer": "x"}])
    sheet = openpyxl.load_workbook(io.BytesIO(table.xlsx())).active
    assert sheet["C2"].value == "=A1" and sheet["C2"].data_type == "s"


def write_table_for(questions):
    from quizapp.formats import write_table

    return write_table({"bank": {"slug": "b", "title": "B"}, "questions": questions})


@pytest.mark.parametrize(
    "cell", ['x;=HYPERLINK("http://evil")', "a;+1", 'say "hi", then;@x', "a\nb"]
)
def test_csv_cells_stay_whole_for_spreadsheets_that_split_on_semicolons(cell):
    written = write_csv(["name", "n"], [[cell, 2]])
    row = written.split("\r\n", 1)[1]
    assert row.startswith('"')  # quoted: a ";"-splitting spreadsheet keeps it one cell
    semicolon = list(csv.reader(io.StringIO(written), delimiter=";"))
    assert all(not part.startswith(("=", "+", "-", "@")) for line in semicolon for part in line)
    assert list(csv.reader(io.StringIO(written)))[1] == [cell, "2"]
