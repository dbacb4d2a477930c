"""Assemble generated questions into a draft bank in format quizapp/1.

The YAML writer is the project's own (quizapp.bankfile.dump), re-exported here so that
`from quizapp.generator import dump_bank_yaml` keeps working.
"""

from __future__ import annotations

import re

from quizapp.bankfile.dump import dump_bank_yaml

from .checker import check_question, repair
from .facts import extract_facts
from .questions import build_questions
from .reader import Source

__all__ = ["ENGINES", "dump_bank_yaml", "generate_bank", "slugify"]

# "rules": the surface-pattern engine of the first release, still the default; "parse": the
# engine on a statistical parse (quizapp.generator.document and what reads it), which
# replaces it once it measures better on unseen articles (bench/README.md).
ENGINES = ("rules", "parse")
DEFAULT_ENGINE = "rules"

MAX_SLUG = 80
MAX_ID = 100


def slugify(text: str, limit: int = MAX_SLUG) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "").replace("'", ""))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug


def generate_bank(
    source: Source,
    *,
    slug: str | None = None,
    source_id: str | None = None,
    engine: str | None = None,
    model: str | None = None,
    scorer_path: str | None = None,
) -> dict:
    """Draft a question bank (plain data, ready for YAML) from a read source.

    ``engine`` is one of ENGINES (the default when None). For the "parse" engine, ``model``
    names the spaCy pipeline (the default when None) and ``scorer_path`` a file of refitted
    ranking weights (the shipped ones when None or missing).
    """
    engine = engine or DEFAULT_ENGINE
    if engine not in ENGINES:
        raise ValueError(f"unknown generator engine {engine!r}; use one of {', '.join(ENGINES)}")
    if engine == "parse":
        from .drafting import draft_questions  # loads spaCy: only where used

        questions = draft_questions(source, model=model, scorer_path=scorer_path)
    else:
        questions = build_questions(extract_facts(source))
    title = source.title or "Untitled source"
    ref = source_id or slugify(_publisher_stem(source.publisher), 40) or "source"
    bank_slug = slug or slugify(title) or "generated-bank"

    entry: dict = {"id": ref, "title": title}
    for field in ("author", "publisher"):
        value = getattr(source, field)
        if value:
            entry[field] = value
    if source.published:
        entry["published"] = source.published.isoformat()
    if source.url and re.match(r"https?://", source.url):
        entry["url"] = source.url

    # Shown to students once the bank is published, so it describes the bank, not the draft.
    description = f"Questions on “{title}”"
    if source.publisher:
        description += f" ({source.publisher}"
        description += f", {source.published.isoformat()})" if source.published else ")"
    description += "."

    used: set[str] = set()
    question_data = []
    for question in questions:
        question_id = _unique_id(slugify(question.key, 60) or "question", used)
        data = question.to_data(question_id, ref)
        # Whatever the engine, a question that breaks an item-writing rule never reaches
        # the teacher: a bad distractor is taken out, anything worse drops the question.
        repaired = repair(data, check_question(data))
        if repaired is not None:
            question_data.append(repaired)
    return {
        "format": "quizapp/1",
        "bank": {
            "slug": bank_slug,
            "title": title[:200],
            "description": description,
            "language": "en",
            "status": "draft",
            "sources": [entry],
        },
        "questions": question_data,
    }


def _publisher_stem(publisher: str | None) -> str:
    """'Office of the Historian, U.S. Department of State' -> 'Office of the Historian'."""
    if not publisher:
        return ""
    return publisher.split(",")[0]


def _unique_id(base: str, used: set[str]) -> str:
    base = base[: MAX_ID - 4].rstrip("-")
    candidate = base
    counter = 2
    while candidate in used:
        candidate = f"{base}-{counter}"
        counter += 1
    used.add(candidate)
    return candidate
