"""Score the question generator on one source text against its answer key.

    python bench/generator_eval.py SOURCE KEY [--published YYYY-MM-DD] [--show]

Prints recall per category (dates, officials, treaties, numbers) and overall,
then the share of generated questions that break a rule (answer in prompt,
duplicate question, distractor equal to the answer or of another kind,
cited sentence not verbatim in the text, invalid bank).
"""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import sys

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from quizapp.generator import generate_bank, read_source
from quizapp.generator.evaluation import overall, recall
from quizapp.generator.rules import check_bank


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=pathlib.Path)
    parser.add_argument("key", type=pathlib.Path)
    parser.add_argument(
        "--published",
        type=dt.date.fromisoformat,
        default=None,
        help="publication date, when the text's header lacks one",
    )
    parser.add_argument("--show", action="store_true", help="list missed facts and every breach")
    args = parser.parse_args(argv)

    source = read_source(
        args.source.read_text(encoding="utf-8"), filename=args.source.name, published=args.published
    )
    bank = generate_bank(source)
    key = yaml.safe_load(args.key.read_text(encoding="utf-8")) or {}

    results = recall(bank, key)
    print(f"{args.source.name}: {len(bank['questions'])} questions")
    for result in results:
        print(f"  {result.category:<10} {result.found:>3}/{result.total:<3} {result.share:6.1%}")
    print(
        f"  {'overall':<10} {sum(r.found for r in results):>3}/{sum(r.total for r in results):<3} "
        f"{overall(results):6.1%}"
    )

    breaches = check_bank(bank, source.text)
    broken = {b.question for b in breaches}
    share = len(broken) / len(bank["questions"]) if bank["questions"] else 0.0
    print(f"  rule breaches: {len(broken)} of {len(bank['questions'])} questions ({share:.1%})")
    if args.show:
        for result in results:
            for fact in result.missed:
                value = fact.get("when") or fact.get("name") or fact.get("value")
                print(f"  missed {result.category}: {value} — {fact.get('sentence', '')[:90]}")
        for breach in breaches:
            print(f"  breach {breach.question}: {breach.rule}: {breach.message}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
