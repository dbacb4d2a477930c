"""Score the question generator against answer keys.

    python bench/generator_eval.py SOURCE KEY [--published YYYY-MM-DD] [--show]
    python bench/generator_eval.py DIR [--show]      # every NAME.txt/.md/.html beside NAME.yaml

Prints recall per category (dates, officials, treaties, numbers) and overall, for each text
and in total, then the share of generated questions the item-writing checker flags. A fact
counts only when a question that covers it passes the checker.
"""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import sys
import time

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from quizapp.generator import generate_bank, read_source
from quizapp.generator.bank import ENGINES
from quizapp.generator.checker import check_question
from quizapp.generator.evaluation import CATEGORIES, recall

SOURCE_SUFFIXES = (".txt", ".md", ".html")


def pairs(args) -> list[tuple[pathlib.Path, pathlib.Path]]:
    if args.source.is_dir():
        found = []
        for key in sorted(args.source.glob("*.yaml")):
            for suffix in SOURCE_SUFFIXES:
                text = key.with_suffix(suffix)
                if text.exists():
                    found.append((text, key))
        return found
    return [(args.source, args.key)]


def evaluate(text: pathlib.Path, key_path: pathlib.Path, published, show: bool, engine=None):
    source = read_source(text.read_text(encoding="utf-8"), filename=text.name, published=published)
    bank = generate_bank(source, engine=engine)
    flagged = {w.question for q in bank["questions"] for w in check_question(q)}
    passing = {"questions": [q for q in bank["questions"] if q["id"] not in flagged]}
    key = yaml.safe_load(key_path.read_text(encoding="utf-8")) or {}
    results = recall(passing, key)
    print(f"{text.name}: {len(bank['questions'])} questions, {len(flagged)} flagged")
    for result in results:
        print(f"  {result.category:<10} {result.found:>3}/{result.total:<3} {result.share:6.1%}")
    if show:
        for result in results:
            for fact in result.missed:
                value = fact.get(CATEGORIES[result.category])
                print(
                    f"  missed {result.category}: {value} — {str(fact.get('sentence', ''))[:100]}"
                )
    return results, len(bank["questions"]), len(flagged)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=pathlib.Path)
    parser.add_argument("key", type=pathlib.Path, nargs="?")
    parser.add_argument("--published", type=dt.date.fromisoformat, default=None)
    parser.add_argument("--show", action="store_true", help="list missed facts")
    parser.add_argument("--engine", choices=ENGINES, default=None, help="the default when omitted")
    args = parser.parse_args(argv)
    totals: dict[str, list[int]] = {c: [0, 0] for c in CATEGORIES}
    questions = flagged = 0
    started = time.perf_counter()
    for text, key in pairs(args):
        results, count, bad = evaluate(text, key, args.published, args.show, args.engine)
        questions += count
        flagged += bad
        for result in results:
            totals[result.category][0] += result.found
            totals[result.category][1] += result.total
    found = sum(f for f, _ in totals.values())
    total = sum(t for _, t in totals.values())
    print("total:")
    for category, (f, t) in totals.items():
        print(f"  {category:<10} {f:>3}/{t:<3} {f / t if t else 1:6.1%}")
    print(f"  {'overall':<10} {found:>3}/{total:<3} {found / total if total else 1:6.1%}")
    print(
        f"  questions {questions}, flagged by the checker {flagged}, "
        f"{time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
