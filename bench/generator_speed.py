"""Time the question generator on a text of about 1,500 words, for each engine.

    python bench/generator_speed.py [SOURCE ...] [--runs N]

Without arguments it joins the shared CGTN article and the test texts under
tests/data until the body reaches 1,500 words, then prints, for each engine, the
median time of read_source + generate_bank over N runs (the parse engine with its
model already loaded), and for the parse engine the time to load the model and the
process's resident memory before the load and after a generation. The last line
compares the two engines: parse_vs_rules ms_per_1500_words=R.
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from quizapp.generator import generate_bank, read_source
from quizapp.generator.bank import ENGINES
from quizapp.generator.nlp import pipeline

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


def resident_mib() -> float:
    """This process's resident set size, from /proc (Linux)."""
    for line in pathlib.Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def time_engine(engine: str, text: str, runs: int) -> tuple[float, float, int]:
    timings = []
    questions = 0
    for _ in range(runs):
        started = time.perf_counter()
        bank = generate_bank(read_source(text), engine=engine)
        timings.append(time.perf_counter() - started)
        questions = len(bank["questions"])
    return statistics.median(timings), max(timings), questions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", type=pathlib.Path)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)

    text = sample_text(args.sources or DEFAULT_SOURCES)
    word_count = len(read_source(text).text.split())
    per_1500 = {}
    before = resident_mib()
    started = time.perf_counter()
    pipeline()
    load = time.perf_counter() - started
    loaded = resident_mib()
    for engine in ENGINES:
        median, slowest, questions = time_engine(engine, text, args.runs)
        per_1500[engine] = median * 1000 / word_count * 1500
        print(
            f"{engine}: {word_count} words, {questions} questions: median {median * 1000:.1f} ms, "
            f"slowest {slowest * 1000:.1f} ms over {args.runs} runs "
            f"({per_1500[engine]:.1f} ms per 1,500 words)"
        )
    after = resident_mib()
    print(
        f"parse model: loaded in {load:.2f} s; resident memory {before:.0f} MiB before, "
        f"{loaded:.0f} MiB loaded, {after:.0f} MiB after generating"
    )
    print(f"parse_vs_rules ms_per_1500_words={per_1500['parse'] / per_1500['rules']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
