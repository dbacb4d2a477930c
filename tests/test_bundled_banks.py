"""The bundled question banks: valid against the format's JSON Schema and true to their sources.

Each bank in question_banks/ is checked against quizapp/schemas/bank-format-v1.schema.json and
against the text it was written from. The source texts live in tests/data/sources/, named after
the bank file (``<bank>.txt`` for a bank with one source, ``<bank>.<source id>.txt`` otherwise).
A bank may also have an answer key in tests/data/keys/<bank>.yaml listing the facts it must cover.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BANKS_DIR = ROOT / "question_banks"
SCHEMA_PATH = ROOT / "quizapp" / "schemas" / "bank-format-v1.schema.json"
FORMAT_DOC = ROOT / "docs" / "bank-format.md"
DATA_DIR = Path(__file__).resolve().parent / "data"
SOURCES_DIR = DATA_DIR / "sources"
KEYS_DIR = DATA_DIR / "keys"

BANK_PATHS = sorted(BANKS_DIR.glob("*.yaml"))
KEY_PATHS = sorted(KEYS_DIR.glob("*.yaml"))

# Which field of an answer-key fact holds the value a covering question's answer must contain.
KEY_SECTIONS = {"dates": "when", "officials": "name", "treaties": "name", "numbers": "value"}

QUOTE_STYLES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def as_json_data(value: Any) -> Any:
    """What the schema is applied to: the YAML data with dates turned into ISO strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: as_json_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json_data(item) for item in value]
    return value


def load_yaml(path: Path) -> Any:
    return as_json_data(yaml.safe_load(path.read_text(encoding="utf-8")))


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def schema_errors(data: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    return [f"{e.json_path}: {e.message}" for e in errors]


def source_text(bank_path: Path, bank: dict[str, Any], source_id: str) -> str:
    candidates = [SOURCES_DIR / f"{bank_path.stem}.{source_id}.txt"]
    if len(bank["bank"].get("sources", [])) == 1:
        candidates.append(SOURCES_DIR / f"{bank_path.stem}.txt")
    for candidate in candidates:
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    names = " or ".join(str(c.relative_to(ROOT)) for c in candidates)
    pytest.fail(f"{bank_path.name}: no text for source {source_id!r}; expected {names}")


def answer_text(answer: Any) -> str:
    """A question's answer as text; a list (cloze blanks, ordering items) joined by spaces."""
    if isinstance(answer, bool):
        return "true" if answer else "false"
    if isinstance(answer, list):
        return " ".join(answer_text(item) for item in answer)
    return str(answer)


def same_sentence(a: str, b: str) -> bool:
    def norm(text: str) -> str:
        return " ".join(text.translate(QUOTE_STYLES).split())

    return norm(a) == norm(b)


def appears_in(needle: str, haystack: str) -> bool:
    """Whether needle occurs in haystack as whole words, ignoring case."""
    needle = needle.strip().rstrip(".")
    if not needle:
        return False
    pattern = rf"(?<!\w){re.escape(needle)}(?!\w)"
    return re.search(pattern, haystack, flags=re.IGNORECASE) is not None


def minimal_bank(**question: Any) -> dict[str, Any]:
    return {
        "format": "quizapp/1",
        "bank": {"slug": "example", "title": "Example"},
        "questions": [
            question or {"id": "q1", "type": "flashcard", "prompt": "Front", "answer": "Back"}
        ],
    }


bank_params = pytest.mark.parametrize("bank_path", BANK_PATHS, ids=[p.stem for p in BANK_PATHS])


def test_there_are_bundled_banks():
    assert BANK_PATHS, f"no *.yaml bank in {BANKS_DIR}"


def test_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(schema())
    assert schema()["$id"] == "https://quizapp.invalid/schemas/bank-format-v1.schema.json"


@bank_params
def test_bank_matches_the_schema(bank_path):
    assert schema_errors(load_yaml(bank_path)) == []


@bank_params
def test_question_ids_are_unique(bank_path):
    ids = [str(q["id"]) for q in load_yaml(bank_path)["questions"]]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


@bank_params
def test_source_sentences_are_verbatim(bank_path):
    bank = load_yaml(bank_path)
    source_ids = {str(s["id"]) for s in bank["bank"].get("sources", [])}
    not_found = []
    for question in bank["questions"]:
        source = question.get("source")
        if source is None:
            continue
        ref = str(source["ref"])
        assert ref in source_ids, f"{question['id']}: unknown source {ref!r}"
        if str(source["sentence"]) not in source_text(bank_path, bank, ref):
            not_found.append(question["id"])
    assert not_found == []


@bank_params
def test_multiple_choice_answers_are_among_the_choices(bank_path):
    wrong = [
        q["id"]
        for q in load_yaml(bank_path)["questions"]
        if q["type"] == "multiple_choice" and str(q["answer"]) not in map(str, q["choices"])
    ]
    assert wrong == []


@bank_params
def test_answers_do_not_appear_in_their_prompts(bank_path):
    given_away = []
    for question in load_yaml(bank_path)["questions"]:
        answer = question["answer"]
        if isinstance(answer, bool):
            continue
        parts = answer if isinstance(answer, list) else [answer]
        given_away += [
            f"{question['id']}: {part!r}"
            for part in parts
            if appears_in(str(part), str(question["prompt"]))
        ]
    assert given_away == []


@pytest.mark.parametrize("key_path", KEY_PATHS, ids=[p.stem for p in KEY_PATHS])
def test_bank_covers_every_fact_of_its_key(key_path):
    bank_path = BANKS_DIR / f"{key_path.stem}.yaml"
    assert bank_path.is_file(), f"the key {key_path.name} has no bank {bank_path.name}"
    questions = load_yaml(bank_path)["questions"]
    key = load_yaml(key_path)
    missing = []
    for section, field in KEY_SECTIONS.items():
        for fact in key.get(section, []):
            values = [str(v).casefold() for v in [fact[field], *fact.get("accept", [])]]
            covered = any(
                "source" in q
                and same_sentence(str(q["source"]["sentence"]), fact["sentence"])
                and any(v in answer_text(q["answer"]).casefold() for v in values)
                for q in questions
            )
            if not covered:
                missing.append(f"{section}: {fact[field]}")
    assert missing == []


def format_doc_examples() -> list[Any]:
    blocks = re.findall(r"```yaml\n(.*?)```", FORMAT_DOC.read_text(encoding="utf-8"), re.S)
    return [as_json_data(yaml.safe_load(block)) for block in blocks]


def test_examples_in_the_format_doc_match_the_schema():
    examples = format_doc_examples()
    assert examples
    for example in examples:
        bank = example if isinstance(example, dict) else {**minimal_bank(), "questions": example}
        assert schema_errors(bank) == []


def test_minimal_bank_matches_the_schema():
    assert schema_errors(minimal_bank()) == []


def _with_extra_top_level_key(bank):
    bank["questons"] = []


def _multiple_choice_without_choices(bank):
    bank["questions"] = [{"id": "q1", "type": "multiple_choice", "prompt": "Which?", "answer": "A"}]


def _true_false_with_text_answer(bank):
    bank["questions"] = [{"id": "q1", "type": "true_false", "prompt": "Is it?", "answer": "true"}]


def _unknown_question_field(bank):
    bank["questions"][0]["explantion"] = "Misspelt."


def _field_of_another_type(bank):
    bank["questions"][0]["choices"] = ["Back", "Front"]


def _cloze_without_blank(bank):
    bank["questions"] = [{"id": "q1", "type": "cloze", "prompt": "No blank", "answer": "x"}]


def _numeric_with_text_answer(bank):
    bank["questions"] = [{"id": "q1", "type": "numeric", "prompt": "How many?", "answer": "many"}]


def _ordering_with_one_item(bank):
    bank["questions"] = [{"id": "q1", "type": "ordering", "prompt": "Order", "answer": ["a"]}]


def _bad_slug(bank):
    bank["bank"]["slug"] = "Not A Slug"


def _bad_published_date(bank):
    bank["bank"]["sources"] = [{"id": "s", "title": "T", "published": "5 December 2020"}]


def _boolean_where_text_is_expected(bank):
    bank["questions"][0]["answer"] = True


@pytest.mark.parametrize(
    "break_bank",
    [
        _with_extra_top_level_key,
        _multiple_choice_without_choices,
        _true_false_with_text_answer,
        _unknown_question_field,
        _field_of_another_type,
        _cloze_without_blank,
        _numeric_with_text_answer,
        _ordering_with_one_item,
        _bad_slug,
        _bad_published_date,
        _boolean_where_text_is_expected,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
def test_schema_rejects(break_bank):
    bank = copy.deepcopy(minimal_bank())
    break_bank(bank)
    assert schema_errors(bank) != []


def test_schema_accepts_numbers_and_dates_where_text_is_expected():
    bank = minimal_bank(
        id="q1",
        type="multiple_choice",
        prompt="When?",
        choices=[1979, "2020-12-05", "never"],
        answer=1979,
    )
    bank["bank"]["sources"] = [{"id": "s", "title": 1984, "published": 2020}]
    assert schema_errors(bank) == []
