"""Validating a bank file (format ``quizapp/1``) into a ``ParsedBank``, reporting every problem."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from quizapp.bankfile.issues import BankIssue, BankValidationError, Path, format_path
from quizapp.bankfile.safeyaml import LoadedYaml, decode_bank_bytes, load_untrusted_yaml
from quizapp.questions import QUESTION_TYPES, FieldReader

FORMAT = "quizapp/1"
DEFAULT_MAX_BYTES = 1024 * 1024
MAX_QUESTIONS = 5000

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
QUESTION_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
PUBLISHED = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
URL = re.compile(r"^https?://[^\s]+$")

TOP_KEYS = {"format", "bank", "questions"}
BANK_KEYS = {"slug", "title", "description", "language", "status", "tags", "sources", "new_order"}
NEW_ORDERS = ("interleaved", "file")
SOURCE_KEYS = {"id", "title", "author", "publisher", "published", "url"}
COMMON_QUESTION_KEYS = {
    "id",
    "type",
    "prompt",
    "answer",
    "explanation",
    "tags",
    "source",
    "hint",
    "review",
}
REVIEW_STATES = ("pending", "accepted", "edited")


@dataclass
class ParsedSource:
    ref: str
    title: str
    author: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None


@dataclass
class ParsedQuestion:
    key: str
    type: str
    prompt: str
    data: dict[str, Any]
    explanation: str = ""
    hint: str = ""
    tags: list[str] = field(default_factory=list)
    source_ref: str | None = None
    source_sentence: str = ""
    review: str | None = None


@dataclass
class ParsedBank:
    filename: str
    slug: str
    title: str
    description: str = ""
    language: str = "en"
    status: str = "published"
    tags: list[str] = field(default_factory=list)
    # How new questions are ordered for study: interleaved (the default) or file.
    new_order: str = "interleaved"
    sources: list[ParsedSource] = field(default_factory=list)
    questions: list[ParsedQuestion] = field(default_factory=list)
    content_hash: str = ""
    # With ``skip_invalid``: the problems of the questions left out, and the ids of those
    # that had a readable id (an import leaves them as they are instead of retiring them).
    skipped: list[BankIssue] = field(default_factory=list)
    skipped_keys: list[str] = field(default_factory=list)


def parse_bank(
    content: bytes | str,
    filename: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    skip_invalid: bool = False,
) -> ParsedBank:
    """Read and validate one bank file; raise ``BankValidationError`` listing every problem.

    With ``skip_invalid``, a question with a problem is left out (and listed in
    ``skipped``) instead of failing the file; problems of the file itself still fail it.
    """
    # "surrogatepass": a lone surrogate in a str becomes bytes that fail decoding, a problem.
    raw = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    text, issues = decode_bank_bytes(raw, filename, max_bytes)
    if text is None:
        raise BankValidationError(issues)
    loaded, issues = load_untrusted_yaml(text, filename)
    if loaded is None:
        raise BankValidationError(issues)
    bank = _BankReader(loaded, filename, skip_invalid=skip_invalid).read()
    bank.content_hash = hashlib.sha256(raw).hexdigest()
    return bank


def parse_bank_data(
    data: Any,
    filename: str,
    *,
    marks: dict[Path, tuple[int, int]] | None = None,
    content_hash: str = "",
    skip_invalid: bool = False,
) -> ParsedBank:
    """Validate a bank that is already Python data, shaped like a bank file.

    Converters from other formats (GIFT, CSV) and forms use it so that every
    question meets the same rules as one written in YAML. ``marks`` places paths
    (``("questions", 3)``) at a line and column of the original file; a problem is
    reported at the nearest marked path above it.
    """
    loaded = LoadedYaml(data=data, marks=dict(marks or {}))
    bank = _BankReader(loaded, filename, skip_invalid=skip_invalid).read()
    bank.content_hash = content_hash
    return bank


def parse_banks(
    files: list[tuple[str, bytes | str]], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[ParsedBank]:
    """Validate several files together: all of them are good, or every problem is raised."""
    banks: list[ParsedBank] = []
    issues: list[BankIssue] = []
    for filename, content in files:
        try:
            banks.append(parse_bank(content, filename, max_bytes=max_bytes))
        except BankValidationError as exc:
            issues.extend(exc.issues)
    issues.extend(duplicate_slug_issues(banks))
    if issues:
        raise BankValidationError(issues)
    return banks


def duplicate_slug_issues(banks: list[ParsedBank]) -> list[BankIssue]:
    """One issue for every bank whose slug an earlier bank of the same upload already uses."""
    issues = []
    seen: dict[str, str] = {}
    for bank in banks:
        if bank.slug in seen:
            message = f"slug {bank.slug!r} is also used by {seen[bank.slug]}"
            issues.append(BankIssue(bank.filename, None, None, "bank.slug", message))
        seen.setdefault(bank.slug, bank.filename)
    return issues


MAX_UNSTORABLE_REPORTS = 20
_SURROGATE = re.compile("[\ud800-\udfff]")


def _unstorable(text: str) -> str:
    """Why ``text`` cannot be stored, or ""."""
    if "\x00" in text:
        return "contains a NUL character (\\0), which cannot be stored; remove it"
    if _SURROGATE.search(text):
        return (
            "contains half of a UTF-16 surrogate pair (such as \\ud800), which is not a "
            "character; write the character itself"
        )
    return ""


class _BankReader:
    def __init__(self, loaded: LoadedYaml, filename: str, *, skip_invalid: bool = False):
        self.loaded = loaded
        self.filename = filename
        self.issues: list[BankIssue] = []
        self.skip_invalid = skip_invalid

    def report(self, path: Path, message: str, *, key: bool = False) -> None:
        line, column = self.loaded.where(path, key=key)
        self.issues.append(BankIssue(self.filename, line, column, format_path(path), message))

    def raw_scalar(self, path: Path) -> str | None:
        return self.loaded.raw_scalars.get(path)

    def unstorable_text(self, value: Any, path: Path) -> None:
        """Report text no database can store: a NUL character (an escaped "\\0" in YAML,
        say) or half of a surrogate pair ("\\ud800"), which cannot even be encoded."""
        stack = [(value, path)]
        found = 0
        while stack and found < MAX_UNSTORABLE_REPORTS:
            item, where = stack.pop()
            if isinstance(item, dict):
                for key, child in item.items():
                    if isinstance(key, str) and _unstorable(key):
                        self.report((*where, key), _unstorable(key), key=True)
                        found += 1
                    stack.append((child, (*where, key)))
            elif isinstance(item, list):
                stack.extend((child, (*where, index)) for index, child in enumerate(item))
            elif isinstance(item, str) and _unstorable(item):
                self.report(where, _unstorable(item))
                found += 1

    def unknown_keys(self, mapping: dict, allowed: set[str], path: Path, what: str) -> None:
        for key in mapping:
            if key not in allowed:
                self.report(
                    (*path, key),
                    f"unknown field {key!r} in {what} (allowed: {', '.join(sorted(allowed))})",
                    key=True,
                )

    def read(self) -> ParsedBank:
        doc = self.loaded.data
        if not isinstance(doc, dict):
            self.report((), "a bank file is a mapping with format, bank and questions")
            raise BankValidationError(self.issues)
        # Each question's text is checked with that question, so --skip-invalid skips it.
        self.unstorable_text({k: v for k, v in doc.items() if k != "questions"}, ())
        self.unknown_keys(doc, TOP_KEYS, (), "the file")
        fmt = doc.get("format")
        if fmt is None:
            self.report(("format",), f"is required: add 'format: {FORMAT}' at the top")
        elif fmt != FORMAT:
            self.report(("format",), f"{fmt!r} is not a format this version reads; use {FORMAT!r}")
        bank = self.read_bank(doc.get("bank"))
        source_refs = {s.ref for s in bank.sources}
        questions = doc.get("questions")
        if questions is None:
            self.report(("questions",), "is required")
        elif not isinstance(questions, list) or not questions:
            self.report(("questions",), "must be a non-empty list of questions")
        elif len(questions) > MAX_QUESTIONS:
            self.report(
                ("questions",), f"has {len(questions)} questions; the limit is {MAX_QUESTIONS}"
            )
        else:
            seen: dict[str, int] = {}
            for index, item in enumerate(questions):
                before = len(self.issues)
                self.unstorable_text(item, ("questions", index))
                key = item.get("id") if isinstance(item, dict) else None
                if isinstance(key, str) and key in seen:
                    self.report(
                        ("questions", index, "id"),
                        f"duplicate question id {key!r} (also questions[{seen[key]}])",
                    )
                elif isinstance(key, str):
                    seen[key] = index
                question = self.read_question(item, ("questions", index), source_refs)
                if self.skip_invalid and len(self.issues) > before:
                    bank.skipped.extend(self.issues[before:])
                    del self.issues[before:]
                    if isinstance(key, str) and seen.get(key) == index:
                        bank.skipped_keys.append(key)
                    continue
                if question is not None:
                    bank.questions.append(question)
            if self.skip_invalid and not bank.questions and not self.issues:
                self.report(("questions",), "no question is valid: nothing left to import")
        if self.issues:
            raise BankValidationError(self.issues)
        return bank

    def read_bank(self, data: Any) -> ParsedBank:
        path: Path = ("bank",)
        bank = ParsedBank(self.filename, slug="", title="")
        if data is None:
            self.report(path, "is required: slug, title and sources")
            return bank
        if not isinstance(data, dict):
            self.report(path, "must be a mapping")
            return bank
        self.unknown_keys(data, BANK_KEYS, path, "bank")
        r = FieldReader(data, path, self.report, self.raw_scalar)
        slug = r.text("slug", required=True, max_length=80)
        if slug is not None and not SLUG.match(slug):
            r.error("slug", f"{slug!r} must be lowercase letters and digits joined by hyphens")
        bank.slug = slug or ""
        bank.title = r.text("title", required=True, max_length=200) or ""
        bank.description = r.text("description", max_length=5000, allow_empty=True) or ""
        language = r.text("language", max_length=35)
        if language is not None and not LANGUAGE.match(language):
            r.error("language", f"{language!r} is not a language tag such as 'en' or 'pt-BR'")
        bank.language = language or "en"
        status = r.text("status")
        if status is not None and status not in ("draft", "published"):
            r.error("status", f"must be draft or published, got {status!r}")
        bank.status = status or "published"
        bank.tags = r.text_list("tags", max_items=50) or []
        new_order = r.text("new_order")
        if new_order is not None and new_order not in NEW_ORDERS:
            r.error("new_order", f"must be interleaved or file, got {new_order!r}")
        bank.new_order = new_order if new_order in NEW_ORDERS else "interleaved"
        sources = data.get("sources")
        if sources is not None:
            if not isinstance(sources, list):
                r.error("sources", "must be a list of sources")
            else:
                refs: set[str] = set()
                for index, item in enumerate(sources):
                    source = self.read_source(item, (*path, "sources", index))
                    if source is None:
                        continue
                    if source.ref in refs:
                        self.report(
                            (*path, "sources", index, "id"), f"duplicate source id {source.ref!r}"
                        )
                        continue
                    refs.add(source.ref)
                    bank.sources.append(source)
        return bank

    def read_source(self, data: Any, path: Path) -> ParsedSource | None:
        if not isinstance(data, dict):
            self.report(path, "a source is a mapping with id and title")
            return None
        self.unknown_keys(data, SOURCE_KEYS, path, "a source")
        r = FieldReader(data, path, self.report, self.raw_scalar)
        ref = r.text("id", required=True, max_length=64)
        if ref is not None and not SOURCE_ID.match(ref):
            r.error("id", f"{ref!r} must be lowercase letters, digits, '-' or '_'")
        title = r.text("title", required=True, max_length=300)
        author = r.text("author", max_length=200)
        publisher = r.text("publisher", max_length=200)
        published = self.read_published(r)
        url = r.text("url", max_length=2000)
        if url is not None and not URL.match(url):
            r.error("url", f"{url!r} is not an http or https address")
        if not r.ok or ref is None or title is None:
            return None
        return ParsedSource(ref, title, author, publisher, published, url)

    def read_published(self, r: FieldReader) -> str | None:
        value = r.data.get("published")
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        text = r.as_text(value, ("published",), "a date")
        if text is None:
            return None
        text = text.strip()
        if not PUBLISHED.match(text) or not _real_date(text):
            r.error("published", f"{text!r} is not a date written YYYY-MM-DD, YYYY-MM or YYYY")
            return None
        return text

    def read_question(self, data: Any, path: Path, source_refs: set[str]) -> ParsedQuestion | None:
        if not isinstance(data, dict):
            self.report(path, "a question is a mapping with id, type, prompt and answer")
            return None
        r = FieldReader(data, path, self.report, self.raw_scalar)
        key = r.text("id", required=True, max_length=100)
        if key is not None and not QUESTION_ID.match(key):
            r.error(
                "id",
                f"{key!r} must start with a lowercase letter or digit and use only "
                "lowercase letters, digits, '.', '-' and '_'",
            )
        type_name = r.text("type", required=True)
        qtype = QUESTION_TYPES.get(type_name) if type_name else None
        if type_name and qtype is None:
            r.error(
                "type",
                f"unknown question type {type_name!r} (known: {', '.join(sorted(QUESTION_TYPES))})",
            )
        allowed = COMMON_QUESTION_KEYS | set(qtype.extra_fields if qtype else ())
        if qtype:
            self.unknown_keys(data, allowed, path, f"a {type_name} question")
        prompt = r.text("prompt", required=True, max_length=5000)
        if "answer" not in data:
            r.error("answer", "is required")
        explanation = r.text("explanation", max_length=10000, allow_empty=True) or ""
        hint = r.text("hint", max_length=2000) or ""
        tags = r.text_list("tags", max_items=30) or []
        review = r.text("review")
        if review is not None and review not in REVIEW_STATES:
            r.error("review", f"must be one of {', '.join(REVIEW_STATES)}, got {review!r}")
        source_ref, sentence = self.read_citation(r, source_refs)
        type_data = None
        if qtype and prompt is not None and "answer" in data:
            type_data = qtype.read(r, prompt=prompt)
        if not r.ok or type_data is None or key is None or prompt is None:
            return None
        return ParsedQuestion(
            key=key,
            type=type_name,
            prompt=prompt,
            data=type_data,
            explanation=explanation,
            hint=hint,
            tags=tags,
            source_ref=source_ref,
            source_sentence=sentence,
            review=review,
        )

    def read_citation(self, r: FieldReader, source_refs: set[str]) -> tuple[str | None, str]:
        source = r.data.get("source")
        if source is None:
            return None, ""
        if not isinstance(source, dict):
            r.error("source", "must be a mapping: {ref: <source id>, sentence: <text>}")
            return None, ""
        self.unknown_keys(source, {"ref", "sentence"}, (*r.path, "source"), "source")
        sr = FieldReader(source, (*r.path, "source"), self.report, self.raw_scalar)
        ref = sr.text("ref", required=True)
        sentence = sr.text("sentence", max_length=5000) or ""
        if ref is not None and ref not in source_refs:
            known = ", ".join(sorted(source_refs)) or "none are declared in bank.sources"
            sr.error("ref", f"no source with id {ref!r} (known: {known})")
        if not sr.ok:
            r.ok = False
        return ref, sentence


def _real_date(text: str) -> bool:
    parts = [int(p) for p in text.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True
