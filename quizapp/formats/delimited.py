"""Term and definition lists, as Quizlet and Anki export them (CSV or tab-separated).

Quizlet exports one card per line, term and definition separated by a tab (or a
comma), with no header. Anki's "Notes in Plain Text" is tab-separated too and may
start with lines such as ``#separator:tab``, ``#html:true`` or ``#tags column:3``.
A first row naming its columns (``term,definition``, ``front,back``,
``question,answer``; optional ``id``, ``tags``, ``explanation``, ``hint``) is
recognised and used.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from quizapp.formats.base import Converted
from quizapp.formats.text import KeyAllocator, html_to_text, key_for, short_hash

CARD_TYPES = ("flashcard", "short_answer")

TERM_COLUMNS = {"term", "front", "question", "word", "prompt"}
DEFINITION_COLUMNS = {"definition", "back", "answer", "meaning", "translation"}
OPTIONAL_COLUMNS = {"id", "tags", "explanation", "hint"}

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
        self.term = 0
        self.definition = 1
        self.named: dict[str, int] = {}
        self.skip: set[int] = set()

    def header(self, row: list[str]) -> bool:
        """Use ``row`` as a header if it names a term and a definition column."""
        names = [cell.strip().lower() for cell in row]
        terms = [i for i, n in enumerate(names) if n in TERM_COLUMNS]
        definitions = [i for i, n in enumerate(names) if n in DEFINITION_COLUMNS]
        if not terms or not definitions:
            return False
        self.has_header = True
        self.term, self.definition = terms[0], definitions[0]
        self.named = {n: i for i, n in enumerate(names) if n in OPTIONAL_COLUMNS}
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

    keys = KeyAllocator()
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=True)
    consumed = 0
    header_checked = False
    ignored_extra = False
    row_number = first
    while True:
        start_line = first + consumed + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            out.error(start_line, 1, f"row {row_number + 1}", f"cannot read this row: {exc}")
            break
        consumed = reader.line_num
        row_number += 1
        label = f"row {row_number}"
        if not any(cell.strip() for cell in row):
            continue
        if not header_checked:
            header_checked = True
            if columns.header(row):
                continue
        term_at, definition_at, extra = columns.locate(row)
        if term_at is None or definition_at is None or max(term_at, definition_at) >= len(row):
            out.error(
                start_line,
                1,
                label,
                f"expected a term and a definition separated by {shown}, found one column "
                "(is the file separated by something else?)",
            )
            continue
        term, definition = row[term_at], row[definition_at]
        if is_html:
            term, definition = html_to_text(term), html_to_text(definition)
        term, definition = term.strip(), definition.strip()
        if not term:
            out.error(start_line, 1, label, "the term is empty")
            continue
        if not definition:
            out.error(start_line, 1, label, f"the definition of {term[:40]!r} is empty")
            continue
        if extra and not ignored_extra:
            ignored_extra = True
            out.note(start_line, label, "columns after the term and the definition are ignored")
        question = _question(row, columns, term, definition, card_type, keys, guid_column)
        out.add_question(question, line=start_line, column=1, label=f"{label} ({term[:40]})")
    return out


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
