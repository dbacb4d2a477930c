"""Property tests: whatever the bytes, the YAML, GIFT and CSV readers either read a bank
or raise the project's own ``BankValidationError`` with located problems; never any other
exception (which would be a 500 at upload).

Bounded (a few hundred examples each, no deadline) so they cost seconds in CI; the
examples mix the syntax of each format with the characters and numbers that broke the
readers before: control characters, tags such as ``!!bool maybe``, numbers of thousands
of digits or beyond a float.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.bankfile import BankValidationError, parse_bank
from quizapp.formats import read_files
from tests.conftest import bank_text

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")

BOUNDED = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)

CONTROL = st.sampled_from(["\x0c", "\x7f", "\x1b", "\x00", "\x85", "\ufeff", "\ud800", "\t", "\r"])
HUGE_NUMBERS = st.sampled_from(
    ["9" * 5000, "1e400", "-1e308", "1" + "0" * 400, "0x" + "f" * 5000, ".inf", ".nan", "1e-400"]
)


def _pieces(syntax: list[str]):
    return st.lists(
        st.one_of(
            st.sampled_from(syntax),
            CONTROL,
            HUGE_NUMBERS,
            st.text(max_size=12),
        ),
        max_size=40,
    ).map("".join)


YAML_SYNTAX = [
    ": ",
    "- ",
    "\n",
    "\n  ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "'",
    '"',
    "#",
    "&a ",
    "*a",
    "!!bool ",
    "!!int ",
    "!!float ",
    "!!timestamp ",
    "!!str ",
    "!!python/object ",
    "<<: ",
    "---\n",
    "maybe",
    "true",
    "null",
    "~",
    "|\n  ",
    ">\n  ",
    "? ",
    "%YAML 1.1\n",
    "\\x0c",
    "\\0",
    "\\ud800",
    "answer",
    "tolerance",
    "type: numeric",
    "choices",
    "id: q",
    "prompt: p",
]
GIFT_SYNTAX = [
    "::",
    "{",
    "}",
    "=",
    "~",
    "#",
    "->",
    "..",
    ":",
    "%50%",
    "%-100%",
    "TRUE",
    "F",
    "\n\n",
    "// c\n",
    "$CATEGORY: x\n",
    "\\",
    "\\{",
    "[html]",
    "[markdown]",
    "{#",
    "{1:MC:",
    "<b>",
    "&amp;",
    "1..2",
    "3:0.5",
]
CSV_SYNTAX = [
    ",",
    ";",
    "\t",
    "\n",
    '"',
    '""',
    "#separator:tab\n",
    "#html:true\n",
    "#tags column:",
    "#columns:",
    "term",
    "definition",
    "id",
    "tags",
    "=cmd",
    "+1",
    "@x",
    "²",
    "\r\n",
]


def _only_validation_errors(read):
    try:
        read()
    except BankValidationError as exc:
        assert exc.issues
        for issue in exc.issues:
            assert str(issue)


@BOUNDED
@given(_pieces(YAML_SYNTAX))
def test_any_yaml_text_reads_or_is_a_list_of_problems(text):
    _only_validation_errors(lambda: parse_bank(text, "bank.yaml"))


@BOUNDED
@given(_pieces(YAML_SYNTAX), st.sampled_from(["title", "description", "answer", "tolerance"]))
def test_a_valid_bank_with_a_hostile_value_reads_or_is_a_list_of_problems(value, where):
    text = bank_text(
        questions=f"- id: q\n  type: numeric\n  prompt: How many?\n  answer: 3\n  {where}: {value}"
    )
    if where in ("title", "description"):
        text = bank_text(title=value)
    _only_validation_errors(lambda: parse_bank(text, "bank.yaml"))


@BOUNDED
@given(_pieces(GIFT_SYNTAX))
def test_any_gift_text_reads_or_is_a_list_of_problems(text):
    raw = text.encode("utf-8", "surrogatepass")
    _only_validation_errors(lambda: read_files([("quiz.gift", raw)], max_bytes=200_000))


@BOUNDED
@given(_pieces(CSV_SYNTAX), st.sampled_from(["cards.csv", "cards.tsv", "cards.txt"]))
def test_any_csv_text_reads_or_is_a_list_of_problems(text, filename):
    raw = text.encode("utf-8", "surrogatepass")
    _only_validation_errors(
        lambda: read_files([(filename, raw)], max_bytes=200_000, unknown_as="csv")
    )


@BOUNDED
@given(st.binary(max_size=300), st.sampled_from(["bank.yaml", "quiz.gift", "cards.csv"]))
def test_any_bytes_read_or_are_a_list_of_problems(raw, filename):
    if filename.endswith(".yaml"):
        _only_validation_errors(lambda: parse_bank(raw, filename))
    else:
        _only_validation_errors(lambda: read_files([(filename, raw)], max_bytes=200_000))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("::a:: How many? {#" + "9" * 5000 + "}\n", "quiz.gift:1:"),
        ("::a:: How many? {#1e400..2}\n", "quiz.gift:1:"),
    ],
)
def test_gift_numbers_found_by_fuzzing_are_located_problems(text, expected):
    with pytest.raises(BankValidationError) as info:
        read_files([("quiz.gift", text.encode())], max_bytes=200_000)
    assert all(str(issue).startswith(expected) for issue in info.value.issues)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Cap\x0citals", "bank.yaml:4:13: (document): the character U+000C is not allowed"),
        ("Cap\x7f", "bank.yaml:4:13: (document): the character U+007F is not allowed"),
        ("Cap\x1b[31m", "bank.yaml:4:13: (document): the character U+001B is not allowed"),
    ],
)
def test_control_characters_in_yaml_are_located_problems(value, expected):
    with pytest.raises(BankValidationError) as info:
        parse_bank(bank_text(title=value), "bank.yaml")
    assert str(info.value.issues[0]).startswith(expected)


def test_bool_maybe_is_a_located_problem():
    text = bank_text(
        questions="- id: t\n  type: true_false\n  prompt: Is it?\n  answer: !!bool maybe"
    )
    with pytest.raises(BankValidationError) as info:
        parse_bank(text, "bank.yaml")
    assert [str(i) for i in info.value.issues] == [
        "bank.yaml:11:13: questions[0].answer: cannot read this value: it is not a valid !!bool"
    ]
