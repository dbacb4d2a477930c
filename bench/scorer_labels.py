"""Ship the labelled questions' features with the package, for `quizapp generator fit`.

    python bench/scorer_labels.py bench/labels/dev-2026-12 [-o quizapp/generator/data/labels.yaml]

Each LABELS_DIR holds a reader's NAME.labels.yaml (keep / edit / wrong per question id) and
NAME.questions.yaml (the draft that was labelled); the article NAME.txt is read from that
folder or from bench/corpus/<folder name>/. Every article is drafted again on the parse
engine, and each labelled question it still drafts (the same id, so the same fact, with the
same answer; its wording may have been polished since) is written with its scorer features
and its label; the others are left out and counted. The installed package has no bench/
folder: this file is what `quizapp generator fit` re-fits from, beside the teachers' review
decisions. As for bench/fit_scorer.py: tuning labels only, never a held-out set's. Run it
again (and bench/fit_scorer.py) whenever the generator's drafts change.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quizapp.generator.bank import _unique_id, slugify  # noqa: E402
from quizapp.generator.drafting import draft_questions  # noqa: E402
from quizapp.generator.reader import read_source  # noqa: E402

DEFAULT_OUTPUT = ROOT / "quizapp" / "generator" / "data" / "labels.yaml"


def _text_for(directory: pathlib.Path, stem: str) -> pathlib.Path:
    for candidate in (
        directory / f"{stem}.txt",
        ROOT / "bench" / "corpus" / directory.name / f"{stem}.txt",
    ):
        if candidate.is_file():
            return candidate
    raise SystemExit(f"no text {stem}.txt beside {directory} or in bench/corpus/{directory.name}")


def rows(directory: pathlib.Path):
    """(row, labelled count) per article: the labelled questions the draft still has."""
    for labels_path in sorted(directory.glob("*.labels.yaml")):
        stem = labels_path.name.removesuffix(".labels.yaml")
        labels = {r["id"]: r["label"] for r in yaml.safe_load(labels_path.read_text("utf-8"))}
        # A label holds for the question that was labelled: the same id and answer.
        questions_path = directory / f"{stem}.questions.yaml"
        labelled = {
            q["id"]: str(q["answer"])
            for q in yaml.safe_load(questions_path.read_text("utf-8"))["questions"]
        }
        text = _text_for(directory, stem)
        source = read_source(text.read_text(encoding="utf-8"), filename=text.name)
        used: set[str] = set()
        found = []
        for question in draft_questions(source):
            qid = _unique_id(slugify(question.key, 60) or "question", used)
            if qid in labels and labelled.get(qid) == question.answer:
                found.append(
                    {
                        "article": f"{directory.name}/{stem}",
                        "id": qid,
                        "label": labels[qid],
                        "features": {k: round(v, 4) for k, v in question.features.items()},
                    }
                )
        yield stem, found, len(labels)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directories", nargs="+", type=pathlib.Path)
    parser.add_argument("-o", "--output", type=pathlib.Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    out: list[dict] = []
    labelled = 0
    for directory in args.directories:
        for stem, found, count in rows(directory):
            print(f"{directory.name}/{stem}: {len(found)} of {count} labelled questions drafted")
            out += found
            labelled += count
    header = (
        "# Labelled questions with their scorer features, written by bench/scorer_labels.py\n"
        "# from bench/labels/; quizapp generator fit re-fits the scorer from these and the\n"
        "# teachers' review decisions. Do not edit by hand.\n"
    )
    args.output.write_text(
        header + yaml.safe_dump(out, sort_keys=False, width=400, default_flow_style=None),
        encoding="utf-8",
    )
    kept = sum(row["label"] == "keep" for row in out)
    print(f"wrote {args.output}: {len(out)} of {labelled} labelled questions, {kept} kept")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
