"""One bank document written in any export format: the bytes, a file name and what was lost."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from quizapp.bankfile.dump import dump_bank_yaml
from quizapp.formats.anki import write_apkg
from quizapp.formats.gift import write_gift
from quizapp.formats.moodlexml import write_moodle_xml
from quizapp.formats.qti import write_qti_package
from quizapp.formats.table import write_table


@dataclass
class ExportFile:
    content: bytes
    filename: str
    mimetype: str
    # Questions left out (id, type) and what a format cannot hold ("q1: hint").
    skipped: list[tuple[str, str]] = field(default_factory=list)
    losses: list[str] = field(default_factory=list)


def _yaml(document: dict[str, Any]) -> ExportFile:
    text = dump_bank_yaml(document)
    return ExportFile(text.encode("utf-8"), ".yaml", "application/yaml; charset=utf-8")


def _gift(document: dict[str, Any]) -> ExportFile:
    exported = write_gift(document)
    return ExportFile(
        exported.text.encode("utf-8"),
        ".gift.txt",
        "text/plain; charset=utf-8",
        skipped=exported.skipped,
    )


def _csv(document: dict[str, Any]) -> ExportFile:
    table = write_table(document)
    # A BOM, so that Excel opens the UTF-8 file with its accents right.
    content = b"\xef\xbb\xbf" + table.csv().encode("utf-8")
    return ExportFile(content, ".csv", "text/csv; charset=utf-8", losses=table.losses)


def _tsv(document: dict[str, Any]) -> ExportFile:
    table = write_table(document)
    content = table.csv("\t").encode("utf-8")
    return ExportFile(
        content, ".tsv", "text/tab-separated-values; charset=utf-8", losses=table.losses
    )


def _xlsx(document: dict[str, Any]) -> ExportFile:
    table = write_table(document)
    return ExportFile(
        table.xlsx(),
        ".xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        losses=table.losses,
    )


def _moodle_xml(document: dict[str, Any]) -> ExportFile:
    text, skipped = write_moodle_xml(document)
    return ExportFile(
        text.encode("utf-8"), ".moodle.xml", "application/xml; charset=utf-8", skipped=skipped
    )


def _apkg(document: dict[str, Any]) -> ExportFile:
    content = write_apkg(document)
    return ExportFile(content, ".apkg", "application/octet-stream")


def _qti(document: dict[str, Any]) -> ExportFile:
    content, skipped = write_qti_package(document)
    return ExportFile(content, ".qti.zip", "application/zip", skipped=skipped)


WRITERS: dict[str, Callable[[dict[str, Any]], ExportFile]] = {
    "yaml": _yaml,
    "gift": _gift,
    "moodle-xml": _moodle_xml,
    "apkg": _apkg,
    "qti": _qti,
    "csv": _csv,
    "tsv": _tsv,
    "xlsx": _xlsx,
}
EXPORT_FORMATS = tuple(WRITERS)
BINARY_EXPORTS = ("xlsx", "apkg", "qti")


def export_document(document: dict[str, Any], fmt: str) -> ExportFile:
    """``document`` (as written to YAML) in ``fmt``; the file name is the bank's slug."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}")
    exported = WRITERS[fmt](document)
    exported.filename = document["bank"]["slug"] + exported.filename
    return exported
