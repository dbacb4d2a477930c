"""Rank candidate questions by the chance that a teacher keeps them.

A logistic model over a few features of each candidate (its form, its kind, how its clause
was read, the prompt's length). The weights are fitted, never hand-set: from the labelled
questions shipped in ``data/labels.yaml`` (each marked keep / edit / wrong by a reader, with
its features; written by ``bench/scorer_labels.py``) and, once teachers have reviewed drafts,
from their decisions (``quizapp generator fit``). Without weights every candidate scores the
same and the order is the text's.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

FEATURES = (
    "bias",
    "form_wh",
    "form_cloze",
    "kind_actor",
    "kind_date",
    "kind_agreement",
    "kind_quantity",
    "kind_title",
    "speech",
    "prompt_words",
    "pronoun_in_prompt",
    "distractors_from_article",
    "subject_resolved",
    "sentence_position",
)


@dataclass
class Scorer:
    weights: dict[str, float]

    def score(self, features: Mapping[str, float]) -> float:
        z = sum(self.weights.get(name, 0.0) * features.get(name, 0.0) for name in FEATURES)
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> str:
        return json.dumps({"features": list(FEATURES), "weights": self.weights}, indent=2)


def load_scorer(path: str | Path | None = None) -> Scorer:
    """The weights at ``path`` (an operator's refit), else the shipped ones."""
    if path is not None and Path(path).is_file():
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    else:
        shipped = resources.files(__package__).joinpath("data", "scorer.json")
        data = json.loads(shipped.read_text(encoding="utf-8")) if shipped.is_file() else {}
    return Scorer({k: float(v) for k, v in (data.get("weights") or {}).items()})


Example = tuple[Mapping[str, float], float]


def labelled_examples() -> list[Example]:
    """The shipped labelled questions: their features, and 1.0 for "keep as is" (else 0.0)."""
    shipped = resources.files(__package__).joinpath("data", "labels.yaml")
    if not shipped.is_file():
        return []
    rows = yaml.safe_load(shipped.read_text(encoding="utf-8")) or []
    return [
        ({k: float(v) for k, v in row["features"].items()}, 1.0 if row["label"] == "keep" else 0.0)
        for row in rows
    ]


def fit(
    examples: Iterable[tuple[Mapping[str, float], float]],
    *,
    epochs: int = 400,
    rate: float = 0.1,
    l2: float = 0.01,
) -> Scorer:
    """Fit weights by gradient descent on log loss; a label is 1 (kept) or 0 (not)."""
    data = [(dict(features), float(label)) for features, label in examples]
    weights = dict.fromkeys(FEATURES, 0.0)
    if not data:
        return Scorer(weights)
    for _ in range(epochs):
        gradient = dict.fromkeys(FEATURES, 0.0)
        for features, label in data:
            z = sum(weights[n] * features.get(n, 0.0) for n in FEATURES)
            error = 1 / (1 + math.exp(-max(-30.0, min(30.0, z)))) - label
            for name in FEATURES:
                gradient[name] += error * features.get(name, 0.0)
        for name in FEATURES:
            penalty = l2 * weights[name] if name != "bias" else 0.0
            weights[name] -= rate * (gradient[name] / len(data) + penalty)
    return Scorer({k: round(v, 4) for k, v in weights.items()})


def log_loss(scorer: Scorer, examples: Iterable[tuple[Mapping[str, float], float]]) -> float:
    total, count = 0.0, 0
    for features, label in examples:
        p = min(max(scorer.score(features), 1e-6), 1 - 1e-6)
        total -= label * math.log(p) + (1 - label) * math.log(1 - p)
        count += 1
    return total / count if count else 0.0
