"""Question banks in other formats teachers already have: Moodle GIFT, spreadsheets (CSV,
TSV, ``.xlsx``) and term lists.

``read_files`` reads a set of uploaded files of any supported format, all or
nothing, into the same ``ParsedBank`` objects a YAML bank file gives, so every
question is checked by the same rules and imported by the same code.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from quizapp.bankfile import BankIssue, BankValidationError, ParsedBank, parse_bank, parse_bank_data
from quizapp.bankfile.safeyaml import decode_bank_bytes, too_large_message
from quizapp.bankfile.validate import duplicate_slug_issues
from quizapp.formats.anki import read_anki_package
from quizapp.formats.base import Converted
from quizapp.formats.delimited import CARD_TYPES, read_delimited
from quizapp.formats.encoding import decode_text
from quizapp.formats.gift import read_gift, write_gift
from quizapp.formats.moodlexml import read_moodle_xml
from quizapp.formats.qti import is_qti_package, is_qti_xml, read_qti
from quizapp.formats.table import read_xlsx, write_table
from quizapp.formats.text import slugify

FORMATS = ("yaml", "gift", "csv", "tsv", "xlsx", "moodle-xml", "apkg", "qti")
BINARY_FORMATS = (
    "xlsx",
    "moodle-xml",
    "apkg",
    "qti",
    "zip",
)  # read from their bytes (XML says its own encoding)
SUFFIXES = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".gift": "gift",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".xlsx": "xlsx",
    ".xml": "moodle-xml",
    ".apkg": "apkg",
    ".zip": "zip",  # a QTI package (by its manifest)
    ".colpkg": "apkg",
    ".txt": None,  # Moodle saves GIFT as .txt, Anki and Quizlet save tab-separated text
}
_QUESTION_PATH = re.compile(r"^questions\[(\d+)\]\.?")
_UNESCAPED_BRACE = re.compile(r"(?<!\\)\{[^{}]*(?<!\\)\}")
_ANKI_LINE = re.compile(r"^#(separator|html|tags column|columns|notetype column|deck column):")


@dataclass
class ReadFiles:
    """Banks read from files, and what was converted with a loss (for the preview)."""

    banks: list[ParsedBank] = field(default_factory=list)
    notes: list[BankIssue] = field(default_factory=list)

    @property
    def skipped(self) -> list[BankIssue]:
        """With ``skip_invalid``: the problems of every question left out, in file order."""
        return [issue for bank in self.banks for issue in bank.skipped]


def detect_format(filename: str, text: str) -> str | None:
    """The format a file is in, by its extension; ``.txt`` files are told apart by content."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in SUFFIXES:
        return None
    known = SUFFIXES[suffix]
    if known:
        return known
    return detect_text_format(text)


def detect_text_format(text: str) -> str:
    """GIFT or a tab-separated term list, for a ``.txt`` file."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if _ANKI_LINE.match(first.strip()):
        return "tsv"
    return "gift" if _UNESCAPED_BRACE.search(text) else "tsv"


def read_files(
    files: list[tuple[str, bytes]],
    *,
    max_bytes: int,
    format: str = "auto",
    slug: str | None = None,
    title: str | None = None,
    card_type: str = "flashcard",
    unknown_as: str | None = None,
    skip_invalid: bool = False,
) -> ReadFiles:
    """Read and check every file; raise ``BankValidationError`` with every problem found.

    ``slug`` and ``title`` name a bank made from a GIFT or CSV file (which carry
    neither); by default both come from the file name. ``card_type`` is the
    question type a CSV/TSV row becomes: ``flashcard`` or ``short_answer``.
    ``unknown_as`` is the format of files whose extension says nothing (by default
    they are refused). With ``skip_invalid`` a question with a problem is left out and
    listed in the bank's ``skipped`` instead of failing its file; a problem of a file
    itself (unreadable, no questions at all, a bad slug) still fails it.
    """
    if card_type not in CARD_TYPES:
        raise ValueError(f"card_type must be one of {CARD_TYPES}")
    result = ReadFiles()
    issues: list[BankIssue] = []
    for filename, raw in files:
        try:
            requested = format
            if (
                format == "auto"
                and unknown_as
                and PurePath(filename).suffix.lower() not in SUFFIXES
            ):
                requested = unknown_as
            bank, notes = _read_one(
                filename,
                raw,
                max_bytes,
                requested,
                slug=slug,
                title=title,
                card_type=card_type,
                skip_invalid=skip_invalid,
            )
        except BankValidationError as exc:
            issues.extend(exc.issues)
            continue
        result.banks.append(bank)
        result.notes.extend(notes)
    issues.extend(duplicate_slug_issues(result.banks))
    if issues:
        raise BankValidationError(issues)
    return result


def _read_one(
    filename: str,
    raw: bytes,
    max_bytes: int,
    requested: str,
    *,
    slug: str | None,
    title: str | None,
    card_type: str,
    skip_invalid: bool = False,
) -> tuple[ParsedBank, list[BankIssue]]:
    suffix = PurePath(filename).suffix.lower()
    if requested == "auto" and suffix not in SUFFIXES:
        raise BankValidationError(
            [
                BankIssue(
                    filename,
                    None,
                    None,
                    "(document)",
                    f"unknown file type {suffix or '(none)'}: upload YAML (.yaml), Moodle GIFT "
                    "(.gift or .txt), a spreadsheet (.csv, .tsv, .xlsx) or tab-separated "
                    "text (.txt)",
                )
            ]
        )
    fmt = SUFFIXES[suffix] if requested == "auto" else requested
    if fmt == "moodle-xml" and requested == "auto" and is_qti_xml(raw):
        fmt = "qti"
    if fmt == "zip":
        if not is_qti_package(raw):
            message = (
                "this .zip is not a QTI package (it has no imsmanifest.xml); banks with media "
                "in a .zip are not supported yet"
            )
            raise BankValidationError([BankIssue(filename, None, None, "(document)", message)])
        fmt = "qti"
    notes: list[BankIssue] = []
    if fmt in BINARY_FORMATS:
        if len(raw) > max_bytes:
            message = too_large_message(len(raw), max_bytes)
            raise BankValidationError([BankIssue(filename, None, None, "(document)", message)])
        text = ""
    elif fmt == "yaml":
        text, issues = decode_bank_bytes(raw, filename, max_bytes)
        if text is None:
            raise BankValidationError(issues)
    else:
        text, issues, notes = decode_text(raw, filename, max_bytes)
        if text is None:
            raise BankValidationError(issues)
        fmt = fmt or detect_text_format(text)
    if fmt == "yaml":
        return parse_bank(raw, filename, max_bytes=max_bytes, skip_invalid=skip_invalid), []
    stem = PurePath(filename).stem
    bank_slug = slug or slugify(stem)
    bank_title = title or re.sub(r"[_\s]+", " ", stem).strip() or bank_slug
    if not bank_slug:
        raise BankValidationError(
            [
                BankIssue(
                    filename,
                    None,
                    None,
                    "bank.slug",
                    "cannot make a bank slug from this file name; rename the file using "
                    "Latin letters or digits, or give a slug",
                )
            ]
        )
    if fmt == "gift":
        converted = read_gift(text, filename, slug=bank_slug, title=bank_title)
    elif fmt == "qti":
        converted = read_qti(raw, filename, slug=bank_slug, title=bank_title)
    elif fmt == "apkg":
        converted = read_anki_package(
            raw, filename, slug=bank_slug, title=bank_title, title_given=title is not None
        )
    elif fmt == "moodle-xml":
        converted = read_moodle_xml(
            raw, filename, slug=bank_slug, title=bank_title, title_given=title is not None
        )
    elif fmt == "xlsx":
        converted = read_xlsx(raw, filename, slug=bank_slug, title=bank_title, card_type=card_type)
    elif fmt in ("csv", "tsv"):
        converted = read_delimited(
            text,
            filename,
            slug=bank_slug,
            title=bank_title,
            delimiter="\t" if fmt == "tsv" else None,
            card_type=card_type,
        )
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return _check(converted, raw, skip_invalid=skip_invalid), notes + converted.notes


def _is_question_issue(issue: BankIssue) -> bool:
    return issue.path != "(document)" and not issue.path.startswith("bank")


def _check(converted: Converted, raw: bytes, *, skip_invalid: bool = False) -> ParsedBank:
    """Validate a converted file by the bank rules, naming questions as its format does."""
    issues = list(converted.issues)
    skipped: list[BankIssue] = []
    if skip_invalid:
        skipped = [issue for issue in issues if _is_question_issue(issue)]
        issues = [issue for issue in issues if not _is_question_issue(issue)]
    if not converted.questions and not issues:
        issues.append(BankIssue(converted.filename, None, None, "(document)", "no questions found"))
    if not converted.questions:
        raise BankValidationError(issues)
    try:
        bank = parse_bank_data(
            converted.document(),
            converted.filename,
            marks=converted.marks,
            content_hash=hashlib.sha256(raw).hexdigest(),
            skip_invalid=skip_invalid,
        )
    except BankValidationError as exc:
        issues.extend(_renamed(issue, converted.labels) for issue in exc.issues)
        raise BankValidationError(issues) from None
    if issues:
        raise BankValidationError(issues)
    bank.skipped = sorted(
        skipped + [_renamed(issue, converted.labels) for issue in bank.skipped],
        key=lambda i: (i.line or 0, i.column or 0),
    )
    return bank


def _renamed(issue: BankIssue, labels: dict[int, str]) -> BankIssue:
    """``questions[3].answer`` -> ``question 4 (capitals), answer``."""
    match = _QUESTION_PATH.match(issue.path)
    if not match or int(match.group(1)) not in labels:
        return issue
    rest = issue.path[match.end() :]
    path = labels[int(match.group(1))] + (f", {rest}" if rest else "")
    return BankIssue(issue.file, issue.line, issue.column, path, issue.message)


__all__ = [
    "CARD_TYPES",
    "FORMATS",
    "ReadFiles",
    "detect_format",
    "read_files",
    "write_gift",
    "write_table",
]
