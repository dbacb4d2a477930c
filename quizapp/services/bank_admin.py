"""A teacher's banks: upload with a preview, publish, edit, retire and export.

Uploads are read in full (YAML, GIFT, CSV or TSV) before anything is stored; a set
of files with any problem stores nothing. A valid upload is kept as a
``BankUpload`` row until the teacher publishes or discards it, so the preview and
the publish request may be answered by different app servers.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, select

from quizapp.bankfile import BankIssue, BankValidationError, ParsedBank, parse_bank_data
from quizapp.bankfile.dump import bank_to_data, dump_bank_yaml, question_to_data
from quizapp.bankfile.validate import LANGUAGE
from quizapp.errors import Forbidden, InvalidInput, NotFound
from quizapp.extensions import db
from quizapp.formats import CARD_TYPES, FORMATS, read_files, write_gift
from quizapp.formats.export import EXPORT_FORMATS, ExportFile, export_document
from quizapp.formats.gift import GiftExport
from quizapp.formats.text import KeyAllocator, key_for
from quizapp.generator.checker import Warning_
from quizapp.generator.upload_checks import check_parsed_bank
from quizapp.models import (
    Bank,
    BankOrigin,
    BankStatus,
    BankUpload,
    BankUploadFile,
    Card,
    Question,
    ReviewDecision,
    User,
    utcnow,
)
from quizapp.services import audit, generator_reviews
from quizapp.services import banks as bank_service
from quizapp.services.banks import BankSummary, ImportPlan
from quizapp.services.users import get_user

UPLOAD_LIFETIME = timedelta(days=1)
MAX_FILES_PER_UPLOAD = 20


# -- who may do what ---------------------------------------------------------


def require_teacher(user_id: int) -> User:
    user = get_user(user_id)
    if not user.is_active or not user.is_teacher:
        raise Forbidden("Only teachers can manage question banks.")
    return user


def editable_bank(slug: str, user_id: int) -> Bank:
    """The bank, if this user may change it: its owner, or an admin.

    A draft of someone else is not found (its existence is not revealed); a published
    bank of someone else is forbidden.
    """
    user = require_teacher(user_id)
    bank = bank_service.get_bank(slug, user=user)
    if not bank_service.can_edit_bank(user, bank):
        raise Forbidden(f"The bank {bank.title!r} belongs to another teacher.")
    return bank


def teacher_banks(user_id: int) -> list[BankSummary]:
    """The banks this teacher may change (every bank, for an admin), drafts included."""
    user = require_teacher(user_id)
    count = (
        select(Question.bank_id, func.count(Question.id).label("n"))
        .where(Question.retired_at.is_(None))
        .group_by(Question.bank_id)
        .subquery()
    )
    query = select(Bank, func.coalesce(count.c.n, 0)).outerjoin(count, count.c.bank_id == Bank.id)
    if not user.is_admin:
        query = query.where(Bank.owner_id == user.id)
    rows = db.session.execute(query.order_by(Bank.title, Bank.slug)).all()
    return [BankSummary(bank, n) for bank, n in rows]


# -- uploads -----------------------------------------------------------------


@dataclass
class UploadOptions:
    """How uploaded files are read; ``slug`` and ``title`` apply to one GIFT or CSV file."""

    format: str = "auto"
    slug: str | None = None
    title: str | None = None
    card_type: str = "flashcard"
    # Leave out the questions with a problem (the teacher asked for "import the other N").
    skip_invalid: bool = False

    def check(self) -> None:
        if self.format != "auto" and self.format not in FORMATS:
            raise InvalidInput(f"Unknown format {self.format!r}.", fields={"format": "unknown"})
        if self.card_type not in CARD_TYPES:
            raise InvalidInput(
                f"Unknown card type {self.card_type!r}.", fields={"card_type": "unknown"}
            )

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "slug": self.slug,
            "title": self.title,
            "card_type": self.card_type,
            "skip_invalid": self.skip_invalid,
        }


@dataclass
class UploadPreview:
    token: str
    banks: list[ParsedBank]
    plans: list[ImportPlan]
    notes: list[BankIssue] = field(default_factory=list)
    # The item-writing checker's warnings, per bank (in the order of ``banks``) by question
    # key: advice shown with the preview, never a reason to refuse the upload.
    warnings: list[dict[str, list[Warning_]]] = field(default_factory=list)

    @property
    def skipped(self) -> list[BankIssue]:
        """The problems of the questions left out (a partial import), file by file."""
        return [issue for bank in self.banks for issue in bank.skipped]

    @property
    def question_count(self) -> int:
        return sum(len(bank.questions) for bank in self.banks)

    @property
    def answer_changes(self) -> int:
        return sum(len(plan.answer_changed) for plan in self.plans)


def _read(files: list[tuple[str, bytes]], options: UploadOptions, max_bytes: int):
    return read_files(
        files,
        max_bytes=max_bytes,
        format=options.format,
        slug=options.slug or None,
        title=options.title or None,
        card_type=options.card_type,
        skip_invalid=options.skip_invalid,
    )


@dataclass
class PartialOffer:
    """What a refused upload could import without its invalid questions."""

    token: str
    importable: int
    skipped: int


def stage_partial_upload(
    user_id: int,
    files: list[tuple[str, bytes]],
    *,
    max_bytes: int,
    options: UploadOptions,
) -> PartialOffer | None:
    """After an upload was refused: keep it for a preview without its invalid questions,
    if every problem is in a question (not in a file itself) and some are left.

    Nothing is imported: the preview lists what is left out, and the teacher decides.
    """
    partial = UploadOptions(**{**options.to_dict(), "skip_invalid": True})
    try:
        preview = stage_upload(user_id, files, max_bytes=max_bytes, options=partial)
    except (BankValidationError, InvalidInput, Forbidden):
        return None
    if not preview.question_count or not preview.skipped:
        discard_upload(preview.token, user_id)
        return None
    return PartialOffer(preview.token, preview.question_count, len(preview.skipped))


def stage_upload(
    user_id: int,
    files: list[tuple[str, bytes]],
    *,
    max_bytes: int,
    options: UploadOptions | None = None,
) -> UploadPreview:
    """Read and check uploaded files; keep them for publishing if every one is valid.

    Raises ``BankValidationError`` listing every problem in every file, or
    ``Forbidden`` if a file would replace another teacher's bank; nothing is stored then.
    """
    user = require_teacher(user_id)
    options = options or UploadOptions()
    options.check()
    files = [(name, content) for name, content in files if name]
    if not files:
        raise InvalidInput("Choose at least one file to upload.", fields={"files": "missing"})
    if len(files) > MAX_FILES_PER_UPLOAD:
        raise InvalidInput(
            f"Upload at most {MAX_FILES_PER_UPLOAD} files at a time.", fields={"files": "too many"}
        )
    if (options.slug or options.title) and len(files) > 1:
        raise InvalidInput(
            "A slug or title can only be given when uploading one file.",
            fields={"title": "one file only"},
        )
    read = _read(files, options, max_bytes)
    plans = bank_service.preview_import(read.banks, user=user)
    _purge_expired_uploads()
    upload = BankUpload(
        token=secrets.token_urlsafe(32), owner_id=user.id, options=options.to_dict()
    )
    upload.files = [
        BankUploadFile(position=n, filename=name[:255], content=content)
        for n, (name, content) in enumerate(files)
    ]
    db.session.add(upload)
    db.session.commit()
    return UploadPreview(upload.token, read.banks, plans, read.notes, _warnings(read.banks))


def _warnings(banks: list[ParsedBank]) -> list[dict[str, list[Warning_]]]:
    found = []
    for bank in banks:
        by_question: dict[str, list[Warning_]] = {}
        for warning in check_parsed_bank(bank):
            by_question.setdefault(warning.question, []).append(warning)
        found.append(by_question)
    return found


def _purge_expired_uploads() -> None:
    db.session.execute(delete(BankUpload).where(BankUpload.created_at < utcnow() - UPLOAD_LIFETIME))


def _upload(token: str, user: User) -> BankUpload:
    upload = db.session.scalar(select(BankUpload).where(BankUpload.token == token))
    if (
        upload is None
        or upload.owner_id != user.id
        or upload.created_at < utcnow() - UPLOAD_LIFETIME
    ):
        raise NotFound(NOT_WAITING)
    return upload


NOT_WAITING = (
    "This upload is not waiting any more: it was published or discarded (a second click "
    "on the button finds it gone), or it expired after a day. Your banks are listed under "
    "Teach; upload the files again to change one."
)


def _claim(upload: BankUpload) -> None:
    """Take the upload off the waiting list, unless a request at the same moment (a double
    click on Publish, or Discard) already did: a conditional delete, so only one goes on."""
    gone = db.session.execute(
        delete(BankUpload)
        .where(BankUpload.id == upload.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if gone != 1:
        db.session.rollback()
        raise NotFound(NOT_WAITING)
    # Its rows (and, by ON DELETE CASCADE, its files') are gone: nothing left to flush.
    db.session.expunge(upload)


def _reread(upload: BankUpload, max_bytes: int):
    options = UploadOptions(**upload.options)
    return _read([(f.filename, f.content) for f in upload.files], options, max_bytes)


def preview_upload(token: str, user_id: int, *, max_bytes: int) -> UploadPreview:
    """What publishing a waiting upload would change now (other edits may have happened)."""
    user = require_teacher(user_id)
    upload = _upload(token, user)
    read = _reread(upload, max_bytes)
    plans = bank_service.preview_import(read.banks, user=user)
    return UploadPreview(upload.token, read.banks, plans, read.notes, _warnings(read.banks))


def publish_upload(token: str, user_id: int, *, max_bytes: int, publish: bool) -> list[ImportPlan]:
    """Import a waiting upload, published or as drafts, and forget the upload: one transaction."""
    user = require_teacher(user_id)
    upload = _upload(token, user)
    read = _reread(upload, max_bytes)
    pending = sum(q.review == "pending" for bank in read.banks for q in bank.questions)
    if publish and pending:
        # As for a bank published from its page: generated questions are reviewed first.
        raise InvalidInput(
            f"{pending} generated question{'s' if pending != 1 else ''} in the upload "
            f"{'are' if pending != 1 else 'is'} still marked 'review: pending'; save as a "
            "draft and review them, or remove the mark, before publishing."
        )
    _claim(upload)
    plans = bank_service.import_banks(
        read.banks,
        user=user,
        origin=BankOrigin.UPLOAD,
        status=BankStatus.PUBLISHED if publish else BankStatus.DRAFT,
    )
    if publish:
        for plan in plans:
            audit.record(
                "bank_published",
                actor=user,
                target=f"bank:{plan.slug}",
                detail=f"upload: {plan.summary()}"[:500],
            )
        db.session.commit()
    return plans


def discard_upload(token: str, user_id: int) -> None:
    user = require_teacher(user_id)
    _claim(_upload(token, user))
    db.session.commit()


# -- a bank and its questions ------------------------------------------------


def set_bank_status(slug: str, user_id: int, status: str) -> Bank:
    if status not in (BankStatus.DRAFT, BankStatus.PUBLISHED):
        raise InvalidInput(f"Unknown status {status!r}.")
    bank = editable_bank(slug, user_id)
    if status == BankStatus.PUBLISHED:
        pending = db.session.scalar(
            select(func.count(Question.id)).where(
                Question.bank_id == bank.id,
                Question.retired_at.is_(None),
                Question.review_status == "pending",
            )
        )
        if pending:
            raise InvalidInput(
                f"{pending} generated question{'s' if pending != 1 else ''} still "
                f"need{'s' if pending == 1 else ''} review: accept, edit or delete "
                f"{'them' if pending != 1 else 'it'} before publishing."
            )
    if bank.status != status:
        audit.record(
            "bank_published" if status == BankStatus.PUBLISHED else "bank_unpublished",
            actor=get_user(user_id),
            target=f"bank:{bank.slug}",
        )
    bank.status = status
    if status == BankStatus.PUBLISHED and bank.published_at is None:
        bank.published_at = utcnow()
    db.session.commit()
    return bank


def update_bank_details(
    slug: str, user_id: int, *, title: str, description: str, language: str
) -> Bank:
    """Change a bank's title, description and language, checked as a bank file's are."""
    title, description, language = title.strip(), description.strip(), language.strip()
    errors = {}
    if not title or len(title) > 200:
        errors["title"] = "Give the bank a title of at most 200 characters."
    if len(description) > 5000:
        errors["description"] = "Keep the description under 5,000 characters."
    if not LANGUAGE.match(language):
        errors["language"] = f"{language!r} is not a language tag such as 'en' or 'pt-BR'."
    if errors:
        raise InvalidInput(" ".join(errors.values()), fields=errors)
    bank = editable_bank(slug, user_id)
    bank.title, bank.description, bank.language = title, description, language
    bank.updated_at = utcnow()
    db.session.commit()
    return bank


@dataclass
class BankQuestions:
    bank: Bank
    active: list[Question]
    retired: list[Question]
    learners: dict[int, int]


def bank_questions(slug: str, user_id: int) -> BankQuestions:
    """Every question of a bank, for its editor, with how many learners have each one."""
    bank = editable_bank(slug, user_id)
    questions = list(
        db.session.scalars(
            select(Question).where(Question.bank_id == bank.id).order_by(Question.position)
        )
    )
    learners = dict(
        db.session.execute(
            select(Card.question_id, func.count(Card.id))
            .where(Card.bank_id == bank.id)
            .group_by(Card.question_id)
        ).all()
    )
    return BankQuestions(
        bank,
        [q for q in questions if q.retired_at is None],
        [q for q in questions if q.retired_at is not None],
        learners,
    )


def editable_question(slug: str, key: str, user_id: int) -> tuple[Bank, Question]:
    bank = editable_bank(slug, user_id)
    return bank, _question(bank, key)


def _question(bank: Bank, key: str, *, missing_ok: bool = False) -> Question | None:
    question = db.session.scalar(
        select(Question).where(Question.bank_id == bank.id, Question.key == key)
    )
    if question is None and not missing_ok:
        raise NotFound(f"no question {key!r} in this bank")
    return question


def _free_key(bank: Bank, key: str) -> str:
    used = set(db.session.scalars(select(Question.key).where(Question.bank_id == bank.id)))
    allocator = KeyAllocator()
    allocator.used = used
    return allocator.take(key)


def question_fields(question: Question) -> dict[str, Any]:
    """The question as it is written in a bank file."""
    return question_to_data(question)


def learners_on(question: Question) -> int:
    return db.session.scalar(select(func.count(Card.id)).where(Card.question_id == question.id))


@dataclass
class SavedQuestion:
    question: Question
    created: bool
    answer_changed: bool
    progress_reset: int


def save_question(
    slug: str, user_id: int, fields: dict[str, Any], *, key: str | None = None
) -> SavedQuestion:
    """Add a question (``key`` None) or change the question ``key``, from bank-file fields.

    The fields are checked by the same rules as an uploaded file; problems are raised
    as ``InvalidInput`` with one message per field (``prompt``, ``choices``, ...).
    Changing the answer resets learners' progress on the question, as a re-upload does.
    """
    bank = editable_bank(slug, user_id)
    # Lock the bank row, so two editors saving at once queue up (PostgreSQL).
    db.session.execute(select(Bank.id).where(Bank.id == bank.id).with_for_update())
    existing = None
    if key is not None:
        existing = _question(bank, key)
        fields = {**fields, "id": key}
        if existing.review_status is not None:
            fields["review"] = "edited"
    else:
        new_key = str(fields.get("id") or "").strip()
        if not new_key:
            new_key = _free_key(bank, key_for(" ".join(str(fields.get("prompt", "")).split()[:8])))
        elif _question(bank, new_key, missing_ok=True) is not None:
            raise InvalidInput(
                f"The id {new_key!r} is already used in this bank (perhaps by a retired "
                "question); choose another.",
                fields={"id": "already used"},
            )
        fields = {**fields, "id": new_key}
    parsed = _parse_question(bank, fields)
    reset = learners_on(existing) if existing is not None else 0
    # A generated question edited while pending review: the teacher's decision, kept.
    decided = generator_reviews.record_decisions(
        [existing] if existing is not None else [], ReviewDecision.EDITED, user_id=user_id
    )
    try:
        question, answer_changed = bank_service.apply_question(bank, parsed)
        for row in decided:
            row.edited = question_to_data(question)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return SavedQuestion(question, existing is None, answer_changed, reset if answer_changed else 0)


def _parse_question(bank: Bank, fields: dict[str, Any]):
    document = bank_to_data(bank, [])
    document["questions"] = [{k: v for k, v in fields.items() if v not in (None, "", [])}]
    try:
        parsed = parse_bank_data(document, "(form)")
    except BankValidationError as exc:
        errors: dict[str, str] = {}
        for issue in exc.issues:
            name, detail = _field_of(issue.path)
            message = f"{detail}: {issue.message}" if detail else issue.message
            errors.setdefault(name, message)
        summary = "; ".join(f"{name}: {message}" for name, message in errors.items())
        raise InvalidInput(f"The question was not saved. {summary}", fields=errors) from None
    return parsed.questions[0]


def _field_of(path: str) -> tuple[str, str]:
    """``questions[0].choices[2]`` -> (``choices``, ``item 3``)."""
    rest = path.removeprefix("questions[0]").lstrip(".")
    if not rest:
        return "question", ""
    name, _, tail = rest.partition("[")
    name = name.split(".")[0]
    if tail and tail[0].isdigit():
        return name, f"item {int(tail.split(']')[0]) + 1}"
    return name, ""


def retire_question(slug: str, key: str, user_id: int) -> Question:
    """Take a question out of study; learners' progress and history on it are kept."""
    _, question = editable_question(slug, key, user_id)
    if question.retired_at is None:
        question.retired_at = utcnow()
        audit.record("question_retired", actor=get_user(user_id), target=f"question:{slug}/{key}")
        db.session.commit()
    return question


def restore_question(slug: str, key: str, user_id: int) -> Question:
    _, question = editable_question(slug, key, user_id)
    if question.retired_at is not None:
        question.retired_at = None
        audit.record("question_restored", actor=get_user(user_id), target=f"question:{slug}/{key}")
        db.session.commit()
    return question


# -- export ------------------------------------------------------------------


def export_yaml(slug: str, user_id: int) -> tuple[Bank, str]:
    """The bank as a YAML file, for its editors only: it holds every answer."""
    bank = editable_bank(slug, user_id)
    return bank, dump_bank_yaml(bank_to_data(bank, bank_service.active_questions(bank)))


def export_gift(slug: str, user_id: int) -> tuple[Bank, GiftExport]:
    bank = editable_bank(slug, user_id)
    return bank, write_gift(bank_to_data(bank, bank_service.active_questions(bank)))


def export_bank(slug: str, fmt: str, user_id: int) -> ExportFile:
    """The bank in an export format, for its editors only: it holds every answer."""
    if fmt not in EXPORT_FORMATS:
        raise NotFound(f"No export format {fmt!r}.")
    bank = editable_bank(slug, user_id)
    return export_document(bank_to_data(bank, bank_service.active_questions(bank)), fmt)
