"""Spreadsheets both ways: ``.xlsx`` read with openpyxl, and banks written as CSV, TSV or
``.xlsx`` in quizapp's column layout (docs/formats.md), which the readers take back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from quizapp.formats.base import Converted
from quizapp.formats.delimited import read_rows
from quizapp.formats.spreadsheet import safe_cell

EXPORT_COLUMNS = (
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
)
# An .xlsx is a zip of XML: refuse one that unpacks to more than this (a zip bomb).
MAX_XLSX_UNPACKED = 64 * 1024 * 1024


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.15g}"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_xlsx(
    raw: bytes, filename: str, *, slug: str, title: str, card_type: str = "flashcard"
) -> Converted:
    """The first sheet of a workbook, one question per row, as a CSV file would give."""
    import openpyxl  # imported here: only uploads of .xlsx files need it

    out = Converted(filename=filename, slug=slug, title=title)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        out.error(None, None, "(document)", "this is not an .xlsx workbook (not a zip file)")
        return out
    if unpacked > MAX_XLSX_UNPACKED:
        out.error(
            None,
            None,
            "(document)",
            f"the workbook unpacks to {unpacked // (1024 * 1024)} MiB; the limit is "
            f"{MAX_XLSX_UNPACKED // (1024 * 1024)} MiB",
        )
        return out
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        out.error(None, None, "(document)", f"cannot read this workbook: {str(exc)[:200]}")
        return out
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            out.error(None, None, "(document)", "the workbook has no sheet")
            return out
        rows = [
            (number, f"row {number}", [_cell_text(v) for v in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), 1)
        ]
    finally:
        workbook.close()
    if not any(any(cell.strip() for cell in row) for _, _, row in rows):
        out.error(None, None, "(document)", "the first sheet of the workbook is empty")
        return out
    read_rows(out, rows, card_type=card_type, separator="cells")
    return out


# -- writing -----------------------------------------------------------------


@dataclass
class TableExport:
    rows: list[list[Any]]
    losses: list[str] = field(default_factory=list)

    def csv(self, delimiter: str = ",") -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
        for row in self.rows:
            writer.writerow([safe_cell(cell) for cell in row])
        return buffer.getvalue()

    def xlsx(self) -> bytes:
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = "questions"
        for r, row in enumerate(self.rows, 1):
            for c, value in enumerate(row, 1):
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text stays text: never run as a formula
        sheet.freeze_panes = "A2"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _joined(items) -> str:
    return " | ".join(str(item).replace("|", "\\|") for item in items)


def write_table(document: dict[str, Any]) -> TableExport:
    """A bank document (as written to YAML) as rows of quizapp's spreadsheet layout."""
    export = TableExport(rows=[list(EXPORT_COLUMNS)])
    for q in document["questions"]:
        row = dict.fromkeys(EXPORT_COLUMNS, "")
        row.update(id=q["id"], type=q["type"], prompt=q["prompt"])
        qtype, answer = q["type"], q["answer"]
        if qtype == "true_false":
            row["answer"] = "true" if answer else "false"
        elif isinstance(answer, list):
            row["answer"] = _joined(answer)
        else:
            row["answer"] = answer
        if q.get("choices"):
            row["choices"] = _joined(q["choices"])
        accept = q.get("accept") or []
        if accept and isinstance(accept[0], list):
            export.losses.append(f"{q['id']}: other accepted answers per blank")
        elif accept:
            row["accept"] = _joined(accept)
        for name in ("tolerance", "unit", "explanation", "hint"):
            if q.get(name) not in (None, ""):
                row[name] = q[name]
        tags = q.get("tags") or []
        if any("," in tag for tag in tags):
            export.losses.append(f"{q['id']}: tags with a comma")
        row["tags"] = ", ".join(tag.replace(",", " ") for tag in tags)
        for name in ("typo_tolerance", "case_sensitive", "shuffle", "source"):
            if name in q:
                export.losses.append(f"{q['id']}: {name.replace('_', ' ')}")
        export.rows.append([row[name] for name in EXPORT_COLUMNS])
    return export
