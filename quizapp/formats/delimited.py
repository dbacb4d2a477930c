"""Spreadsheets and term lists: CSV, TSV and ``.xlsx`` in quizapp's column layout, and the
term/definition lists Quizlet and Anki export.

A first row naming its columns (``prompt, type, answer, choices, ...``; see
docs/formats.md) may hold any question type, one per row. Without a ``type`` column every
row is a card of the upload's card type, as in Quizlet's and Anki's lists: Quizlet exports
one card per line, term and definition separated by a tab (or a comma), with no header;
Anki's "Notes in Plain Text" is tab-separated too and may start with lines such as
``#separator:tab``, ``#html:true`` or ``#tags column:3``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

from quizapp.formats.base import Converted
from quizapp.formats.text import KeyAllocator, html_to_text, key_for, short_hash
from quizapp.questions.base import parse_number

CARD_TYPES = ("flashcard", "short_answer")

TERM_COLUMNS = {"term", "front", "question", "word", "prompt"}
DEFINITION_COLUMNS = {"definition", "back", "answer", "meaning", "translation"}
OPTIONAL_COLUMNS = {"id", "tags", "explanation", "hint"}
# quizapp's layout: these columns (with ``choice 1`` ... ``choice 10``) say a row is more
# than a term and its definition.
LAYOUT_COLUMNS = {"type", "choices", "accept", "tolerance", "unit", "image", "image alt"}
LAYOUT_ORDER = (
    "id",
    "type",
    "prompt",
    "answer",
    "choices",
    "accept",
    "tolerance",
    "unit",
    "explanation",
    "hint",
    "tags",
    "image",
)
TYPE_NAMES = {
    "multiple_choice": "multiple_choice",
    "multiple choice": "multiple_choice",
    "mc": "multiple_choice",
    "true_false": "true_false",
    "true/false": "true_false",
    "true false": "true_false",
    "tf": "true_false",
    "short_answer": "short_answer",
    "short answer": "short_answer",
    "numeric": "numeric",
    "number": "numeric",
    "cloze": "cloze",
    "ordering": "ordering",
    "order": "ordering",
    "flashcard": "flashcard",
    "card": "flashcard",
}
TRUE_WORDS = {"true", "t", "yes", "y", "1", "wahr", "vrai", "verdadero"}
FALSE_WORDS = {"false", "f", "no", "n", "0", "falsch", "faux", "falso"}
_CHOICE_COLUMN = re.compile(r"^(?:choice|option|answer)\s*(\d{1,2})$")
_LIST_SPLIT = re.compile(r"(?<!\\)\|")

_ANKI_HEADER = re.compile(r"^#([a-z ]+):(.*)$")
_ANKI_SEPARATORS = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "space": " ",
    "pipe": "|",
    "colon": ":",
}
_TAG_SPLIT = re.compile(r"[\s,]+")
# Anki's "#tags column:N" and the like; no export has more columns than this.
MAX_COLUMN = 999


def guess_delimiter(line: str) -> str:
    """Tab if the line has one, else semicolon if it has no comma (European spreadsheets)."""
    if "\t" in line:
        return "\t"
    if ";" in line and "," not in line:
        return ";"
    return ","


class _Columns:
    """Which column holds what: from a header row, from Anki's header lines, or by position."""

    def __init__(self) -> None:
        self.has_header = False
        self.layout = False  # quizapp's layout: a row may be any question type
        self.term = 0
        self.definition = 1
        self.named: dict[str, int] = {}
        self.choices: list[int] = []
        self.skip: set[int] = set()

    def header(self, row: list[str]) -> bool:
        """Use ``row`` as a header if it names a prompt (term) and an answer column."""
        names = [" ".join(cell.strip().lower().replace("_", " ").split()) for cell in row]
        terms = [i for i, n in enumerate(names) if n in TERM_COLUMNS]
        definitions = [i for i, n in enumerate(names) if n in DEFINITION_COLUMNS]
        if not terms or not definitions:
            return False
        self.has_header = True
        self.term, self.definition = terms[0], definitions[0]
        self.named = {n: i for i, n in enumerate(names) if n in OPTIONAL_COLUMNS | LAYOUT_COLUMNS}
        numbered = []
        for i, n in enumerate(names):
            match = _CHOICE_COLUMN.match(n)
            if match and i not in (self.term, self.definition):
                numbered.append((int(match.group(1)), i))
        self.choices = [i for _, i in sorted(numbered)]
        self.layout = bool(self.choices or LAYOUT_COLUMNS & set(self.named))
        return True

    def locate(self, row: list[str]) -> tuple[int | None, int | None, bool]:
        """(term column, definition column, whether other columns are left unused)."""
        if self.has_header:
            return self.term, self.definition, False
        content = [
            i for i in range(len(row)) if i not in self.skip and i not in self.named.values()
        ]
        content += [None, None, None]  # a row may have no column left for content at all
        return content[0], content[1], content[2] is not None


def read_delimited(
    text: str,
    filename: str,
    *,
    slug: str,
    title: str,
    delimiter: str | None = None,
    card_type: str = "flashcard",
) -> Converted:
    """Convert a term/definition file: one question of ``card_type`` per row."""
    out = Converted(filename=filename, slug=slug, title=title)
    lines = text.splitlines(keepends=True)
    columns = _Columns()
    is_html = False
    first = 0
    guid_column = None
    # Anki's header lines: "#separator:tab", "#html:true", "#tags column:3", ...
    while first < len(lines):
        match = _ANKI_HEADER.match(lines[first].strip())
        if not match:
            break
        name, value = match.group(1).strip(), match.group(2).strip()
        if name == "separator":
            delimiter = _ANKI_SEPARATORS.get(value.lower(), value[:1] or None)
        elif name == "html":
            is_html = value.lower() == "true"
        elif name.endswith(" column"):
            readable = value.isascii() and value.isdigit() and len(value) <= len(str(MAX_COLUMN))
            if not (readable and 1 <= int(value) <= MAX_COLUMN):
                out.error(
                    first + 1,
                    None,
                    "(document)",
                    f"'#{name}:' needs a column number from 1 to {MAX_COLUMN}, not {value[:20]!r}",
                )
                first += 1
                continue
            index = int(value) - 1
            if name == "tags column":
                columns.named["tags"] = index
            elif name == "guid column":
                guid_column = index
                columns.skip.add(index)
            else:  # notetype, deck: not ours to keep
                columns.skip.add(index)
        first += 1
    body = "".join(lines[first:])
    if not body.strip():
        out.error(None, None, "(document)", "the file has no rows of term and definition")
        return out
    if delimiter is None:
        delimiter = guess_delimiter(next(line for line in lines[first:] if line.strip()))
    shown = {"\t": "a tab", ",": "a comma", ";": "a semicolon"}.get(delimiter, repr(delimiter))

    quizlet_commas = delimiter == "," and first == 0  # Quizlet does not quote its commas
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=True)

    def rows() -> Iterable[tuple[int, str, list[str]]]:
        consumed = 0
        row_number = first
        while True:
            start_line = first + consumed + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                out.error(start_line, 1, f"row {row_number + 1}", f"cannot read this row: {exc}")
                return
            consumed = reader.line_num
            row_number += 1
            yield start_line, f"row {row_number}", row

    read_rows(
        out,
        rows(),
        columns,
        card_type=card_type,
        is_html=is_html,
        guid_column=guid_column,
        separator=shown,
        join_extra=quizlet_commas,
    )
    return out


def read_rows(
    out: Converted,
    rows: Iterable[tuple[int, str, list[str]]],
    columns: _Columns | None = None,
    *,
    card_type: str,
    is_html: bool = False,
    guid_column: int | None = None,
    separator: str = "a comma",
    join_extra: bool = False,
) -> None:
    """Turn rows (each with its line and its label, ``row 12``) into questions."""
    columns = columns or _Columns()
    keys = KeyAllocator()
    header_checked = False
    ignored_extra = False
    for start_line, label, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if not header_checked:
            header_checked = True
            if columns.header(row):
                continue
        term_at, definition_at, extra = columns.locate(row)
        if term_at is None or definition_at is None or max(term_at, definition_at) >= len(row):
            if columns.layout and term_at is not None and term_at < len(row):
                row = [*row, *[""] * (definition_at + 1 - len(row))]
            else:
                out.error(
                    start_line,
                    1,
                    label,
                    f"expected a term and a definition separated by {separator}, found one "
                    "column (is the file separated by something else?)",
                )
                continue
        if extra and join_extra:
            # Quizlet's comma export writes "term,definition, with, commas" unquoted.
            row = [row[term_at], ",".join(row[definition_at:])]
            extra = False
        term, definition = row[term_at], row[definition_at]
        if is_html:
            term, definition = html_to_text(term), html_to_text(definition)
        term, definition = _unquote(term.strip()), _unquote(definition.strip())
        if not term:
            out.error(
                start_line,
                1,
                label,
                "the prompt is empty" if columns.layout else "the term is empty",
            )
            continue
        if extra and not ignored_extra:
            ignored_extra = True
            out.note(start_line, label, "columns after the term and the definition are ignored")
        if columns.layout:
            question = _layout_question(
                out, row, columns, term, definition, card_type, keys, start_line, label
            )
            if question is None:
                continue
        else:
            if not definition:
                out.error(start_line, 1, label, f"the definition of {term[:40]!r} is empty")
                continue
            question = _question(row, columns, term, definition, card_type, keys, guid_column)
        out.add_question(question, line=start_line, column=1, label=f"{label} ({term[:40]})")


def _unquote(text: str) -> str:
    """A cell quizapp's CSV export guarded with a quote (``'=A1``) reads back as written."""
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]
    return text


def split_list(cell: str) -> list[str]:
    """``a | b \\| c`` -> ``["a", "b | c"]``: items separated by ``|``, ``\\|`` keeps one."""
    if not cell.strip():
        return []
    return [item.replace("\\|", "|").strip() for item in _LIST_SPLIT.split(cell) if item.strip()]


def _layout_question(out, row, columns, prompt, answer, card_type, keys, line, label):
    """One row of quizapp's layout as a question of any type; None (with an error) if not."""

    def cell(name: str) -> str:
        index = columns.named.get(name)
        return _unquote(row[index].strip()) if index is not None and index < len(row) else ""

    raw_type = " ".join(cell("type").lower().replace("-", " ").split())
    qtype = TYPE_NAMES.get(raw_type) if raw_type else card_type
    if qtype is None:
        out.error(
            line,
            1,
            label,
            f"unknown type {cell('type')[:40]!r}: use multiple_choice, true_false, short_answer, "
            "numeric, cloze, ordering or flashcard",
        )
        return None
    if not answer:
        out.error(line, 1, label, f"the answer of {prompt[:40]!r} is empty")
        return None
    choices = split_list(cell("choices"))
    choices += [
        _unquote(row[i].strip()) for i in columns.choices if i < len(row) and row[i].strip()
    ]
    key = keys.take(cell("id") or key_for(" ".join(prompt.split()[:8]), fallback_prefix="q"))
    question: dict[str, Any] = {"id": key, "type": qtype, "prompt": prompt}
    if qtype == "multiple_choice":
        number = parse_number(answer)
        if answer not in choices and isinstance(number, int) and 1 <= number <= len(choices):
            answer = choices[number - 1]  # "2": the second choice, as quiz sheets write it
        question["choices"] = choices
        question["answer"] = answer
    elif qtype == "true_false":
        word = answer.strip().casefold()
        if word not in TRUE_WORDS | FALSE_WORDS:
            out.error(line, 1, label, f"a true/false answer is true or false, not {answer[:40]!r}")
            return None
        question["answer"] = word in TRUE_WORDS
    elif qtype == "numeric":
        question["answer"] = parse_number(answer) if parse_number(answer) is not None else answer
        tolerance = cell("tolerance")
        if tolerance:
            number = parse_number(tolerance)
            question["tolerance"] = (
                tolerance if tolerance.endswith("%") or number is None else number
            )
        if cell("unit"):
            question["unit"] = cell("unit")
    elif qtype == "ordering":
        question["answer"] = split_list(answer)
        if choices:
            question["choices"] = choices
    elif qtype == "cloze":
        blanks = split_list(answer)
        question["answer"] = blanks[0] if len(blanks) == 1 else blanks
        accept = split_list(cell("accept"))
        if accept:
            if len(blanks) > 1:
                out.error(
                    line,
                    1,
                    label,
                    "other accepted answers of a cloze question with several blanks cannot be "
                    "written in a spreadsheet; keep one blank or use the YAML format",
                )
                return None
            question["accept"] = accept
    else:
        question["answer"] = answer
        accept = split_list(cell("accept"))
        if accept and qtype == "short_answer":
            question["accept"] = accept
    if qtype not in ("multiple_choice", "ordering") and choices:
        out.note(line, label, f"choices are ignored for a {qtype.replace('_', ' ')} question")
    for name in ("explanation", "hint"):
        if cell(name):
            question[name] = cell(name)
    tags = [t.strip() for t in cell("tags").split(",") if t.strip()]
    if tags:
        question["tags"] = list(dict.fromkeys(tags))
    if cell("image"):
        out.note(
            line,
            label,
            f"the image {cell('image')[:80]!r} is left out: quizapp questions hold text only",
        )
    return question


def _question(row, columns, term, definition, card_type, keys, guid_column) -> dict[str, Any]:
    def cell(name: str) -> str:
        index = columns.named.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    if cell("id"):
        key = keys.take(cell("id"))
    elif guid_column is not None and guid_column < len(row) and row[guid_column].strip():
        # Anki's note guid, hashed into a valid id: stable when the deck is exported again.
        key = keys.take("anki-" + short_hash(row[guid_column].strip()))
    else:
        key = keys.take(key_for(" ".join(term.split()[:8]), fallback_prefix="term"))
    question: dict[str, Any] = {"id": key, "type": card_type, "prompt": term, "answer": definition}
    for name in ("explanation", "hint"):
        if cell(name):
            question[name] = cell(name)
    tags = [t for t in _TAG_SPLIT.split(cell("tags")) if t]
    if tags:
        question["tags"] = list(dict.fromkeys(tags))
    return question
