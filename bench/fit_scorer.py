"""Fit the parse engine's ranking weights from labelled questions.

    python bench/fit_scorer.py LABELS_DIR [LABELS_DIR ...] [-o quizapp/generator/data/scorer.json]

Each LABELS_DIR holds, per article, NAME.labels.yaml (a reader's keep / edit / wrong for
every question id) and NAME.questions.yaml (the bank that was labelled); the source NAME.txt
lies beside them or in the corpus folder of the same name (bench/corpus/DIRNAME). The
article is drafted again (the engine is deterministic, so the ids of unchanged questions
agree), each labelled question's features are read, and a logistic model of "kept as is" is
fitted. Prints the log loss of the fitted and of the flat (all-equal) weights on the same
questions. Fit on tuning labels only, never on a held-out set's.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from quizapp.generator.bank import _unique_id, slugify
from quizapp.generator.drafting import draft_questions
from quizapp.generator.reader import read_source
from quizapp.generator.scorer import Scorer, fit, log_loss

CORPUS = pathlib.Path(__file__).resolve().parent / "corpus"


def examples(directory: pathlib.Path):
    for labels_path in sorted(directory.glob("*.labels.yaml")):
        stem = labels_path.name.removesuffix(".labels.yaml")
        text = directory / f"{stem}.txt"
        if not text.exists():
            text = CORPUS / directory.name / f"{stem}.txt"
        labels = {row["id"]: row["label"] for row in yaml.safe_load(labels_path.read_text())}
        source = read_source(text.read_text(encoding="utf-8"), filename=text.name)
        used: set[str] = set()
        for question in draft_questions(source):
            qid = _unique_id(slugify(question.key, 60) or "question", used)
            if qid in labels:
                yield question.features, 1.0 if labels[qid] == "keep" else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directories", nargs="+", type=pathlib.Path)
    parser.add_argument("-o", "--output", type=pathlib.Path)
    args = parser.parse_args(argv)
    data = [example for d in args.directories for example in examples(d)]
    scorer = fit(data)
    flat = Scorer({})
    print(f"questions {len(data)}, kept {sum(label for _, label in data):.0f}")
    print(f"log loss: fitted {log_loss(scorer, data):.3f}, flat {log_loss(flat, data):.3f}")
    if args.output:
        args.output.write_text(scorer.to_json() + "\n", encoding="utf-8")
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
