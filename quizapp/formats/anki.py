"""Anki packages: importing ``.apkg`` decks and ``.colpkg`` collections, exporting ``.apkg``.

A package is a zip holding an SQLite collection: ``collection.anki2`` (the legacy schema,
as genanki and old Anki versions write it) or ``collection.anki21``. Anki 2.1.50 and later
write ``collection.anki21b`` (compressed with zstd, a newer schema); such packages also
carry a ``collection.anki2`` with a single placeholder note asking to update Anki, which
is never imported as a question.

Note types map to quizapp types by what they are, not by their names (which users
translate and rename): a cloze note type gives ``cloze`` questions, a card template with
``{{type:Field}}`` a ``short_answer``, and other notes flashcards, one per card template
(Basic-and-reversed gives a card each way). Decks exported by quizapp carry each
question's id and data in hidden fields, so they come back exactly.
"""

from __future__ import annotations

import html
import io
import json
import re
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizapp.bankfile.validate import QUESTION_ID
from quizapp.formats.base import Converted
from quizapp.formats.text import KeyAllocator, html_to_text, short_hash

MAX_UNPACKED = 256 * 1024 * 1024
COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
PLACEHOLDER = "please update to the latest anki version"
ID_FIELD = "quizapp id"
DATA_FIELD = "quizapp data"

_FIELD_REF = re.compile(r"\{\{([^}]+)\}\}")
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
_SOUND = re.compile(r"\[sound:([^\]]+)\]")
_IMAGE = re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)


@dataclass
class _NoteType:
    name: str
    fields: list[str]
    templates: list[tuple[str, str]]  # (name, question format)
    is_cloze: bool


def _template_fields(template: str) -> list[str]:
    """Field names a card template shows: ``{{Front}}``, ``{{type:Back}}``, ``{{#Tag}}``."""
    names = []
    for ref in _FIELD_REF.findall(template):
        ref = ref.strip()
        if ref[:1] in "#^/!" or ref in ("FrontSide", "Tags", "Deck", "Card", "Subdeck", "Type"):
            continue
        names.append(ref.rsplit(":", 1)[-1].strip())
    return names


def read_anki_package(
    raw: bytes, filename: str, *, slug: str, title: str, title_given: bool = True
) -> Converted:
    out = Converted(filename=filename, slug=slug, title=title)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        out.error(None, None, "(document)", "this is not an Anki package (not a zip file)")
        return out
    with archive:
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED:
            out.error(
                None,
                None,
                "(document)",
                f"the package unpacks to {unpacked // (1024 * 1024)} MiB; the limit is "
                f"{MAX_UNPACKED // (1024 * 1024)} MiB",
            )
            return out
        found = next((name for name in COLLECTIONS if name in names), None)
        if found is None:
            out.error(None, None, "(document)", "no Anki collection in this package")
            return out
        data = archive.read(found)
        if found == "collection.anki21b":
            data = _decompress(data, out)
            if data is None:
                return out
        media_count = _media_count(archive, names)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "collection.sqlite"
        path.write_bytes(data)
        try:
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            out.error(None, None, "(document)", f"cannot open the Anki collection: {exc}")
            return out
        try:
            _Reader(out, connection).read(title_given=title_given)
        except sqlite3.DatabaseError as exc:
            out.error(None, None, "(document)", f"cannot read the Anki collection: {exc}")
        finally:
            connection.close()
    if media_count:
        out.note(
            None,
            "(document)",
            f"the package's {media_count} media files are left out: quizapp questions hold "
            "text only (each image's alt text is kept)",
        )
    return out


def _decompress(data: bytes, out: Converted) -> bytes | None:
    try:
        import zstandard
    except ImportError:  # pragma: no cover - a dependency of quizapp
        out.error(None, None, "(document)", "zstandard is needed to read this package")
        return None
    try:
        return zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)).read(MAX_UNPACKED)
    except zstandard.ZstdError as exc:
        out.error(None, None, "(document)", f"cannot decompress the Anki collection: {exc}")
        return None


def _media_count(archive: zipfile.ZipFile, names: set[str]) -> int:
    if "media" not in names:
        return 0
    content = archive.read("media")
    try:
        return len(json.loads(content.decode("utf-8")) or {})
    except (UnicodeDecodeError, ValueError):
        # Newer packages list their media in a compressed protobuf: count the files.
        return sum(1 for name in names if name.isdigit())


class _Reader:
    def __init__(self, out: Converted, connection: sqlite3.Connection):
        self.out = out
        self.db = connection
        self.keys = KeyAllocator()

    def note_types(self) -> dict[int, _NoteType]:
        tables = {row[0] for row in self.db.execute("select name from sqlite_master")}
        if "notetypes" in tables:  # the current schema: one table per kind of thing
            return self._note_types_current()
        (models,) = self.db.execute("select models from col").fetchone()
        out = {}
        for model in json.loads(models).values():
            out[int(model["id"])] = _NoteType(
                name=model.get("name", ""),
                fields=[f["name"] for f in sorted(model["flds"], key=lambda f: f["ord"])],
                templates=[
                    (t.get("name", ""), t.get("qfmt", ""))
                    for t in sorted(model["tmpls"], key=lambda t: t["ord"])
                ],
                is_cloze=model.get("type") == 1,
            )
        return out

    def _note_types_current(self) -> dict[int, _NoteType]:
        out = {}
        for ntid, name, config in self.db.execute("select id, name, config from notetypes"):
            fields = [
                row[0]
                for row in self.db.execute(
                    "select name from fields where ntid = ? order by ord", (ntid,)
                )
            ]
            templates = [
                (tname, _protobuf_string(tconfig, 1))
                for tname, tconfig in self.db.execute(
                    "select name, config from templates where ntid = ? order by ord", (ntid,)
                )
            ]
            out[int(ntid)] = _NoteType(name, fields, templates, _protobuf_varint(config, 1) == 1)
        return out

    def read(self, *, title_given: bool) -> None:
        types = self.note_types()
        notes = list(self.db.execute("select id, guid, mid, tags, flds from notes order by id"))
        cards: dict[int, set[int]] = {}
        for note_id, ordinal in self.db.execute("select nid, ord from cards"):
            cards.setdefault(int(note_id), set()).add(int(ordinal))
        if len(notes) == 1 and PLACEHOLDER in html_to_text(notes[0][4]).casefold():
            self.out.error(
                None,
                None,
                "(document)",
                "this package holds only Anki's note asking to update Anki: export it again "
                "from Anki with 'Support older Anki versions' ticked, or upload the .colpkg",
            )
            return
        decks = [name for (name,) in self._deck_names()]
        if not title_given and len(decks) == 1:
            self.out.title = decks[0].split("::")[-1][:200] or self.out.title
        for number, (note_id, guid, mid, tags, fields) in enumerate(notes, 1):
            if PLACEHOLDER in html_to_text(fields).casefold():
                continue
            note_type = types.get(int(mid))
            label = f"note {number}"
            if note_type is None:
                self.out.error(None, None, label, "its note type is missing from the package")
                continue
            values = dict(zip(note_type.fields, fields.split("\x1f"), strict=False))
            label += f" ({note_type.name[:40]})" if note_type.name else ""
            # The cards Anki made of the note: an optional reversed card may not exist.
            made = cards.get(int(note_id), {0})
            self.read_note(number, label, guid, note_type, values, tags.split(), made)

    def _deck_names(self):
        tables = {row[0] for row in self.db.execute("select name from sqlite_master")}
        used = "select distinct did from cards"
        if "decks" in tables:
            return self.db.execute(f"select name from decks where id in ({used})").fetchall()
        (decks,) = self.db.execute("select decks from col").fetchone()
        ids = {row[0] for row in self.db.execute(used)}
        return [(d["name"],) for d in json.loads(decks).values() if int(d["id"]) in ids]

    def text(self, value: str, number: int, label: str) -> str:
        for name in _SOUND.findall(value) + _IMAGE.findall(value):
            self.out.note(None, label, f"the media file {name[:80]!r} is left out")
        return html_to_text(_SOUND.sub("", value))

    def key(self, guid: str, suffix: str = "") -> str:
        return self.keys.take("anki-" + short_hash(guid) + suffix)

    def read_note(self, number, label, guid, note_type, values, tags, made) -> None:
        lowered = {name.casefold(): value for name, value in values.items()}
        tags = list(dict.fromkeys(tag[:60] for tag in tags))
        if DATA_FIELD in lowered and ID_FIELD in lowered:
            self.read_quizapp_note(number, label, lowered, tags)
            return
        if note_type.is_cloze:
            self.read_cloze(number, label, guid, note_type, values, tags)
            return
        for n, (template_name, template) in enumerate(note_type.templates):
            if n not in made:
                continue
            shown = [name for name in _template_fields(template) if name in values]
            typed = re.search(r"\{\{type:([^}]+)\}\}", template)
            if typed:
                answer_field = typed.group(1).rsplit(":", 1)[-1].strip()
                front = [name for name in shown if name != answer_field]
            else:
                front = shown
                answer_field = next((name for name in note_type.fields if name not in front), None)
            prompt = "\n".join(self.text(values[name], number, label) for name in front).strip()
            answer = self.text(values.get(answer_field, ""), number, label) if answer_field else ""
            if not prompt or not answer:
                self.out.error(
                    None,
                    None,
                    f"{label}, card {template_name or n + 1}",
                    "the card has no front or no back to ask and answer",
                )
                continue
            question: dict[str, Any] = {
                "id": self.key(guid, f"-{n + 1}" if n else ""),
                "type": "short_answer" if typed else "flashcard",
                "prompt": prompt,
                "answer": answer,
            }
            if tags:
                question["tags"] = tags
            self.out.add_question(question, line=None, column=None, label=label)

    def read_cloze(self, number, label, guid, note_type, values, tags) -> None:
        text_field = next(
            (
                name
                for name in note_type.fields
                if f"cloze:{name}" in " ".join(t for _, t in note_type.templates)
            ),
            note_type.fields[0] if note_type.fields else None,
        )
        raw = values.get(text_field, "") if text_field else ""
        deletions = list(_CLOZE.finditer(raw))
        if not deletions:
            self.out.error(None, None, label, "a cloze note without a {{c1::...}} deletion")
            return
        answers = [html_to_text(m.group(2)) for m in deletions]
        hints = [html_to_text(m.group(3)) for m in deletions if m.group(3)]
        prompt = self.text(_CLOZE.sub("\u2063", raw), number, label).replace("\u2063", "___")
        question: dict[str, Any] = {
            "id": self.key(guid),
            "type": "cloze",
            "prompt": prompt,
            "answer": answers[0] if len(answers) == 1 else answers,
        }
        if len({m.group(1) for m in deletions}) > 1:
            self.out.note(
                None,
                label,
                f"Anki asks its {len(answers)} deletions as separate cards; quizapp asks them "
                "together as one cloze question",
            )
        if hints:
            question["hint"] = "; ".join(hints)
        extras = [
            self.text(value, number, label)
            for name, value in values.items()
            if name != text_field and value.strip()
        ]
        if extras:
            question["explanation"] = "\n\n".join(e for e in extras if e)
        if tags:
            question["tags"] = tags
        self.out.add_question(question, line=None, column=None, label=label)

    def read_quizapp_note(self, number, label, fields, tags) -> None:
        key = html.unescape(fields[ID_FIELD]).strip()
        try:
            data = json.loads(html.unescape(fields[DATA_FIELD]))
        except ValueError:
            data = None
        if not isinstance(data, dict) or not QUESTION_ID.match(key):
            self.out.error(None, None, label, "its quizapp id or data fields are damaged")
            return
        question = {"id": self.keys.take(key), **data}
        if tags and "tags" not in data:
            question["tags"] = tags
        self.out.add_question(question, line=None, column=None, label=label)


def _protobuf_fields(data: bytes):
    """(field number, wire type, value) of a protobuf message, without a schema."""
    i = 0
    while i < len(data):
        key, i = _varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(data, i)
        elif wire == 2:
            length, i = _varint(data, i)
            value, i = data[i : i + length], i + length
        elif wire == 1:
            value, i = data[i : i + 8], i + 8
        elif wire == 5:
            value, i = data[i : i + 4], i + 4
        else:
            return
        yield number, wire, value


def _varint(data: bytes, i: int) -> tuple[int, int]:
    shift = result = 0
    while i < len(data):
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            break
        shift += 7
    return result, i


def _protobuf_varint(data: bytes, number: int) -> int:
    return next((v for n, w, v in _protobuf_fields(data or b"") if n == number and w == 0), 0)


def _protobuf_string(data: bytes, number: int) -> str:
    value = next((v for n, w, v in _protobuf_fields(data or b"") if n == number and w == 2), b"")
    return value.decode("utf-8", "replace")


# -- writing -----------------------------------------------------------------

_CSS = ".card { font-family: sans-serif; font-size: 20px; text-align: center; }"


def _field_html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _model_id(name: str) -> int:
    return int(short_hash("quizapp-model-" + name), 16) % (1 << 31) + (1 << 30)


def write_apkg(document: dict[str, Any]) -> bytes:
    """A bank as an Anki deck (genanki): each question a note that shows its prompt and
    answer, with its id and data in hidden fields so that quizapp reads it back exactly."""
    import genanki

    from quizapp.questions import get_question_type

    hidden = [{"name": "quizapp id"}, {"name": "quizapp data"}]
    basic = genanki.Model(
        _model_id("basic"),
        "quizapp",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Explanation"}, *hidden],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": "{{FrontSide}}<hr id=answer>{{Back}}<br><br>{{Explanation}}",
            }
        ],
        css=_CSS,
    )
    typed = genanki.Model(
        _model_id("typed"),
        "quizapp (type in the answer)",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Explanation"}, *hidden],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}<br><br>{{type:Back}}",
                "afmt": "{{Front}}<hr id=answer>{{type:Back}}<br><br>{{Explanation}}",
            }
        ],
        css=_CSS,
    )
    cloze = genanki.Model(
        _model_id("cloze"),
        "quizapp (cloze)",
        fields=[{"name": "Text"}, {"name": "Back Extra"}, *hidden],
        templates=[
            {
                "name": "Cloze",
                "qfmt": "{{cloze:Text}}",
                "afmt": "{{cloze:Text}}<br><br>{{Back Extra}}",
            }
        ],
        css=_CSS,
        model_type=genanki.Model.CLOZE,
    )
    bank = document["bank"]
    deck = genanki.Deck(
        int(short_hash("quizapp-deck-" + bank["slug"]), 16) % (1 << 31), bank["title"]
    )
    for q in document["questions"]:
        # Tags go in the data too: Anki's tags cannot hold spaces.
        data = {k: v for k, v in q.items() if k not in ("id", "source", "review")}
        hidden_values = [q["id"], html.escape(json.dumps(data, ensure_ascii=False))]
        tags = [tag.replace(" ", "_") for tag in q.get("tags", [])]
        guid = genanki.guid_for(bank["slug"], q["id"])
        explanation = _field_html(q.get("explanation", ""))
        if q["type"] == "cloze":
            answers = q["answer"] if isinstance(q["answer"], list) else [q["answer"]]
            parts = re.split(r"_{3,}", q["prompt"])
            text = _field_html(parts[0])
            for n, answer in enumerate(answers, 1):
                text += f"{{{{c{n}::{_field_html(answer)}}}}}"
                text += _field_html(parts[n] if n < len(parts) else "")
            note = genanki.Note(cloze, [text, explanation, *hidden_values], tags=tags, guid=guid)
        else:
            qtype = get_question_type(q["type"])
            front = _field_html(q["prompt"])
            if q["type"] in ("multiple_choice", "ordering") and q.get("choices"):
                front += "<br><br>" + "<br>".join(_field_html(c) for c in q["choices"])
            back = _field_html(qtype.display_answer(q))
            model = typed if q["type"] in ("short_answer", "numeric") else basic
            note = genanki.Note(
                model, [front, back, explanation, *hidden_values], tags=tags, guid=guid
            )
        deck.add_note(note)
    buffer = io.BytesIO()
    genanki.Package(deck).write_to_file(buffer)
    return buffer.getvalue()
