"""Moodle GIFT: every supported question type, line-numbered refusals, and a round trip."""

from pathlib import Path

import pytest

from quizapp.bankfile import BankValidationError
from quizapp.formats import detect_format, read_files, write_gift
from quizapp.formats.gift import escape, unescape

DATA = Path(__file__).parent / "data" / "formats"


def read(text: str, filename: str = "quiz.gift", **kw):
    return read_files([(filename, text.encode("utf-8"))], max_bytes=100_000, **kw)


def problems(text: str, filename: str = "quiz.gift") -> list[str]:
    with pytest.raises(BankValidationError) as info:
        read(text, filename)
    return [str(issue) for issue in info.value.issues]


def by_key(result):
    return {q.key: q for q in result.banks[0].questions}


def test_a_file_with_every_supported_type_converts_to_quizapp_questions():
    result = read_files(
        [("every-type.gift", (DATA / "every-type.gift").read_bytes())], max_bytes=100_000
    )
    bank = result.banks[0]
    assert (bank.slug, bank.title) == ("every-type", "every-type")
    q = by_key(result)
    assert [k for k in q] == [
        "france",
        "rome",
        "berlin-false",
        "japan",
        "pi",
        "ww2",
        "germany",
        "louvre",
        "match.1",
        "match.2",
        "match.3",
        "escapes",
    ]
    france = q["france"]
    assert france.type == "multiple_choice"
    assert france.data == {"choices": ["Paris", "Lyon", "Marseille"], "answer": "Paris"}
    assert france.explanation == "Paris has been the capital since 987."
    assert france.tags == ["Geography"]
    assert (q["rome"].type, q["rome"].data) == ("true_false", {"answer": True})
    assert q["berlin-false"].data == {"answer": False}
    assert q["berlin-false"].explanation == "Right, it is not."
    assert (q["japan"].type, q["japan"].data) == (
        "short_answer",
        {"answer": "Tokyo", "accept": ["Tokio"]},
    )
    assert q["pi"].prompt == "What is π to two decimals?"
    assert q["pi"].data == {"answer": 3.14, "tolerance": 0.005}
    assert q["ww2"].data == {"answer": 1945, "tolerance": 5}
    assert q["germany"].type == "cloze"
    assert q["germany"].prompt == "The capital of Germany is ___ and it lies on the Spree."
    assert q["germany"].data == {"answer": "Berlin"}
    assert q["louvre"].type == "multiple_choice"
    assert q["louvre"].prompt == "The Louvre is in ___."
    assert q["match.2"].prompt == "Match each country with its capital. — Italy"
    assert q["match.2"].data == {
        "choices": ["Paris", "Rome", "Madrid", "Lisbon"],
        "answer": "Rome",
    }
    assert q["escapes"].prompt == "Which symbol means equals in 2 = 2?"
    assert q["escapes"].data["choices"] == ["=", "#", "{}"]


def test_losses_are_reported_as_notes_with_their_line():
    result = read_files(
        [("every-type.gift", (DATA / "every-type.gift").read_bytes())], max_bytes=100_000
    )
    notes = [str(n) for n in result.notes]
    assert any(n.startswith("every-type.gift:5:1: question 1 (france): feedback") for n in notes)
    assert any("question 9 (match)" in n and "3 multiple-choice questions" in n for n in notes)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("::e::Describe Paris. {}", "quiz.gift:1:22: question 1 (e): an empty answer block {}"),
        ("::e::Describe Paris. {####Model answer}", "is an essay question"),
        ("Just some text for the students.", "quiz.gift:1:1: question 1: no answer block"),
        ("::c::A {1:MULTICHOICE:=a~b} b", "embedded answers (Cloze)"),
        ("::c::A {=x} and {=y}", "quiz.gift:1:17: question 1 (c): a second answer block"),
        ("::m::Capitals? {~%50%Paris ~%50%Rome ~%-100%Lyon}", "a multiple-answer question"),
        ("::m::Capital? {=Paris =Rome ~Lyon}", "2 right answers"),
        ("::m::Capital? {~Paris ~Rome}", "no right answer"),
        ("::n::Pi? {#three}", "'three' is not a number"),
        ("::n::Pi? {#=3.14:0 =3.2:0}", "several different right numeric answers"),
        ("::t::The answer {T} is in the middle.", "a true false answer block in the middle"),
        ("::o::Open {=a", "never closed"),
        ("::title without end What? {=a}", "the title opened with '::' is never closed"),
        ("::d::Pick {=a ~a}", "question 1 (d), choices[1]: repeats item 0"),
        ("::s::Text {stray =a}", "unexpected text 'stray' before the first answer"),
    ],
)
def test_unsupported_constructs_are_refused_with_their_line(text, expected):
    found = problems(text)
    assert any(expected in p for p in found), found


def test_every_problem_in_a_file_is_reported_and_nothing_is_returned():
    text = "::ok::Fine? {T}\n\n::e::Essay {}\n\n// comment\n\n::d::A description.\n"
    found = problems(text)
    assert [p.split(": ")[0] for p in found] == ["quiz.gift:3:12", "quiz.gift:7:6"]


def test_lines_are_counted_across_comments_and_multi_line_questions():
    text = "// header\n\n::a::First\nline {\n  =x\n  ~x\n}\n"
    assert problems(text) == ["quiz.gift:6:3: question 1 (a), choices[1]: repeats item 0 ('x')"]


def test_partial_credit_and_feedback_are_dropped_with_a_note():
    result = read("::j::Capital of Japan? {=Tokyo =%50%Kyoto#close}\n")
    assert by_key(result)["j"].data == {"answer": "Tokyo"}
    assert any("answers worth part of the mark" in str(n) for n in result.notes)


def test_ids_come_from_titles_or_the_prompt_and_stay_unique():
    text = "What is 1+1? {#2}\n\n::Q 1::One? {T}\n\n::Q 1::Again? {F}\n\n::日本::Japan? {T}\n"
    keys = list(by_key(read(text)))
    assert keys[0] == "what-is-1-1"
    assert keys[1:3] == ["q-1", "q-1-2"]
    assert keys[3].startswith("q-") and len(keys[3]) == 12


def test_a_title_that_is_already_an_id_is_kept_exactly():
    assert list(by_key(read("::ch_1.intro::Hello? {T}"))) == ["ch_1.intro"]


def test_matching_with_too_many_answers_is_refused():
    pairs = "\n".join(f"=L{i} -> R{i}" for i in range(11))
    assert any("11 different answers" in p for p in problems(f"::m::Match {{\n{pairs}\n}}"))


def test_escaping_round_trips():
    for text in ["a = b", "{x}", "50% #1 ~ish", "c:\\path", "two\nlines"]:
        assert unescape(escape(text)) == text


def test_export_then_import_gives_the_same_questions():
    original = read_files(
        [("every-type.gift", (DATA / "every-type.gift").read_bytes())], max_bytes=100_000
    ).banks[0]
    document = {
        "bank": {"slug": original.slug, "title": original.title},
        "questions": [
            {"id": q.key, "type": q.type, "prompt": q.prompt, **q.data}
            | ({"explanation": q.explanation} if q.explanation else {})
            for q in original.questions
        ],
    }
    exported = write_gift(document)
    assert exported.skipped == []
    again = read(exported.text, "every-type.gift").banks[0]
    assert [(q.key, q.type, q.prompt, q.data, q.explanation) for q in again.questions] == [
        (q.key, q.type, q.prompt, q.data, q.explanation) for q in original.questions
    ]


def test_export_lists_questions_gift_cannot_hold():
    document = {
        "bank": {"slug": "b", "title": "B"},
        "questions": [
            {"id": "o", "type": "ordering", "prompt": "Order", "answer": ["a", "b"]},
            {"id": "f", "type": "flashcard", "prompt": "Front", "answer": "Back"},
            {"id": "c", "type": "cloze", "prompt": "___ and ___", "answer": ["a", "b"]},
            {"id": "n", "type": "numeric", "prompt": "N", "answer": 200, "tolerance": "5%"},
        ],
    }
    exported = write_gift(document)
    assert exported.skipped == [("o", "ordering"), ("f", "flashcard"), ("c", "cloze")]
    assert "//   o (ordering)" in exported.text
    assert "::n::N {#200:10}" in exported.text


def test_txt_files_are_told_apart_by_content():
    assert detect_format("moodle.txt", "::a::Q {T}") == "gift"
    assert detect_format("quizlet.txt", "term\tdefinition") == "tsv"
    assert detect_format("anki.txt", "#separator:tab\n{{c1::x}}\ty") == "tsv"
    assert detect_format("bank.YAML", "") == "yaml"
    assert detect_format("quiz.xml", "") == "moodle-xml"
    assert detect_format("quiz.docx", "") is None


def test_unknown_file_types_and_oversized_files_are_refused():
    with pytest.raises(BankValidationError, match=r"unknown file type \.docx"):
        read_files([("quiz.docx", b"<quiz/>")], max_bytes=100)
    with pytest.raises(BankValidationError, match="the limit is 10 bytes"):
        read_files([("quiz.gift", b"::a::Q {T}" * 3)], max_bytes=10)


def test_slug_and_title_can_be_given():
    bank = read("::a::Q {T}", slug="my-quiz", title="My quiz").banks[0]
    assert (bank.slug, bank.title) == ("my-quiz", "My quiz")


def read_data(name: str):
    return read_files([(name, (DATA / name).read_bytes())], max_bytes=100_000)


def test_the_examples_of_moodles_documentation_are_read():
    result = read_data("moodle-docs.gift")
    questions = by_key(result)
    assert questions["q5"].data == {"answer": 3, "tolerance": 2}
    assert questions["q6"].data == {"answer": 3, "tolerance": 2}
    # '{#3.14159:0.0005}.': the full stop after a numeric block ends the sentence
    pi = [q for q in result.banks[0].questions if q.prompt.startswith("What is the value of pi")]
    assert [q.data for q in pi] == [
        {"answer": 3.14159, "tolerance": 0.0005},
        {"answer": 3.1415, "tolerance": 0.0005},
        {"answer": 3.142, "tolerance": 0.0005},
    ]
    assert pi[2].explanation == "Well done!"  # '~#Sorry, not quite' is for any other answer
    assert questions["jesus-hometown"].prompt == "Jesus Christ was from ___."
    assert questions["which-answer-equals-5"].data["answer"] == "= 2 + 3"


def test_format_markers_on_answers_and_feedback_are_markers_not_text():
    questions = by_key(read_data("moodle-docs.gift"))
    tomb = questions["grant.tomb"]  # its // [id:grant.tomb]
    assert tomb.prompt == "Who is buried in Grant's tomb in New York City?"
    assert tomb.data["choices"] == ["Grant", "No one", "Napoleon"]
    assert tomb.tags == ["harry", "history", "new-york"]  # $CATEGORY: tom/dick/harry, [tag:]


def test_markdown_becomes_plain_text_with_a_note():
    result = read_data("moodle-docs.gift")
    assert by_key(result)["markdown"].prompt == "Which word is bold here?"
    assert any(
        n.line == 73 and "Markdown is shown as plain text" in n.message for n in result.notes
    )


def test_moodles_own_export_form_is_read():
    result = read_data("moodle-export.gift")
    questions = by_key(result)
    assert questions["phys.c"].data == {"answer": 299792, "tolerance": 10}
    assert questions["phys.c"].tags == ["Units", "constants", "light"]
    assert questions["phys.c"].explanation == "Right."
    assert questions["phys.si"].data == {
        "choices": ["newton", "joule", "watt"],
        "answer": "newton",
    }
    assert questions["vacuum"].prompt == "Sound travels through a vacuum. a wave"
    assert [str(n) for n in result.notes if "wave.png" in n.message] == [
        "moodle-export.gift:28:1: question 3 (vacuum): the img 'wave.png' is left out: "
        "quizapp questions hold text only (an image's alt text is kept)"
    ]


def test_a_choice_with_an_arrow_is_multiple_choice_not_matching():
    question = read("::m::Which way? {=left -> right ~up -> down ~none}").banks[0].questions[0]
    assert question.type == "multiple_choice"
    assert question.data == {
        "choices": ["left -> right", "up -> down", "none"],
        "answer": "left -> right",
    }


def test_an_id_that_is_not_a_quizapp_id_is_refused_at_its_line():
    found = problems("// [id:Not An Id]\n::t::Q? {T}\n")
    assert found == [
        "quiz.gift:1:1: question 1 (t): [id:Not An Id] is not a quizapp id: use lowercase "
        "letters, digits, '.', '-' and '_', starting with a letter or digit"
    ]


def test_export_keeps_ids_tags_and_tricky_answers_on_the_way_back():
    document = {
        "bank": {"slug": "b", "title": "B"},
        "questions": [
            {
                "id": "arrow",
                "type": "multiple_choice",
                "prompt": "Which arrow?",
                "choices": ["a -> b", "%50% off", "c"],
                "answer": "%50% off",
                "tags": ["Maps/Europe", "capitals", "a]b"],
            },
            {
                "id": "rule",
                "type": "short_answer",
                "prompt": "Rewrite rule?",
                "answer": "x -> y",
                "accept": ["%1"],
                "tags": ["Maps/Europe"],
            },
            {"id": "untagged", "type": "true_false", "prompt": "Yes?", "answer": True},
            {"id": "n", "type": "numeric", "prompt": "N?", "answer": -5, "tags": ["t"]},
        ],
    }
    exported = write_gift(document)
    assert "$CATEGORY: $course$/top/Maps//Europe\n\n// [id:arrow] [tag:capitals] [tag:a\\]b]\n" in (
        exported.text
    )
    assert "$CATEGORY: $course$/top\n\n// [id:untagged]" in exported.text
    again = by_key(read(exported.text, "b.gift"))
    assert again["arrow"].data == {"choices": ["a -> b", "%50% off", "c"], "answer": "%50% off"}
    assert again["arrow"].tags == ["Maps/Europe", "capitals", "a]b"]
    assert again["rule"].data == {"answer": "x -> y", "accept": ["%1"]}
    assert again["rule"].tags == ["Maps/Europe"]
    assert again["untagged"].tags == []
    assert again["n"].data == {"answer": -5} and again["n"].tags == ["t"]
