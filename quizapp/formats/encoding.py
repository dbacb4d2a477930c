"""Telling the encoding of a text file made by a spreadsheet or an older tool.

quizapp's own YAML is UTF-8 only. Files exported by Excel, Quizlet, Anki or Moodle on
Windows also come as UTF-16 (Excel's "Unicode text") or Windows-1252; they are read too,
and a fallback is said in a note so that a teacher whose accents look wrong knows why.
"""

from __future__ import annotations

import codecs

from quizapp.bankfile import BankIssue
from quizapp.bankfile.safeyaml import too_large_message

# Windows-1252 leaves these bytes undefined: a file with them is no Windows-1252 text.
_UNDEFINED_1252 = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def _utf16_without_bom(raw: bytes) -> str | None:
    """``le`` or ``be`` when every other byte is NUL, as UTF-16 text of Latin letters is."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    even, odd = raw[0::2], raw[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def decode_text(
    raw: bytes, filename: str, max_bytes: int
) -> tuple[str | None, list[BankIssue], list[BankIssue]]:
    """(text, problems, notes): UTF-8 (with or without a BOM), UTF-16 or Windows-1252."""

    def problem(message: str, line: int | None = None, column: int | None = None):
        return None, [BankIssue(filename, line, column, "(document)", message)], []

    if len(raw) > max_bytes:
        return problem(too_large_message(len(raw), max_bytes))
    notes: list[BankIssue] = []
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif raw.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    else:
        encoding = _utf16_without_bom(raw) or "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding.startswith("utf-16"):
            return problem(
                f"the file starts as UTF-16 text but byte {exc.start} cannot be decoded; "
                "save it again as CSV UTF-8"
            )
        bad = {b for b in raw if b >= 0x80}
        if bad & _UNDEFINED_1252:
            line = raw.count(b"\n", 0, exc.start) + 1
            column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            return problem(
                f"the file is neither UTF-8, UTF-16 nor Windows-1252 (byte 0x{raw[exc.start]:02X} "
                "cannot be decoded); save it as CSV UTF-8",
                line,
                column,
            )
        text = raw.decode("cp1252")
        line = raw.count(b"\n", 0, exc.start) + 1
        notes.append(
            BankIssue(
                filename,
                line,
                1,
                "(document)",
                "the file is not UTF-8: it was read as Windows-1252 (Western European). If "
                "letters with accents look wrong, save it as CSV UTF-8 and upload it again",
            )
        )
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        return problem("the file contains NUL characters; is it a binary file?", line, column)
    return text, [], notes
