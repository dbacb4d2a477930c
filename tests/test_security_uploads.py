"""Hostile files through the browser's upload form: a clear 4xx listing the problem, nothing saved.

The command line reads the same files with the same code (quizapp.formats.read_files);
these go through the form, where a teacher's browser sends them.
"""

from __future__ import annotations

import io
import re
import threading
from html import unescape

import pytest
from sqlalchemy import func, select

from quizapp.bankfile import BankValidationError, parse_bank
from quizapp.errors import NotFound
from quizapp.extensions import db
from quizapp.models import Bank, BankUpload, BankUploadFile, Question
from quizapp.services import bank_admin
from tests.conftest import bank_text


def upload(client, *files, **fields):
    data = {"files": [(io.BytesIO(content), name) for name, content in files], **fields}
    return client.post("/teach/banks/upload", data=data, content_type="multipart/form-data")


def page_text(response) -> str:
    """The page as it reads: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def nothing_saved() -> bool:
    return not any(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Bank, BankUpload, Question)
    )


@pytest.fixture
def teacher(make_user, client_for):
    make_user("teach", "teacher")
    return client_for("teach")


@pytest.mark.parametrize(
    "name, content, expected",
    [
        # PostgreSQL cannot store a NUL; these used to pass the preview and fail at publishing.
        (
            "quiz.gift",
            b"::a:: Capital? {=Paris ~Lyon}\n\n::b:: Wh\x00at? {=x ~y}\n",
            "Line 3, column 9 · the whole file The file contains NUL characters",
        ),
        (
            "terms.csv",
            b"term,definition\nchat,\x00cat\n",
            "Line 2, column 6 · the whole file The file contains NUL characters",
        ),
        ("terms.tsv", b"chat\tcat\x00\n", "The file contains NUL characters"),
        ("bank.yaml", bank_text().encode().replace(b"Paris", b"Pa\x00ris"), "NUL characters"),
        # The rest were already refused; they stay refused.
        (
            "bomb.yaml",
            b'a: &a ["lol", "lol"]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n',
            "YAML anchors (&a) are not allowed",
        ),
        ("deep.yaml", b"[" * 5000 + b"]" * 5000, "nests deeper than 20 levels"),
        (
            "tags.yaml",
            b"!!python/object/apply:os.system ['echo hi']\n",
            "The YAML tag !!python/object/apply:os.system is not allowed",
        ),
        # YAML banks are UTF-8 only; spreadsheets may be UTF-16 or Windows-1252 (formats.md)
        ("latin1.yaml", "caf\u00e9: coffee\n".encode("latin-1"), "is not UTF-8 (byte 0xE9"),
        ("utf16.yaml", "a: b\n".encode("utf-16"), "is not UTF-8 (byte 0xFF"),
        ("binary.csv", b"a,b\n\x81\x8d,c\n", "neither UTF-8, UTF-16 nor Windows-1252"),
        ("long-line.csv", b"a," + b"x" * 200_000 + b"\n", "Cannot read this row"),
        ("empty.yaml", b"", "The file is empty"),
        ("braces.gift", b"{" * 100_000, "The answer block opened here is never closed"),
        ("many.csv", b"".join(b"t%d,d%d\n" % (i, i) for i in range(6000)), "the limit is 5000"),
        ("program.exe", b"MZ this program", "Unknown file type .exe"),
        # Anki's header lines name columns by number: one int() refuses, one too long for it,
        # and one that leaves a row no column for its content.
        (
            "anki.txt",
            "#tags column:\u00b2\nchat\tcat\n".encode(),
            "'#tags column:' needs a column number from 1 to 999, not '\u00b2'",
        ),
        (
            "anki.txt",
            b"#guid column:" + b"9" * 5000 + b"\nchat\tcat\n",
            "'#guid column:' needs a column number from 1 to 999",
        ),
        (
            "anki.txt",
            b"#deck column:1\ntags\n",
            "Line 2, column 1 · row 2 Expected a term and a definition",
        ),
    ],
)
def test_hostile_files_are_refused_with_their_place_and_nothing_is_saved(
    teacher, ctx, name, content, expected
):
    response = upload(teacher, (name, content))
    assert response.status_code == 422
    text = page_text(response)
    assert expected in text, text[:3000]
    assert "nothing was saved" in text
    assert nothing_saved()


def test_a_file_name_is_shown_as_text_never_as_markup(teacher, ctx):
    name = '<img src=x onerror="alert(1)">../../etc/passwd.yaml'
    response = upload(teacher, (name, b"format: quizapp/1\nbank: [\n"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert nothing_saved()


def test_more_files_than_allowed_are_refused_before_any_is_read(teacher, ctx):
    files = [(f"b{i}.csv", b"a,b\n") for i in range(21)]
    response = upload(teacher, *files)
    assert response.status_code == 422
    assert "Upload at most 20 files at a time." in response.get_data(as_text=True)
    assert nothing_saved()


def test_a_source_text_with_nul_characters_is_refused(teacher, ctx):
    response = teacher.post(
        "/teach/generate",
        data={"file": (io.BytesIO(b"On 4 May 1990 the treaty\x00 was signed."), "a.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "NUL characters" in response.get_data(as_text=True)
    assert nothing_saved()


def multipart(fields: dict[str, str], csrf_token: str) -> tuple[bytes, str]:
    """A form as a browser sends it (built here: Werkzeug's test client spools bodies over
    500 KB to a temporary file it never closes)."""
    boundary = "----quizapp-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in {**fields, "csrf_token": csrf_token}.items()
    ]
    body = "".join(parts) + f"--{boundary}--\r\n"
    return body.encode(), f"multipart/form-data; boundary={boundary}"


def test_a_pasted_text_over_the_generators_limit_gets_its_own_message(app, teacher, ctx):
    """The browser sends the drafting form as multipart; Werkzeug's default limit for a
    text field (500,000 bytes) is below the generator's, and its 413 blamed the 8 MiB limit."""
    limit = app.config["GENERATOR_MAX_BYTES"]
    body, content_type = multipart({"text": "x" * (limit + 1000)}, teacher.csrf_token())
    response = teacher.post("/teach/generate", data=body, content_type=content_type)
    assert response.status_code == 413
    assert f"the limit is {limit:,} bytes" in page_text(response)
    app.config["MAX_FORM_MEMORY_SIZE"] = 2048
    body, content_type = multipart({"text": "x" * 3000}, teacher.csrf_token())
    response = teacher.post("/teach/generate", data=body, content_type=content_type)
    assert response.status_code == 413
    assert "A text typed or pasted into a form may be up to 2 KiB" in page_text(response)
    assert nothing_saved()


def _at_once(app, *calls):
    """Run each call in its own thread and app context, released together."""
    outcomes: list = []
    barrier = threading.Barrier(len(calls))

    def run(call):
        with app.app_context():
            try:
                barrier.wait()
                outcomes.append(call())
            except Exception as exc:  # collected for the test to judge
                outcomes.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


def test_a_double_click_on_publish_imports_once(app, make_user, ctx):
    teacher = make_user("teach2", "teacher")
    token = bank_admin.stage_upload(
        teacher, [("capitals.yaml", bank_text().encode())], max_bytes=10**6
    ).token
    db.session.remove()

    def publish():
        return bank_admin.publish_upload(token, teacher, max_bytes=10**6, publish=True)

    outcomes = _at_once(app, publish, publish)
    assert sum(isinstance(o, list) for o in outcomes) == 1
    refused = [o for o in outcomes if not isinstance(o, list)]
    assert len(refused) == 1 and isinstance(refused[0], NotFound)
    assert "published or discarded" in refused[0].message
    assert db.session.scalar(select(func.count(Bank.id))) == 1
    assert db.session.scalar(select(func.count(BankUploadFile.id))) == 0


def test_publish_and_discard_at_once_do_one_or_the_other(app, make_user, ctx):
    teacher = make_user("teach2", "teacher")
    token = bank_admin.stage_upload(
        teacher, [("capitals.yaml", bank_text().encode())], max_bytes=10**6
    ).token
    db.session.remove()
    outcomes = _at_once(
        app,
        lambda: bank_admin.publish_upload(token, teacher, max_bytes=10**6, publish=True),
        lambda: bank_admin.discard_upload(token, teacher),
    )
    assert sum(isinstance(o, NotFound) for o in outcomes) == 1
    published = db.session.scalar(select(func.count(Bank.id)))
    discarded = any(o is None for o in outcomes)
    assert (published, discarded) in ((1, False), (0, True))
    assert db.session.scalar(select(func.count(BankUpload.id))) == 0


def test_a_second_publish_says_what_happened(teacher, ctx):
    response = upload(teacher, ("capitals.yaml", bank_text().encode()))
    publish_url = response.headers["Location"] + "/publish"
    assert teacher.post(publish_url, data={"publish": "1"}).status_code == 302
    again = teacher.post(publish_url, data={"publish": "1"})
    assert again.status_code == 404
    assert "published or discarded" in page_text(again)
    assert db.session.scalar(select(func.count(Bank.id))) == 1


ALIAS_BOMB_FRONT_MATTER = (
    "---\n"
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    + "".join(
        f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
        for prev, name in zip("abcdefghijkl", "bcdefghijklm", strict=True)
    )
    + "title: [*m, *m]\n---\n\nOn 4 May 1990 the treaty was signed in Paris.\n"
)


@pytest.mark.parametrize(
    "source, problem",
    [
        # str() of the title would be 9**13 "lol"s: tens of gigabytes.
        (ALIAS_BOMB_FRONT_MATTER, "anchors and aliases"),
        (
            "---\ntitle: " + "[" * 50_000 + "]" * 50_000 + "\n---\n\nOn 4 May 1990 it began.\n",
            "nests deeper than 20 levels",
        ),
    ],
)
def test_markdown_front_matter_cannot_expand_or_recurse(teacher, ctx, source, problem):
    response = teacher.post(
        "/teach/generate",
        data={"file": (io.BytesIO(source.encode()), "article.md")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert problem in page_text(response)
    assert nothing_saved()


def test_ordinary_front_matter_still_names_the_source(teacher, ctx):
    source = (
        "---\ntitle: The Treaty\nauthor: A. Writer\n---\n\n"
        "On 4 May 1990 the treaty was signed in Paris by France and Germany.\n"
    )
    response = teacher.post(
        "/teach/generate",
        data={"file": (io.BytesIO(source.encode()), "article.md")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Bank.title)) == "The Treaty"


@pytest.mark.parametrize(
    "line, expected",
    [
        # PyYAML's safe constructors fail on these with IndexError and AttributeError,
        # which the reader did not expect: the upload was a 500.
        (
            "explanation: !!float",
            "questions[0].explanation: cannot read this value: it is not a valid !!float",
        ),
        ("hint: !!int", "questions[0].hint: cannot read this value: it is not a valid !!int"),
        ("hint: !!timestamp 2020-01-01T", "it is not a valid !!timestamp"),
        ("? !!int\n  : x", "questions[0]: cannot read this key: it is not a valid !!int"),
        # A merge key is resolved to a tag the safe constructor has no constructor for.
        ("<<: {hint: x}", "questions[0]: YAML merge keys (<<) are not allowed"),
    ],
)
def test_scalars_that_do_not_match_their_tag_are_listed_problems(line, expected):
    text = bank_text(
        questions=f"""
- id: q
  type: true_false
  prompt: Is it?
  answer: true
  {line}
"""
    )
    with pytest.raises(BankValidationError) as raised:
        parse_bank(text, "bank.yaml")
    assert expected in str(raised.value)


def test_the_work_of_reading_yaml_is_bounded_by_values(monkeypatch):
    """Two 600 KB flow lists in one file took 30 s and 340 MB, and the worker was killed:
    reading stops at MAX_NODES values, wherever they are."""
    from quizapp.bankfile import safeyaml

    monkeypatch.setattr(safeyaml, "MAX_NODES", 2_000)
    text = bank_text() + "extra_a: [" + "1," * 1500 + "1]\nextra_b: [" + "1," * 1500 + "1]\n"
    with pytest.raises(BankValidationError) as info:
        parse_bank(text, "flow.yaml")
    (issue,) = info.value.issues
    assert "the file holds more than 2,000 values; split the bank" in str(issue)
    assert str(issue).startswith("flow.yaml:")


def test_the_work_of_reading_yaml_is_bounded_by_time(monkeypatch):
    from quizapp.bankfile import safeyaml

    monkeypatch.setattr(safeyaml, "MAX_PARSE_SECONDS", 0.0)
    text = bank_text() + "extra: [" + "1," * 3000 + "1]\n"
    with pytest.raises(BankValidationError) as info:
        parse_bank(text, "slow.yaml")
    assert "the file took more than 0 seconds to read" in str(info.value.issues[0])


def test_the_largest_bank_fits_the_value_limit():
    from quizapp.bankfile import safeyaml
    from quizapp.bankfile.validate import MAX_QUESTIONS

    # A question of the bundled banks' shape is about 25 values (keys, choices, source).
    assert MAX_QUESTIONS * 25 < safeyaml.MAX_NODES
