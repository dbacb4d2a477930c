"""The parse engine: its corpus of cases, its item-writing checker and its lazy model."""

from __future__ import annotations

import datetime as dt
import pathlib
import subprocess
import sys

import pytest
import yaml

from quizapp.bankfile import parse_bank
from quizapp.generator import dump_bank_yaml, generate_bank, read_source
from quizapp.generator.checker import check_question
from quizapp.generator.distractors import same_referent, scaled
from quizapp.generator.document import parse
from quizapp.generator.evaluation import overall, recall
from quizapp.generator.realise import realise
from quizapp.generator.records import extract_records

ROOT = pathlib.Path(__file__).resolve().parents[1]
CORPUS = yaml.safe_load((pathlib.Path(__file__).parent / "generator_corpus.yaml").read_text())
SHARED = next(
    (p for p in (ROOT.parent / "shared", pathlib.Path("/work/shared")) if p.is_dir()), None
)
CGTN = "cgtn-2020-12-05-russia-china-alliance"


def _records(text: str, published: dt.date | None):
    source = read_source(text, filename="case.txt", published=published)
    records = extract_records(parse(source))
    found = []
    for record in records.records:
        realised = realise(record, records)
        if realised:
            found.append((record.kind, record.answer, realised[0]))
    return found


@pytest.mark.parametrize("case", CORPUS["cases"], ids=[c["name"] for c in CORPUS["cases"]])
def test_corpus_case(case):
    published = case.get("published")
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    found = _records(case["text"], published)
    for expected in case["expect"]:
        matches = [
            prompt
            for kind, answer, prompt in found
            if kind == expected["kind"] and answer == str(expected["answer"])
        ]
        assert matches, f"no {expected['kind']} record {expected['answer']!r} in {found}"
        assert any(p.startswith(expected["prompt"]) for p in matches), (matches, expected)
    for absent in case.get("absent", []):
        assert not [f for f in found if f[0] == absent["kind"]], found


@pytest.mark.parametrize(
    "question, rule",
    [
        (
            {
                "prompt": "Who signed the Joint Comprehensive Plan of Action (JCPOA)?",
                "answer": "JCPOA",
                "choices": ["JCPOA", "NPT", "CTBT", "SALT"],
            },
            "answer-in-prompt",
        ),
        (
            {
                "prompt": "On which day did it happen?",
                "answer": "Friday, None, 2025",
                "choices": ["Friday, None, 2025", "May 2, 2025", "May 3, 2025", "May 4, 2025"],
            },
            "placeholder",
        ),
        (
            {
                "prompt": "Who met the envoy in Doha?",
                "answer": "Alberto van Klaveren",
                "choices": [
                    "Alberto van Klaveren",
                    "Van Klaveren",
                    "Antonio Guterres",
                    "Ban Ki-moon",
                ],
            },
            "two-answers",
        ),
        (
            {
                "prompt": "Which country hosted the talks?",
                "answer": "United States",
                "choices": ["United States", "U.S.", "France", "Japan"],
            },
            "two-answers",
        ),
        (
            {
                "prompt": "Which agreement did the parties sign in 2015?",
                "answer": "Paris Initiative",
                "choices": ["Paris Initiative", "Kyoto Treaty", "Rome Treaty", "Lisbon Treaty"],
            },
            "kind-word",
        ),
        (
            {
                "prompt": "The envoy met an ___ in Geneva.",
                "answer": "official",
                "choices": ["official", "envoy", "diplomat", "minister"],
            },
            "article-before-blank",
        ),
        (
            {
                "prompt": "Who said “the talks were useful?",
                "answer": "Lavrov",
                "choices": ["Lavrov", "Blinken", "Wang Yi", "Guterres"],
            },
            "unbalanced-quotes",
        ),
        (
            {"prompt": "How many is Resolution ___?", "type": "numeric", "answer": 2334},
            "identifier",
        ),
        (
            {
                "prompt": "In which year did it end?",
                "answer": "1979",
                "choices": ["1979", "1980", "Moscow", "1982"],
            },
            "mixed-types",
        ),
    ],
)
def test_checker_flags_each_rule(question, rule):
    question = {"id": "q", "type": "multiple_choice", **question}
    assert rule in {w.rule for w in check_question(question)}


def test_checker_passes_a_good_question():
    question = {
        "id": "q",
        "type": "multiple_choice",
        "prompt": "According to the article, who raised the possibility of an alliance in October?",
        "answer": "Vladimir Putin",
        "choices": ["Dmitry Peskov", "Mike Pompeo", "Vladimir Putin", "Wang Yi"],
    }
    assert check_question(question, has_verb=lambda prompt: True) == []
    assert [w.rule for w in check_question(question, has_verb=lambda p: False)] == ["no-verb"]


def test_aliases_are_the_same_referent_and_distinct_people_are_not():
    assert same_referent("the U.S. Government", "United States")
    assert same_referent("Van Klaveren", "Alberto van Klaveren")
    assert not same_referent("Dmitry Peskov", "Mike Pompeo")
    assert not same_referent("February 1848", "January 1848")


def test_number_distractors_keep_the_form_and_magnitude():
    assert scaled("70%")[:3] == ["50%", "80%", "60%"]
    assert all(v.startswith("$") and v.endswith(" million") for v in scaled("$10 million"))
    assert "11 years" in scaled("10 years")


@pytest.mark.skipif(
    SHARED is None, reason="the shared sources are not checked out beside the repository"
)
def test_cgtn_bank_on_the_parse_engine():
    text = (SHARED / "sources" / f"{CGTN}.txt").read_text(encoding="utf-8")
    source = read_source(text, filename=f"{CGTN}.txt")
    bank = generate_bank(source, engine="parse")
    key = yaml.safe_load((SHARED / "keys" / f"{CGTN}.yaml").read_text(encoding="utf-8"))
    assert overall(recall(bank, key)) >= 0.9
    assert all(check_question(q) == [] for q in bank["questions"])
    parse_bank(dump_bank_yaml(bank), "generated.yaml")  # a valid bank, as an upload would be
    assert bank == generate_bank(source, engine="parse")  # deterministic


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="unknown generator engine"):
        generate_bank(read_source("Some text.", filename="a.txt"), engine="magic")


def test_the_model_loads_only_where_used():
    probe = (
        "import sys; import quizapp.generator, quizapp.cli; from quizapp import create_app; "
        "print('spacy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "False"
