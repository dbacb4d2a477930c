"""CSV downloads that are safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return)
is run as a formula by Excel, LibreOffice and Google Sheets; text written by
learners and teachers (usernames, answers, prompts) is prefixed with a quote so
that it is shown, never evaluated. Numbers the app computes are written as numbers.

A spreadsheet set to a language that writes decimal commas splits CSV files on ``;``,
not ``,``: an unquoted ``x;=HYPERLINK(...)`` would become two cells, the second a formula.
So a cell holding ``;`` is quoted as well as one holding ``,``, a quote or a line break.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


# A field with any of these is quoted; csv's QUOTE_MINIMAL would leave ";" bare.
_NEEDS_QUOTES = frozenset(',;"\r\n')


def _field(value: Any) -> str:
    if isinstance(value, int | float):
        return str(value)
    if _NEEDS_QUOTES.intersection(value):
        return '"' + value.replace('"', '""') + '"'
    return value


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    lines = [",".join(_field(safe_cell(h)) for h in header)]
    lines.extend(",".join(_field(safe_cell(cell)) for cell in row) for row in rows)
    return "\r\n".join(lines) + "\r\n"
