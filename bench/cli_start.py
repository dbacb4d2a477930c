"""Time the start of `quizapp --help` against a bare import of Flask and SQLAlchemy.

    python bench/cli_start.py [--runs N]

Both run in fresh interpreters, interleaved; prints the medians and the ratio on its last
line: cli_vs_bare_import start=R. It also checks that the CLI's start does not import spaCy.
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
CLI = "import sys; sys.argv = ['quizapp', '--help']; from quizapp.cli import main; main()"
BARE = "import flask, sqlalchemy"
PROBE = "import sys, quizapp.cli; print('spacy' in sys.modules)"


def run(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, check=False)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    cli, bare = [], []
    for _ in range(args.runs):
        cli.append(run(CLI))
        bare.append(run(BARE))
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    print(f"quizapp --help: median {statistics.median(cli) * 1000:.0f} ms over {args.runs} runs")
    print(f"import flask, sqlalchemy: median {statistics.median(bare) * 1000:.0f} ms")
    print(f"spaCy imported at CLI start: {probe}")
    print(f"cli_vs_bare_import start={statistics.median(cli) / statistics.median(bare):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
