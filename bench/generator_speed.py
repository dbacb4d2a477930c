"""Time the question generator on a text of about 1,500 words.

    python bench/generator_speed.py [SOURCE ...] [--runs N]

Without arguments it joins the shared CGTN article and the test texts under
tests/data until the body reaches 1,500 words, then prints the median time of
read_source + generate_bank over N runs.
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from quizapp.generator import generate_bank, read_source

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = [
    ROOT.parent / "shared" / "sources" / "cgtn-2020-12-05-russia-china-alliance.txt",
    ROOT / "tests" / "data" / "milestones-salt.md",
    ROOT / "tests" / "data" / "milestones-detente.txt",
]
TARGET_WORDS = 1500


def sample_text(paths: list[pathlib.Path]) -> str:
    """Plain-text bodies joined under one header, cut at about TARGET_WORDS words."""
    paragraphs: list[str] = []
    words = 0
    for path in paths:
        if not path.exists():
            continue
        body = read_source(path.read_text(encoding="utf-8"), filename=path.name).text
        for paragraph in body.split("\n\n"):
            if words >= TARGET_WORDS:
                break
            paragraphs.append(paragraph)
            words += len(paragraph.split())
    header = "Speed sample\nBy Benchmark\nquizapp\n2020-12-05\n\n"
    return header + "\n\n".join(paragraphs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", type=pathlib.Path)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)

    text = sample_text(args.sources or DEFAULT_SOURCES)
    word_count = len(read_source(text).text.split())
    timings = []
    questions = 0
    for _ in range(args.runs):
        started = time.perf_counter()
        bank = generate_bank(read_source(text))
        timings.append(time.perf_counter() - started)
        questions = len(bank["questions"])
    median = statistics.median(timings)
    print(
        f"{word_count} words, {questions} questions: median {median * 1000:.1f} ms, "
        f"slowest {max(timings) * 1000:.1f} ms over {args.runs} runs "
        f"({median * 1000 / word_count * 1500:.1f} ms per 1,500 words)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
