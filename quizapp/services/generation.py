"""Drafting question banks from source texts with the generator, and saving them as drafts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import yaml

from quizapp.bankfile import ParsedBank, parse_bank
from quizapp.bankfile.safeyaml import MAX_DEPTH
from quizapp.errors import InvalidInput
from quizapp.extensions import db
from quizapp.generator import Source, dump_bank_yaml, generate_bank, read_source
from quizapp.generator.bank import DEFAULT_ENGINE
from quizapp.generator.nlp import ModelUnavailable
from quizapp.generator.recording import recording_features
from quizapp.models import Bank, BankOrigin, BankStatus, Question, ReviewDecision, User
from quizapp.services import bank_admin, generator_reviews
from quizapp.services import banks as bank_service

DEFAULT_MAX_SOURCE_BYTES = 512 * 1024


@dataclass
class Draft:
    source: Source
    yaml_text: str
    parsed: ParsedBank
    engine: str = DEFAULT_ENGINE
    # The scorer's features of each question, by id (the "parse" engine only): kept with
    # the teacher's review decisions, never in the bank itself.
    features: dict[str, dict[str, float]] | None = None


def decode_source(raw: bytes, *, max_bytes: int = DEFAULT_MAX_SOURCE_BYTES) -> str:
    if len(raw) > max_bytes:
        raise InvalidInput(
            f"The text is {len(raw):,} bytes; the limit is {max_bytes:,} bytes.",
            fields={"source": "too large"},
            status=413,
            code="too_large",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"The file is not UTF-8 text (byte {exc.start:,} cannot be read); save it as UTF-8.",
            fields={"source": "not UTF-8"},
        ) from None
    if "\x00" in text:
        # The text is stored with the draft, and PostgreSQL cannot keep a NUL character.
        raise InvalidInput(
            "The file contains NUL characters; is it a binary file? Upload plain text, "
            "Markdown or HTML.",
            fields={"source": "binary"},
        )
    return text


# Markdown front matter, as the generator's reader finds it (quizapp/generator/reader.py).
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def check_front_matter(text: str) -> None:
    """Refuse front matter whose YAML would expand or recurse without bound.

    The reader loads front matter with ``yaml.safe_load`` and turns the title into text:
    a few lines of aliases (``&a [*b, *b, ...]``) make that text gigabytes long, and a
    deeply nested list exhausts the parser's recursion. Front matter that is not valid
    YAML is left alone; the reader ignores it.
    """
    match = _FRONT_MATTER.match(text.replace("\r\n", "\n"))
    if not match:
        return
    depth = 0
    problem = None
    try:
        for event in yaml.parse(match.group(1), Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                problem = "YAML anchors and aliases (&name, *name) are not allowed"
            elif isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    problem = f"it nests deeper than {MAX_DEPTH} levels"
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if problem:
                raise InvalidInput(
                    f"The front matter (between the --- lines) cannot be read: {problem}.",
                    fields={"source": "front matter"},
                )
    except yaml.YAMLError:
        return


def draft_bank(
    text: str,
    *,
    filename: str | None = None,
    title: str | None = None,
    author: str | None = None,
    publisher: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    slug: str | None = None,
    engine: str | None = None,
    model: str | None = None,
    scorer_path: str | None = None,
) -> Draft:
    """Generate a draft bank from a source text; the result always passes validation.

    ``engine`` and ``model`` choose the generator and its language pipeline (the
    GENERATOR_ENGINE and NLP_MODEL settings; the generator's defaults when None);
    ``scorer_path`` is the file of re-fitted ranking weights (``quizapp generator fit``),
    used where it exists.
    """
    if not text.strip():
        raise InvalidInput("The text is empty.", fields={"source": "empty"})
    check_front_matter(text)
    source = read_source(
        text,
        filename=filename,
        title=title,
        author=author,
        publisher=publisher,
        published=published,
        url=url,
    )
    engine = engine or DEFAULT_ENGINE
    try:
        with recording_features() as recorded:
            data = generate_bank(
                source, slug=slug, engine=engine, model=model, scorer_path=scorer_path
            )
    except ModelUnavailable as exc:
        raise InvalidInput(f"The generator cannot run here: {exc}.") from None
    if not data["questions"]:
        raise InvalidInput(
            "No questions could be drafted from this text: it has no dates, quoted officials, "
            "treaties or key numbers the generator recognises.",
            fields={"source": "no facts"},
        )
    yaml_text = dump_bank_yaml(data)
    # Generated output goes through the same validator as any upload.
    parsed = parse_bank(yaml_text, filename or "generated.yaml")
    features = None
    if engine == "parse":
        features = {q["id"]: recorded[q["id"]] for q in data["questions"] if q["id"] in recorded}
    return Draft(source, yaml_text, parsed, engine=engine, features=features)


def save_generated_draft(draft: Draft, *, owner: User) -> Bank:
    """Store a generated draft (hidden from students) owned by ``owner``, with its source text."""
    parsed = draft.parsed
    parsed.slug = _free_slug(parsed.slug)
    bank_service.import_banks(
        [parsed], user=owner, origin=BankOrigin.GENERATED, status=BankStatus.DRAFT
    )
    bank = bank_service.bank_by_slug(parsed.slug)
    if bank.sources:
        bank.sources[0].text = draft.source.text
    generator_reviews.record_drafts(
        bank,
        [q for q in bank.questions if q.review_status == "pending"],
        engine=draft.engine,
        features=draft.features,
    )
    db.session.commit()
    return bank


def _free_slug(slug: str) -> str:
    """The slug, or the slug with the first free numeric suffix."""
    if bank_service.bank_by_slug(slug) is None:
        return slug
    n = 2
    while bank_service.bank_by_slug(f"{slug[:74]}-{n}") is not None:
        n += 1
    return f"{slug[:74]}-{n}"


# -- the teacher's review of a generated draft ---------------------------------


def generate_draft_for(
    user_id: int,
    raw: bytes,
    *,
    filename: str | None = None,
    max_bytes: int = DEFAULT_MAX_SOURCE_BYTES,
    **metadata,
) -> Bank:
    """Draft a bank from an uploaded or pasted text, owned by the teacher ``user_id``."""
    owner = bank_admin.require_teacher(user_id)
    text = decode_source(raw, max_bytes=max_bytes)
    return save_generated_draft(draft_bank(text, filename=filename, **metadata), owner=owner)


@dataclass
class Segment:
    """A run of the source text; ``mark`` numbers a cited sentence, ``keys`` its questions."""

    text: str
    mark: int | None = None
    keys: tuple[str, ...] = ()


@dataclass
class DraftReview:
    bank: Bank
    questions: list[Question]
    pending: int
    paragraphs: list[list[Segment]] = field(default_factory=list)
    # Question key -> number of the mark that highlights its sentence in the text.
    marks: dict[str, int] = field(default_factory=dict)


def draft_review(slug: str, user_id: int) -> DraftReview:
    bank = bank_admin.editable_bank(slug, user_id)
    questions = bank_service.active_questions(bank)
    pending = sum(1 for q in questions if q.review_status == "pending")
    review = DraftReview(bank, questions, pending)
    text = next((s.text for s in bank.sources if s.text), None)
    if text:
        review.paragraphs, review.marks = highlight_sentences(text, questions)
    return review


def highlight_sentences(text: str, questions: list[Question]) -> tuple[list[list[Segment]], dict]:
    """Split the text into paragraphs of segments, marking each sentence a question cites."""
    spans: dict[tuple[int, int], list[str]] = {}
    for question in questions:
        sentence = question.source_sentence
        start = text.find(sentence) if sentence else -1
        if start >= 0:
            spans.setdefault((start, start + len(sentence)), []).append(question.key)
    ordered = sorted(spans.items())
    marks: dict[str, int] = {}
    paragraphs: list[list[Segment]] = []
    offset = 0
    for block in text.split("\n\n"):
        block_start, block_end = offset, offset + len(block)
        offset = block_end + 2
        segments: list[Segment] = []
        cursor = block_start
        for number, ((start, end), keys) in enumerate(ordered, start=1):
            if start < cursor or end > block_end:
                continue  # overlaps an earlier mark, or lies in another paragraph
            if start > cursor:
                segments.append(Segment(text[cursor:start]))
            segments.append(Segment(text[start:end], mark=number, keys=tuple(keys)))
            marks.update(dict.fromkeys(keys, number))
            cursor = end
        if cursor < block_end:
            segments.append(Segment(text[cursor:block_end]))
        if segments:
            paragraphs.append(segments)
    return paragraphs, marks


def accept_question(slug: str, key: str, user_id: int) -> Question:
    _, question = bank_admin.editable_question(slug, key, user_id)
    if question.review_status == "pending":
        generator_reviews.record_decisions([question], ReviewDecision.ACCEPTED, user_id=user_id)
        question.review_status = "accepted"
        db.session.commit()
    return question


def accept_all(slug: str, user_id: int) -> int:
    bank = bank_admin.editable_bank(slug, user_id)
    accepted = 0
    questions = bank_service.active_questions(bank)
    generator_reviews.record_decisions(questions, ReviewDecision.ACCEPTED, user_id=user_id)
    for question in questions:
        if question.review_status == "pending":
            question.review_status = "accepted"
            accepted += 1
    db.session.commit()
    return accepted


# What undoing a deletion puts back: the question as it was (its id, data and place).
UNDO_FIELDS = (
    "key",
    "type",
    "prompt",
    "data",
    "explanation",
    "hint",
    "tags",
    "source_id",
    "source_sentence",
    "position",
    "review_status",
)


def discard_question(slug: str, key: str, user_id: int) -> dict | None:
    """Drop a generated question: deleted outright while nobody can have studied it,
    retired (keeping its history) once the bank has been published.

    Returns what ``undo_discard`` needs to put a deleted question back (None when it
    was retired: ``bank_admin.restore_question`` undoes that).
    """
    bank, question = bank_admin.editable_question(slug, key, user_id)
    generator_reviews.record_decisions([question], ReviewDecision.DELETED, user_id=user_id)
    if bank.published_at is None:
        snapshot = {name: getattr(question, name) for name in UNDO_FIELDS}
        db.session.delete(question)
        db.session.commit()
        return snapshot
    bank_admin.retire_question(slug, key, user_id)
    db.session.commit()  # the decision, also when the question was retired already
    return None


def undo_discard(slug: str, user_id: int, snapshot: dict) -> Question:
    """Put back a question ``discard_question`` deleted, unless its id was reused since."""
    bank = bank_admin.editable_bank(slug, user_id)
    fields = {name: snapshot.get(name) for name in UNDO_FIELDS}
    if not isinstance(fields["key"], str) or not isinstance(fields["data"], dict):
        raise InvalidInput("Nothing to undo.")
    if any(q.key == fields["key"] for q in bank.questions):
        raise InvalidInput(f"Question {fields['key']} is in the bank again; nothing to undo.")
    if fields["source_id"] not in {source.id for source in bank.sources}:
        fields["source_id"] = None
    question = Question(bank_id=bank.id, **fields)
    db.session.add(question)
    if question.review_status == "pending":
        generator_reviews.undo_deletion(bank.id, question.key)
    db.session.commit()
    return question
