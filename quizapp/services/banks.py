"""Importing, exporting and listing question banks."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, func, select, text

from quizapp.bankfile import (
    BankIssue,
    BankValidationError,
    ParsedBank,
    ParsedQuestion,
)
from quizapp.bankfile.dump import bank_to_data, dump_bank_yaml
from quizapp.bankfile.safeyaml import too_large_message
from quizapp.errors import Forbidden, NotFound
from quizapp.extensions import db
from quizapp.formats import read_files
from quizapp.formats.export import ExportFile, export_document
from quizapp.models import (
    Bank,
    BankOrigin,
    BankSource,
    BankStatus,
    Card,
    NewOrder,
    Question,
    User,
    utcnow,
)
from quizapp.questions import get_question_type
from quizapp.study.interleave import NewItem, interleaved_order

log = logging.getLogger(__name__)

BANK_SUFFIXES = (".yaml", ".yml")


@dataclass
class ImportPlan:
    """What importing one file changes; shown before a re-upload is confirmed."""

    slug: str
    title: str
    is_new: bool
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    answer_changed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.is_new:
            return f"{self.slug}: new bank, {len(self.added)} questions"
        parts = [
            f"{len(self.added)} added",
            f"{len(self.updated)} updated",
            f"{len(self.unchanged)} unchanged",
            f"{len(self.retired)} retired",
        ]
        if self.restored:
            parts.append(f"{len(self.restored)} restored")
        text = f"{self.slug}: " + ", ".join(parts)
        if self.answer_changed:
            n = len(self.answer_changed)
            text += (
                f"; {n} question{'s' if n != 1 else ''} changed "
                f"{'their' if n != 1 else 'its'} answer, progress on "
                f"{'them' if n != 1 else 'it'} will be reset"
            )
        return text


def read_bank_files(
    paths: Iterable[str | Path], *, max_bytes: int, skip_invalid: bool = False
) -> list[ParsedBank]:
    """Validate files (directories expand to their *.yaml files) as one all-or-nothing set.

    Files of other formats (GIFT, CSV, ...) are converted (quizapp.formats); what a
    conversion loses is logged as a warning. With ``skip_invalid`` questions with a
    problem are left out and listed in each bank's ``skipped``.
    """
    files: list[tuple[str, bytes]] = []
    oversize: list[BankIssue] = []
    for path in expand_bank_paths(paths):
        size = path.stat().st_size
        if size > max_bytes:
            oversize.append(
                BankIssue(str(path), None, None, "(document)", too_large_message(size, max_bytes))
            )
        else:
            files.append((str(path), path.read_bytes()))
    try:
        read = read_files(files, max_bytes=max_bytes, unknown_as="yaml", skip_invalid=skip_invalid)
    except BankValidationError as exc:
        raise BankValidationError(oversize + exc.issues) from None
    if oversize:
        raise BankValidationError(oversize)
    for note in read.notes:
        log.warning("%s", note)
    return read.banks


def expand_bank_paths(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(
                sorted(p for p in path.iterdir() if p.suffix in BANK_SUFFIXES and p.is_file())
            )
        elif path.exists():
            out.append(path)
        else:
            raise NotFound(f"{path}: no such file or directory")
    return out


def can_edit_bank(user: User | None, bank: Bank) -> bool:
    """Owners edit their banks; admins edit any; nobody signed out edits anything."""
    if user is None:
        return False
    return user.is_admin or (bank.owner_id is not None and bank.owner_id == user.id)


def _check_may_replace(user: User | None, bank: Bank | None) -> None:
    """Imports run by ``user``; None is the command line, which acts as an admin."""
    if bank is not None and user is not None and not can_edit_bank(user, bank):
        raise Forbidden(f"the bank {bank.slug!r} belongs to another teacher; choose another slug")


def plan_import(parsed: ParsedBank, bank: Bank | None) -> ImportPlan:
    plan = ImportPlan(slug=parsed.slug, title=parsed.title, is_new=bank is None)
    if bank is None:
        plan.added = [q.key for q in parsed.questions]
        return plan
    existing = {q.key: q for q in bank.questions}
    # Questions skipped for a problem (--skip-invalid) are left as they are, not retired.
    incoming = {q.key for q in parsed.questions} | set(parsed.skipped_keys)
    for pq in parsed.questions:
        current = existing.get(pq.key)
        if current is None:
            plan.added.append(pq.key)
            continue
        if current.retired_at is not None:
            plan.restored.append(pq.key)
        if _answer_changed(current, pq):
            plan.answer_changed.append(pq.key)
        if _question_fields(current) != _parsed_fields(pq):
            plan.updated.append(pq.key)
        else:
            plan.unchanged.append(pq.key)
    plan.retired = [
        key for key, q in existing.items() if key not in incoming and q.retired_at is None
    ]
    return plan


def preview_import(parsed_banks: list[ParsedBank], *, user: User | None) -> list[ImportPlan]:
    plans = []
    for parsed in parsed_banks:
        bank = bank_by_slug(parsed.slug)
        _check_may_replace(user, bank)
        plans.append(plan_import(parsed, bank))
    return plans


def import_banks(
    parsed_banks: list[ParsedBank],
    *,
    user: User | None = None,
    origin: str = BankOrigin.UPLOAD,
    status: str | None = None,
) -> list[ImportPlan]:
    """Create or update every bank in one transaction: all of them, or none on any error.

    Questions are matched by id. A question whose answer changed has its learners'
    card state reset (their review log stays); questions missing from the file are
    retired, never deleted, so their history stays.
    """
    try:
        plans = [_apply(parsed, user=user, origin=origin, status=status) for parsed in parsed_banks]
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    if sum(len(plan.added) for plan in plans) >= REFRESH_STATISTICS_AFTER:
        refresh_planner_statistics("question", "bank_source")
    return plans


# A bulk import can grow the question table tenfold at once; until autovacuum notices,
# PostgreSQL plans the study queries for the old, small table (a nested loop over a
# sequential scan), which made each answer several times slower right after the import.
REFRESH_STATISTICS_AFTER = 500


def refresh_planner_statistics(*tables: str) -> None:
    """ANALYZE the tables on PostgreSQL (SQLite plans from its indexes alone)."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in tables:
        db.session.execute(text(f'ANALYZE "{table}"'))
    db.session.commit()


def _apply(parsed: ParsedBank, *, user: User | None, origin: str, status: str | None) -> ImportPlan:
    bank = bank_by_slug(parsed.slug)
    _check_may_replace(user, bank)
    plan = plan_import(parsed, bank)
    now = utcnow()
    if bank is None:
        bank = Bank(slug=parsed.slug, origin=origin, owner_id=user.id if user else None)
        db.session.add(bank)
    bank.title = parsed.title
    bank.description = parsed.description
    bank.language = parsed.language
    bank.tags = parsed.tags
    bank.new_order = parsed.new_order
    bank.status = status or parsed.status
    bank.content_hash = parsed.content_hash
    if bank.status == BankStatus.PUBLISHED and bank.published_at is None:
        bank.published_at = now
    bank.updated_at = now

    sources = {s.ref: s for s in bank.sources}
    for ps in parsed.sources:
        source = sources.get(ps.ref)
        if source is None:
            source = BankSource(ref=ps.ref)
            bank.sources.append(source)
            sources[ps.ref] = source
        source.title, source.author, source.publisher = ps.title, ps.author, ps.publisher
        source.published, source.url = ps.published, ps.url
    db.session.flush()

    existing = {q.key: q for q in bank.questions}
    reset_ids: list[int] = []
    for position, pq in enumerate(parsed.questions):
        question = existing.get(pq.key)
        if question is None:
            question = Question(key=pq.key)
            bank.questions.append(question)
        elif _answer_changed(question, pq):
            question.answer_revision += 1
            reset_ids.append(question.id)
        _fill_question(question, pq, sources, position)
        question.retired_at = None
    incoming = {q.key for q in parsed.questions} | set(parsed.skipped_keys)
    for key, question in existing.items():
        if key not in incoming and question.retired_at is None:
            question.retired_at = now
    if reset_ids:
        db.session.execute(delete(Card).where(Card.question_id.in_(reset_ids)))
    set_study_order(bank)
    db.session.flush()
    return plan


def set_study_order(bank: Bank) -> None:
    """Give the bank's questions their place among new questions (see ``Bank.new_order``)."""
    questions = sorted(bank.questions, key=lambda q: (q.position, q.key))
    if bank.new_order == NewOrder.FILE:
        order = list(range(len(questions)))
    else:
        items = [NewItem(q.key, q.type, q.source_sentence or "") for q in questions]
        order = interleaved_order(items, seed=bank.slug)
    for study_order, index in enumerate(order):
        questions[index].study_order = study_order


def apply_question(bank: Bank, parsed: ParsedQuestion) -> tuple[Question, bool]:
    """Create or update one question of ``bank`` by its id, as a re-import would (no commit).

    Returns the question and whether its answer changed; if it did, learners' cards on
    it are deleted (their review log stays) and its ``answer_revision`` goes up. A new
    question goes after the last one.
    """
    question = db.session.scalar(
        select(Question).where(Question.bank_id == bank.id, Question.key == parsed.key)
    )
    answer_changed = False
    if question is None:
        last = db.session.scalar(
            select(func.max(Question.position)).where(Question.bank_id == bank.id)
        )
        # A question added on its own comes after every other new one.
        last_order = db.session.scalar(
            select(func.max(Question.study_order)).where(Question.bank_id == bank.id)
        )
        question = Question(key=parsed.key, study_order=0 if last_order is None else last_order + 1)
        bank.questions.append(question)
        position = 0 if last is None else last + 1
    else:
        position = question.position
        answer_changed = _answer_changed(question, parsed)
        if answer_changed:
            question.answer_revision += 1
            db.session.execute(delete(Card).where(Card.question_id == question.id))
    _fill_question(question, parsed, {s.ref: s for s in bank.sources}, position)
    bank.updated_at = utcnow()
    db.session.flush()
    return question, answer_changed


def _fill_question(
    question: Question, pq: ParsedQuestion, sources: dict[str, BankSource], position: int
) -> None:
    question.type = pq.type
    question.prompt = pq.prompt
    question.data = pq.data
    question.explanation = pq.explanation
    question.hint = pq.hint
    question.tags = pq.tags
    question.source = sources.get(pq.source_ref) if pq.source_ref else None
    question.source_sentence = pq.source_sentence
    question.review_status = pq.review
    question.position = position


def _answer_changed(question: Question, pq: ParsedQuestion) -> bool:
    if question.type != pq.type:
        return True
    qtype = get_question_type(pq.type)
    return qtype.answer_fingerprint(question.data) != qtype.answer_fingerprint(pq.data)


def _question_fields(q: Question) -> tuple:
    return (
        q.type,
        q.prompt,
        q.data,
        q.explanation,
        q.hint,
        q.tags,
        q.source.ref if q.source else None,
        q.source_sentence,
        q.review_status,
    )


def _parsed_fields(pq: ParsedQuestion) -> tuple:
    return (
        pq.type,
        pq.prompt,
        pq.data,
        pq.explanation,
        pq.hint,
        pq.tags,
        pq.source_ref,
        pq.source_sentence,
        pq.review,
    )


def bank_by_slug(slug: str) -> Bank | None:
    return db.session.scalar(select(Bank).where(Bank.slug == slug))


def get_bank(slug: str, *, user: User | None = None, system: bool = False) -> Bank:
    """A bank the user may see: published ones, and drafts to their owner and admins.

    ``system`` is the command line, which sees everything.
    """
    bank = bank_by_slug(slug)
    if bank is None or (not bank.is_published and not system and not can_edit_bank(user, bank)):
        raise NotFound(f"no bank {slug!r}")
    return bank


@dataclass
class BankSummary:
    bank: Bank
    question_count: int


def list_banks(
    *, user: User | None = None, include_drafts: bool = False, all_banks: bool = False
) -> list[BankSummary]:
    """Banks with their live question counts, in title order.

    Published banks only, unless ``include_drafts`` adds the user's own drafts (all
    drafts for an admin); ``all_banks`` lists everything, for the command line.
    """
    count = (
        select(Question.bank_id, func.count(Question.id).label("n"))
        .where(Question.retired_at.is_(None))
        .group_by(Question.bank_id)
        .subquery()
    )
    query = select(Bank, func.coalesce(count.c.n, 0)).outerjoin(count, count.c.bank_id == Bank.id)
    if all_banks or (include_drafts and user is not None and user.is_admin):
        pass
    elif include_drafts and user is not None:
        query = query.where((Bank.status == BankStatus.PUBLISHED) | (Bank.owner_id == user.id))
    else:
        query = query.where(Bank.status == BankStatus.PUBLISHED)
    rows = db.session.execute(query.order_by(Bank.title, Bank.slug)).all()
    return [BankSummary(bank, n) for bank, n in rows]


def active_questions(bank: Bank) -> list[Question]:
    return list(
        db.session.scalars(
            select(Question)
            .where(Question.bank_id == bank.id, Question.retired_at.is_(None))
            .order_by(Question.position)
        )
    )


def export_bank_yaml(slug: str, *, user: User | None = None, system: bool = False) -> str:
    bank = get_bank(slug, user=user, system=system)
    return dump_bank_yaml(bank_to_data(bank, active_questions(bank)))


def export_bank(
    slug: str, fmt: str, *, user: User | None = None, system: bool = False
) -> ExportFile:
    """The bank's active questions in an export format (``quizapp.formats.export``)."""
    bank = get_bank(slug, user=user, system=system)
    return export_document(bank_to_data(bank, active_questions(bank)), fmt)


def sync_bank_directory(directory: str | Path, *, max_bytes: int) -> list[ImportPlan]:
    """Load the bundled banks: new ones are imported, changed ones updated in place.

    A bank with the same slug that a teacher uploaded is left alone.
    """
    parsed = read_bank_files([directory], max_bytes=max_bytes)
    todo = []
    for bank in parsed:
        current = bank_by_slug(bank.slug)
        if current is None:
            todo.append(bank)
        elif current.origin != BankOrigin.BUNDLED:
            log.warning(
                "not loading %s: a bank with slug %r already exists", bank.filename, bank.slug
            )
        elif current.content_hash != bank.content_hash:
            todo.append(bank)
    return import_banks(todo, origin=BankOrigin.BUNDLED) if todo else []
