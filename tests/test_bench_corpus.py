"""The evaluation corpora under bench/corpus: every key is well formed against its text."""

from __future__ import annotations

import pathlib

import pytest
import yaml

from quizapp.generator.evaluation import CATEGORIES

CORPUS = pathlib.Path(__file__).resolve().parents[1] / "bench" / "corpus"
KEYS = sorted(CORPUS.glob("*/*.yaml"))


def _flat(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split())


@pytest.mark.parametrize("key_path", KEYS, ids=[f"{p.parent.name}/{p.stem}" for p in KEYS])
def test_key_facts_are_verbatim_in_their_text(key_path):
    text = _flat(key_path.with_suffix(".txt").read_text(encoding="utf-8"))
    key = yaml.safe_load(key_path.read_text(encoding="utf-8"))
    assert set(key) == set(CATEGORIES)
    for category, field in CATEGORIES.items():
        for fact in key[category] or []:
            sentence = _flat(str(fact["sentence"]))
            assert sentence in text, (category, sentence[:80])
            values = fact.get("accept") or [fact[field]]
            assert any(_flat(str(v)).lower() in sentence.lower() for v in values), (
                category,
                values,
            )
