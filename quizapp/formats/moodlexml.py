"""Moodle XML: the format Moodle's question bank imports and exports, both ways.

Reference: https://docs.moodle.org/en/Moodle_XML_format. A ``<quiz>`` holds
``<question type="...">`` elements; ``type="category"`` ones set the category of the
questions after them. quizapp reads multichoice (one right answer), truefalse,
shortanswer, numerical, matching (one multiple-choice question per pair, as from GIFT)
and multianswer (Cloze) questions whose blanks are all typed answers, or one choice.
Other types (essay, description, calculated, drag and drop, ...) are refused with their
item number and line. The XML is parsed with defusedxml: no entities, no external files.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from defusedxml.common import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from quizapp.bankfile.validate import QUESTION_ID
from quizapp.formats.base import Converted
from quizapp.formats.gift import FEEDBACK_NOTE, category_tag, markdown_to_text, markup_losses
from quizapp.formats.text import KeyAllocator, html_to_text, key_for
from quizapp.questions.types import BLANK, allowed_margin

UNSUPPORTED = {
    "essay": "essays are graded by hand",
    "description": "a description is not a question",
    "calculated": "calculated questions compute their numbers per attempt",
    "calculatedsimple": "calculated questions compute their numbers per attempt",
    "calculatedmulti": "calculated questions compute their numbers per attempt",
    "randomsamatch": "random short-answer matching draws questions from a category",
    "ddwtos": "drag and drop has no quizapp type",
    "ddimageortext": "drag and drop has no quizapp type",
    "ddmarker": "drag and drop has no quizapp type",
    "gapselect": "select missing words has no quizapp type",
}
# {1:SHORTANSWER:=Berlin#Right~%50%Bonn}, {:MC:~a~=b}, {2:NUMERICAL:=3:0.1}
_EMBEDDED = re.compile(r"\{(\d*):([A-Z_]+):((?:\\.|[^}\\])*)\}")
_TYPED = {"SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC"}
_CHOICE = {
    "MULTICHOICE",
    "MC",
    "MULTICHOICE_V",
    "MCV",
    "MULTICHOICE_H",
    "MCH",
    "MULTICHOICE_S",
    "MCS",
    "MULTICHOICE_VS",
    "MCVS",
    "MULTICHOICE_HS",
    "MCHS",
}


class _LineBuilder(ET.TreeBuilder):
    """Remembers the line each ``<question>`` starts at (ElementTree keeps no lines)."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: Any = None
        self.lines: dict[int, int] = {}

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        if tag == "question" and self.parser is not None:
            self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element


def _text(element: ET.Element | None, path: str = "text") -> str:
    if element is None:
        return ""
    found = element.find(path) if path else element
    return (found.text or "") if found is not None else ""


def _format(element: ET.Element | None) -> str:
    value = (element.get("format") if element is not None else None) or "html"
    return {"moodle_auto_format": "moodle", "plain_text": "plain"}.get(value, value)


def _fraction(answer: ET.Element) -> float:
    try:
        return float(answer.get("fraction") or 0)
    except ValueError:
        return 0.0


class _MoodleReader:
    def __init__(self, out: Converted):
        self.out = out
        self.keys = KeyAllocator()
        self.category: str | None = None
        self.categories: list[str] = []

    def read(self, raw: bytes) -> None:
        builder = _LineBuilder()
        parser = DefusedXMLParser(target=builder, forbid_dtd=True)
        builder.parser = parser
        try:
            parser.feed(raw)
            root = parser.close()
        except ET.ParseError as exc:
            line, column = exc.position
            self.out.error(line, column + 1, "(document)", f"not well-formed XML: {exc.msg}")
            return
        except DefusedXmlException as exc:
            self.out.error(None, None, "(document)", f"refused XML: {exc}")
            return
        if root.tag != "quiz":
            self.out.error(
                None,
                None,
                "(document)",
                f"a Moodle XML file has <quiz> at the top, not <{root.tag}>",
            )
            return
        number = 0
        for element in root.iter("question"):
            line = builder.lines.get(id(element))
            kind = element.get("type", "")
            if kind == "category":
                path = _text(element.find("category"))
                self.category = category_tag(path)
                if self.category and self.category not in self.categories:
                    self.categories.append(self.category)
                continue
            number += 1
            name = " ".join(_text(element.find("name")).split())
            label = f"question {number}" + (f" ({name[:60]})" if name else "")
            self.read_question(element, kind, label, line or 1, name)

    # -- one question --

    def clean(self, element: ET.Element | None, label: str, line: int, path: str = "text"):
        if element is None:
            return ""
        raw = _text(element, path)
        form = _format(element)
        for loss in markup_losses(raw.replace("@@PLUGINFILE@@/", ""), form):
            self.out.note(line, label, loss)
        if form == "html":
            return html_to_text(raw)
        if form == "markdown":
            raw = markdown_to_text(raw)
        return "\n".join(part.strip() for part in raw.split("\n")).strip()

    def error(self, line: int, label: str, message: str) -> None:
        self.out.error(line, 1, label, message)

    def read_question(self, element, kind, label, line, name) -> None:
        if kind in UNSUPPORTED:
            self.error(
                line, label, f"Moodle's {kind} questions cannot be imported: {UNSUPPORTED[kind]}"
            )
            return
        readers = {
            "multichoice": self.read_multichoice,
            "truefalse": self.read_truefalse,
            "shortanswer": self.read_shortanswer,
            "numerical": self.read_numerical,
            "matching": self.read_matching,
            "multianswer": self.read_multianswer,
        }
        if kind not in readers:
            self.error(line, label, f"unknown Moodle question type {kind[:40]!r}")
            return
        prompt_element = element.find("questiontext")
        prompt = self.clean(prompt_element, label, line)
        if kind != "multianswer" and not prompt:
            self.error(line, label, "the question has no text")
            return
        questions = readers[kind](element, prompt, label, line)
        if questions is None:
            return
        general = self.clean(element.find("generalfeedback"), label, line)
        tags = [t for t in [self.category] if t]
        for tag_element in element.iterfind("tags/tag"):
            tag = " ".join(_text(tag_element).split())[:60]
            if tag and tag.casefold() not in {t.casefold() for t in tags}:
                tags.append(tag)
        idnumber = _text(element, "idnumber").strip()
        if idnumber and (not QUESTION_ID.match(idnumber) or len(idnumber) > 100):
            self.error(
                line,
                label,
                f"<idnumber> {idnumber[:40]!r} is not a quizapp id: use lowercase letters, "
                "digits, '.', '-' and '_', starting with a letter or digit",
            )
            return
        if idnumber and idnumber in self.keys.used:
            self.error(line, label, f"<idnumber> {idnumber!r} is used by another question")
            return
        base = idnumber or key_for(name or " ".join(questions[0]["prompt"].split()[:8]))
        if len(questions) > 1:
            base = self.keys.take(base)
        for n, question in enumerate(questions, 1):
            feedback = question.pop("_feedback", "")
            explanation = general or feedback
            if explanation:
                question["explanation"] = explanation
            key = self.keys.take(f"{base}.{n}" if len(questions) > 1 else base)
            question = {"id": key, **question}
            if tags:
                question["tags"] = tags
            index = len(self.out.questions)
            where = label + (f", pair {n}" if len(questions) > 1 else "")
            self.out.add_question(question, line=line, column=1, label=where)
            for field in ("answer", "choices", "accept", "tolerance"):
                self.out.marks[("questions", index, field)] = (line, 1)

    def answers(self, element, label, line) -> list[tuple[float, str, str]]:
        out = []
        for answer in element.iterfind("answer"):
            text = self.clean(answer, label, line)
            feedback = self.clean(answer.find("feedback"), label, line)
            out.append((_fraction(answer), text, feedback))
        return out

    def read_multichoice(self, element, prompt, label, line):
        answers = self.answers(element, label, line)
        if _text(element, "single").strip().lower() in ("false", "0"):
            self.error(
                line,
                label,
                "a multiple-answer question (<single>false</single>): quizapp's multiple "
                "choice has exactly one right answer",
            )
            return None
        right = [a for a in answers if a[0] >= 100]
        if len(right) != 1:
            self.error(
                line,
                label,
                f"{len(right)} answers with full credit: quizapp's "
                "multiple choice has exactly one right answer",
            )
            return None
        if any(0 < a[0] < 100 for a in answers):
            self.out.note(
                line,
                label,
                "partial credit is not supported: answers worth part of the mark count as wrong",
            )
        if any(a[2] for a in answers if a is not right[0]):
            self.out.note(line, label, FEEDBACK_NOTE)
        question = {
            "type": "multiple_choice",
            "prompt": prompt,
            "choices": [a[1] for a in answers],
            "answer": right[0][1],
            "_feedback": right[0][2],
        }
        if _text(element, "shuffleanswers").strip().lower() in ("false", "0"):
            question["shuffle"] = False
        return [question]

    def read_truefalse(self, element, prompt, label, line):
        answers = self.answers(element, label, line)
        right = [a for a in answers if a[0] >= 100]
        if len(right) != 1 or right[0][1].strip().lower() not in ("true", "false"):
            self.error(
                line,
                label,
                "a true/false question needs one answer 'true' or 'false' with full credit",
            )
            return None
        if any(a[2] for a in answers if a is not right[0]):
            self.out.note(line, label, FEEDBACK_NOTE)
        value = right[0][1].strip().lower() == "true"
        return [{"type": "true_false", "prompt": prompt, "answer": value, "_feedback": right[0][2]}]

    def read_shortanswer(self, element, prompt, label, line):
        answers = self.answers(element, label, line)
        accepted: list[str] = []
        for fraction, text, _ in answers:
            if fraction >= 100 and text and text.casefold() not in {a.casefold() for a in accepted}:
                accepted.append(text)
        if not accepted:
            self.error(line, label, "no answer with full credit")
            return None
        if any("*" in a for a in accepted):
            self.error(
                line, label, "wildcard answers ('*') are not supported: list the accepted answers"
            )
            return None
        if any(a[0] < 100 for a in answers):
            self.out.note(
                line,
                label,
                "answers worth part of the mark (or none) are not kept: "
                "only full-credit answers are accepted",
            )
        question: dict[str, Any] = {"type": "short_answer", "prompt": prompt, "answer": accepted[0]}
        if len(accepted) > 1:
            question["accept"] = accepted[1:]
        if _text(element, "usecase").strip() == "1":
            question["case_sensitive"] = True
        question["_feedback"] = next((a[2] for a in answers if a[0] >= 100), "")
        return [question]

    def read_numerical(self, element, prompt, label, line):
        right = []
        for answer in element.iterfind("answer"):
            text = _text(answer).strip()
            if text == "*" or _fraction(answer) < 100:
                if _text(answer, "feedback/text").strip() or 0 < _fraction(answer) < 100:
                    self.out.note(
                        line,
                        label,
                        "numeric answers worth part of the mark, and "
                        "feedback for other answers, are not kept",
                    )
                continue
            try:
                value = float(text)
                tolerance = abs(float(_text(answer, "tolerance").strip() or 0))
            except ValueError:
                self.error(line, label, f"{text[:40]!r} is not a number")
                return None
            feedback = self.clean(answer.find("feedback"), label, line)
            right.append((value, tolerance, feedback))
        if not right:
            self.error(line, label, "no numeric answer with full credit")
            return None
        if len({(v, t) for v, t, _ in right}) > 1:
            self.error(
                line,
                label,
                "several different right numeric answers: quizapp takes "
                "one answer with a tolerance",
            )
            return None
        value, tolerance, feedback = right[0]
        question: dict[str, Any] = {"type": "numeric", "prompt": prompt, "answer": _tidy(value)}
        if tolerance:
            question["tolerance"] = _tidy(tolerance)
        for unit in element.iterfind("units/unit"):
            if _text(unit, "multiplier").strip() in ("1", "1.0", "1.0000000", ""):
                name = _text(unit, "unit_name").strip()
                if name:
                    question["unit"] = name[:40]
                break
        question["_feedback"] = feedback
        return [question]

    def read_matching(self, element, prompt, label, line):
        pairs = []
        for sub in element.iterfind("subquestion"):
            left = self.clean(sub, label, line)
            right = " ".join(_text(sub.find("answer")).split())
            if right:
                pairs.append((left, right))
        choices: list[str] = []
        for _, right in pairs:
            if right.casefold() not in {c.casefold() for c in choices}:
                choices.append(right)
        asked = [(left, right) for left, right in pairs if left]
        if not asked or not 2 <= len(choices) <= 10:
            self.error(
                line,
                label,
                f"a matching question with {len(choices)} different "
                "answers cannot become multiple choice (quizapp needs 2 to 10)",
            )
            return None
        self.out.note(
            line,
            label,
            f"quizapp has no matching type: this question became "
            f"{len(asked)} multiple-choice questions, one per pair",
        )
        return [
            {
                "type": "multiple_choice",
                "prompt": f"{prompt} — {left}",
                "choices": choices,
                "answer": next(c for c in choices if c.casefold() == right.casefold()),
            }
            for left, right in asked
        ]

    def read_multianswer(self, element, prompt, label, line):
        source = element.find("questiontext")
        raw = _text(source)
        blanks = list(_EMBEDDED.finditer(raw))
        if not blanks:
            self.error(line, label, "a Cloze question without embedded answers {1:...}")
            return None
        kinds = {m.group(2) for m in blanks}
        if kinds - _TYPED - _CHOICE:
            self.error(
                line,
                label,
                f"embedded {', '.join(sorted(kinds - _TYPED - _CHOICE))} "
                "answers are not supported: quizapp's cloze blanks are typed answers",
            )
            return None
        placeholder = "\u2063BLANK\u2063"
        text_with_blanks = _EMBEDDED.sub(placeholder, raw)
        form = _format(source)
        plain = html_to_text(text_with_blanks) if form == "html" else text_with_blanks.strip()
        plain = plain.replace(placeholder, "___")
        parsed = [_embedded_answers(m.group(3)) for m in blanks]
        if kinds & _CHOICE:
            if len(blanks) != 1:
                self.error(
                    line,
                    label,
                    "a Cloze question with a choice among several blanks: "
                    "quizapp reads one choice blank, or typed blanks only",
                )
                return None
            answers = parsed[0]
            right = [text for fraction, text in answers if fraction >= 100]
            if len(right) != 1:
                self.error(line, label, "the embedded choice needs exactly one right answer")
                return None
            return [
                {
                    "type": "multiple_choice",
                    "prompt": plain,
                    "choices": [text for _, text in answers],
                    "answer": right[0],
                }
            ]
        answers, accept = [], []
        if any(fraction < 100 for options in parsed for fraction, _ in options):
            self.out.note(
                line, label, "answers of a blank worth part of the mark (or none) are not kept"
            )
        for n, options in enumerate(parsed, 1):
            right = [text for fraction, text in options if fraction >= 100]
            if not right:
                self.error(line, label, f"blank {n} has no answer with full credit")
                return None
            answers.append(right[0])
            accept.append(right[1:])
        if any(kind.endswith("C") and kind not in ("MC",) for kind in kinds):
            self.out.note(line, label, "case-sensitive blanks are graded ignoring case")
        question: dict[str, Any] = {"type": "cloze", "prompt": plain}
        question["answer"] = answers[0] if len(answers) == 1 else answers
        if any(accept):
            question["accept"] = accept[0] if len(answers) == 1 else accept
        return [question]


def _embedded_answers(body: str) -> list[tuple[float, str]]:
    """``=Berlin#Right~%50%Bonn`` -> [(100, "Berlin"), (50, "Bonn")]."""
    out = []
    for part in re.split(r"(?<!\\)~", body):
        part = part.strip()
        if not part:
            continue
        fraction = 0.0
        if part.startswith("="):
            fraction, part = 100.0, part[1:]
        match = re.match(r"^%(-?\d+(?:\.\d+)?)%", part)
        if match:
            fraction, part = float(match.group(1)), part[match.end() :]
        text = re.split(r"(?<!\\)#", part, maxsplit=1)[0]
        text = re.sub(r"\\(.)", r"\1", text).strip()
        out.append((fraction, html_to_text(text)))
    return out


def _tidy(value: float) -> float | int:
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def read_moodle_xml(
    raw: bytes, filename: str, *, slug: str, title: str, title_given: bool = True
) -> Converted:
    """Convert a Moodle XML file. A file of one category takes that category as its title
    (unless a title is given) instead of tagging every question with it."""
    converted = Converted(filename=filename, slug=slug, title=title)
    reader = _MoodleReader(converted)
    reader.read(raw)
    if len(reader.categories) == 1:
        only = reader.categories[0]
        if not title_given:
            converted.title = only[:200]
        for question in converted.questions:
            tags = [t for t in question.get("tags", []) if t != only]
            if tags:
                question["tags"] = tags
            else:
                question.pop("tags", None)
    return converted


# -- writing -----------------------------------------------------------------


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        ET.SubElement(element, "text").text = text
    return element


def _value(parent: ET.Element, tag: str, value: Any) -> None:
    ET.SubElement(parent, tag).text = str(value)


def _format_number(value: float | int) -> str:
    return str(value) if isinstance(value, int) else f"{value:.12g}"


def write_moodle_xml(document: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    """A bank document in Moodle XML, and the questions it has no type for (id, type).

    The bank is one category named after its title; each question's id is its name and
    ``<idnumber>``, so quizapp (and Moodle) match it again on a re-import.
    """
    bank = document["bank"]
    quiz = ET.Element("quiz")
    category = ET.SubElement(quiz, "question", {"type": "category"})
    _sub(category, "category", "$course$/top/" + bank["title"].replace("/", "//"))
    _sub(category, "info", bank.get("description", ""), format="plain_text")
    skipped: list[tuple[str, str]] = []
    for q in document["questions"]:
        element = _question_element(q)
        if element is None:
            skipped.append((q["id"], q["type"]))
        else:
            quiz.append(element)
    ET.indent(quiz)
    body = ET.tostring(quiz, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n", skipped


def _question_element(q: dict[str, Any]) -> ET.Element | None:
    qtype = q["type"]
    kinds = {
        "multiple_choice": "multichoice",
        "true_false": "truefalse",
        "short_answer": "shortanswer",
        "numeric": "numerical",
        "cloze": "multianswer",
    }
    if qtype not in kinds:
        return None
    element = ET.Element("question", {"type": kinds[qtype]})
    _sub(element, "name", q["id"])
    if qtype == "cloze":
        prompt = _cloze_text(q)
        if prompt is None:
            return None
        _sub(element, "questiontext", prompt, format="plain_text")
    else:
        _sub(element, "questiontext", q["prompt"], format="plain_text")
    _sub(element, "generalfeedback", q.get("explanation", ""), format="plain_text")
    _value(element, "defaultgrade", "1")
    _value(element, "penalty", "0.3333333")
    _value(element, "hidden", "0")
    _value(element, "idnumber", q["id"])

    def answer(fraction: int, text: str, **extra) -> None:
        item = _sub(element, "answer", text, fraction=fraction, format="plain_text")
        _sub(item, "feedback", "", format="plain_text")
        for tag, value in extra.items():
            _value(item, tag, value)

    if qtype == "multiple_choice":
        _value(element, "single", "true")
        _value(element, "shuffleanswers", "false" if q.get("shuffle") is False else "true")
        _value(element, "answernumbering", "abc")
        for choice in q["choices"]:
            answer(100 if choice == q["answer"] else 0, choice)
    elif qtype == "true_false":
        answer(100 if q["answer"] else 0, "true")
        answer(0 if q["answer"] else 100, "false")
    elif qtype == "short_answer":
        _value(element, "usecase", "1" if q.get("case_sensitive") else "0")
        for text in [q["answer"], *q.get("accept", [])]:
            answer(100, text)
    elif qtype == "numeric":
        margin = allowed_margin(q)
        answer(
            100,
            _format_number(q["answer"]),
            tolerance=_format_number(_tidy(round(margin, 12))) if margin else "0",
        )
        if q.get("unit"):
            units = ET.SubElement(element, "units")
            unit = ET.SubElement(units, "unit")
            _value(unit, "multiplier", "1")
            _value(unit, "unit_name", q["unit"])
            _value(element, "showunits", "3")  # the unit shown as text, not graded
    if q.get("tags"):
        tags = ET.SubElement(element, "tags")
        for tag in q["tags"]:
            _sub(tags, "tag", tag)
    return element


def _cloze_escape(text: str) -> str:
    return re.sub(r'([}#~/"\\])', r"\\\1", text)


def _cloze_text(q: dict[str, Any]) -> str | None:
    answers = q["answer"] if isinstance(q["answer"], list) else [q["answer"]]
    accept = q.get("accept") or []
    if accept and not isinstance(accept[0], list):
        accept = [accept]
    parts = BLANK.split(q["prompt"])
    if len(parts) != len(answers) + 1:
        return None
    out = [parts[0]]
    for n, right in enumerate(answers):
        others = accept[n] if n < len(accept) else []
        body = "~".join(f"={_cloze_escape(a)}" for a in [right, *others])
        out.append(f"{{1:SHORTANSWER:{body}}}")
        out.append(parts[n + 1])
    return "".join(out)
