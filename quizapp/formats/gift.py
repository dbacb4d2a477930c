"""Moodle GIFT: reading a question bank from it, and writing one to it.

GIFT (https://docs.moodle.org/en/GIFT_format) writes one question per paragraph::

    // a comment
    ::capital of France::What is the capital of France? {=Paris ~Lyon ~Nice}

quizapp reads multiple choice, true/false, short answer, numeric (with a tolerance or a
range), "missing word" questions (a blank inside the text) and matching (turned into one
multiple-choice question per pair, since quizapp has no matching type). Essays,
descriptions, embedded answers (Cloze) and multiple-answer questions have no quizapp
equivalent and are reported with their line, never skipped silently.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from quizapp.formats.base import Converted
from quizapp.formats.text import KeyAllocator, html_to_text, key_for
from quizapp.questions.types import BLANK, allowed_margin

SPECIAL = "~=#{}:"
_FORMAT_MARKER = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"^\s*%(-?\d+(?:\.\d+)?)%")
_TRUE_FALSE = re.compile(r"^\s*(TRUE|FALSE|T|F)\s*(?=#|$)", re.IGNORECASE)
_EMBEDDED = re.compile(
    r"^\s*\d*\s*:\s*(MULTICHOICE\w*|MC\w*|MULTIRESPONSE\w*|MR\w*|SHORTANSWER\w*|SA|MW"
    r"|NUMERICAL|NM)\s*:",
    re.IGNORECASE,
)
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_RANGE = re.compile(rf"^({_NUMBER})\s*\.\.\s*({_NUMBER})$")
_VALUE = re.compile(rf"^({_NUMBER})(?:\s*:\s*({_NUMBER}))?$")
_PUNCTUATION_START = re.compile(r"^[.,;:!?)\]]")

FEEDBACK_NOTE = (
    "feedback on individual answers is not kept: quizapp shows one explanation "
    "(the general feedback, or else the right answer's feedback)"
)


# -- reading -----------------------------------------------------------------


def unescape(text: str) -> str:
    """Undo GIFT escapes: ``\\`` before ``~=#{}:\\`` keeps the character; ``\\n`` is a newline."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in SPECIAL or nxt == "\\":
                out.append(nxt)
                i += 2
                continue
            if nxt == "n":
                out.append("\n")
                i += 2
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def find_unescaped(text: str, target: str, start: int = 0) -> int:
    """Index of the first occurrence of ``target`` not preceded by a backslash, or -1."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(target, i):
            return i
        i += 1
    return -1


@dataclass
class _Block:
    """One paragraph of the file: a question, or a $CATEGORY line."""

    lines: list[tuple[int, str]]
    text: str = ""
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        offset = 0
        for _, line in self.lines:
            self.starts.append(offset)
            offset += len(line) + 1
        self.text = "\n".join(line for _, line in self.lines)

    def where(self, offset: int) -> tuple[int, int]:
        """Line and column in the file of an offset into the paragraph's text."""
        index = 0
        for i, start in enumerate(self.starts):
            if start <= offset:
                index = i
        return self.lines[index][0], offset - self.starts[index] + 1


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        if not stripped:
            if current:
                blocks.append(_Block(current))
                current = []
            continue
        if stripped.startswith("$CATEGORY:"):
            if current:
                blocks.append(_Block(current))
                current = []
            blocks.append(_Block([(number, line)]))
            continue
        current.append((number, line))
    if current:
        blocks.append(_Block(current))
    return blocks


@dataclass
class _Item:
    """One answer of an answer block: ``=right``, ``~wrong``, ``~%50%partial#feedback``."""

    mark: str
    text: str
    weight: float | None
    feedback: str
    offset: int

    @property
    def full_credit(self) -> bool:
        if self.weight is None:
            return self.mark == "="
        return self.weight >= 100

    @property
    def partial_credit(self) -> bool:
        return self.weight is not None and 0 < self.weight < 100


def _split_items(body: str, base: int) -> list[_Item] | str:
    """The answers of a block body, or an error message."""
    starts = []
    i = 0
    while i < len(body):
        if body[i] == "\\":
            i += 2
            continue
        if body[i] in "=~":
            starts.append(i)
        i += 1
    if not starts:
        return "no answers: write the right one after '=' and wrong ones after '~'"
    if body[: starts[0]].strip():
        return (
            f"unexpected text {body[: starts[0]].strip()[:40]!r} before the first answer; "
            "answers start with '=' (right) or '~' (wrong)"
        )
    items = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(body)
        raw = body[start + 1 : end]
        weight = None
        match = _WEIGHT.match(raw)
        if match:
            weight = float(match.group(1))
            raw = raw[match.end() :]
        cut = find_unescaped(raw, "#")
        text, feedback = (raw, "") if cut == -1 else (raw[:cut], raw[cut + 1 :])
        items.append(_Item(body[start], text, weight, feedback, base + start))
    return items


class _GiftReader:
    def __init__(self, converted: Converted):
        self.out = converted
        self.keys = KeyAllocator()
        self.number = 0
        self.category: str | None = None

    def read(self, text: str) -> None:
        for block in _blocks(text):
            first = block.text.strip()
            if first.startswith("$CATEGORY:"):
                path = first[len("$CATEGORY:") :].strip()
                parts = [p.strip() for p in path.split("/") if p.strip() and p.strip() != "top"]
                self.category = parts[-1][:60] if parts else None
                continue
            self.number += 1
            self.read_question(block)

    def read_question(self, block: _Block) -> None:
        text = block.text
        pos = len(text) - len(text.lstrip())
        label = f"question {self.number}"
        title = None
        if text.startswith("::", pos):
            end = find_unescaped(text, "::", pos + 2)
            if end == -1:
                self.error(block, pos, label, "the title opened with '::' is never closed")
                return
            title = unescape(text[pos + 2 : end]).strip()
            if title:
                label += f" ({title})"
            pos = end + 2
        opening = find_unescaped(text, "{", pos)
        if opening == -1:
            self.error(
                block,
                pos,
                label,
                "no answer block {...}: this is a description (text without a question), "
                "which quizapp cannot import; remove it or add an answer",
            )
            return
        closing = find_unescaped(text, "}", opening + 1)
        nested = find_unescaped(text, "{", opening + 1)
        if closing == -1:
            self.error(block, opening, label, "the answer block opened here is never closed '}'")
            return
        if nested != -1 and nested < closing:
            self.error(block, nested, label, "'{' inside an answer block; write it as '\\{'")
            return
        second = find_unescaped(text, "{", closing + 1)
        if second != -1:
            self.error(
                block,
                second,
                label,
                "a second answer block: quizapp reads one answer block per question "
                "(embedded answers (Cloze) and several blanks are not supported)",
            )
            return

        before = text[pos:opening]
        marker = _FORMAT_MARKER.match(before)
        is_html = bool(marker and marker.group(1).lower() == "html")
        if marker:
            before = before[marker.end() :]

        def clean(raw: str) -> str:
            value = unescape(raw)
            if is_html:
                return html_to_text(value)
            return "\n".join(line.strip() for line in value.split("\n")).strip()

        head, tail = clean(before), clean(text[closing + 1 :])
        if not head and not tail:
            self.error(block, pos, label, "the question has no text before its answer block")
            return
        question = self.read_answer(block, opening, text[opening + 1 : closing], label, clean)
        if question is None:
            return
        in_the_middle = bool(tail)
        if in_the_middle:
            if question["type"] not in ("multiple_choice", "short_answer"):
                self.error(
                    block,
                    opening,
                    label,
                    f"a {question['type'].replace('_', ' ')} answer block in the middle of "
                    "the text is not supported; put it at the end",
                )
                return
            joiner = "" if _PUNCTUATION_START.match(tail) else " "
            question["prompt"] = f"{head} ___{joiner}{tail}".strip()
            if question["type"] == "short_answer":
                question["type"] = "cloze"
        else:
            question["prompt"] = head
        line, column = block.where(pos)
        answer_at = block.where(opening)
        base = key_for(title or " ".join(question["prompt"].split()[:8]))
        pairs = question.pop("_pairs", None)
        if pairs is not None:
            self.add_matching(question, pairs, base, label, (line, column), answer_at)
            return
        question = {"id": self.keys.take(base), **question}
        if self.category:
            question["tags"] = [self.category]
        self.add(question, label, (line, column), answer_at, question.pop("_choice_lines", None))

    def add(self, question, label, at, answer_at, choice_lines=None) -> None:
        index = len(self.out.questions)
        self.out.add_question(question, line=at[0], column=at[1], label=label)
        for name in ("answer", "choices", "accept", "tolerance"):
            self.out.marks[("questions", index, name)] = answer_at
        for n, where in enumerate(choice_lines or []):
            self.out.marks[("questions", index, "choices", n)] = where

    def add_matching(self, question, pairs, base, label, at, answer_at) -> None:
        """One multiple-choice question per pair, every right-hand side offered as a choice."""
        choices: list[str] = []
        for _, right in pairs:
            if right.casefold() not in {c.casefold() for c in choices}:
                choices.append(right)
        if len(choices) < 2 or len(choices) > 10:
            self.out.error(
                *answer_at,
                label,
                f"a matching question with {len(choices)} different answers cannot become "
                "multiple choice (quizapp needs 2 to 10 choices)",
            )
            return
        stem = question["prompt"]
        base = self.keys.take(base)
        made = 0
        for left, right in pairs:
            if not left:
                continue  # a distractor: offered as a choice, asked about by no question
            made += 1
            item = {
                "id": self.keys.take(f"{base}.{made}"),
                "type": "multiple_choice",
                "prompt": f"{stem} — {left}",
                "choices": choices,
                "answer": next(c for c in choices if c.casefold() == right.casefold()),
            }
            if question.get("explanation"):
                item["explanation"] = question["explanation"]
            if self.category:
                item["tags"] = [self.category]
            self.add(item, f"{label}, pair {made}", at, answer_at)
        self.out.note(
            at[0],
            label,
            f"quizapp has no matching type: this question became {made} multiple-choice "
            "questions, one per pair",
        )

    def error(self, block: _Block, offset: int, label: str, message: str) -> None:
        self.out.error(*block.where(offset), label, message)

    # -- answer blocks --

    def read_answer(self, block, opening, body, label, clean) -> dict[str, Any] | None:
        def fail(message: str, offset: int = 0) -> None:
            self.error(block, opening + offset, label, message)

        def note(message: str) -> None:
            self.out.note(block.where(opening)[0], label, message)

        general = ""
        cut = find_unescaped(body, "####")
        main = body
        if cut != -1:
            main, general = body[:cut], clean(body[cut + 4 :])
        if not main.strip():
            fail(
                "an empty answer block {} is an essay question, graded by hand; "
                "quizapp cannot import essays"
            )
            return None
        if _EMBEDDED.match(main):
            fail(
                "embedded answers (Cloze), such as {1:MULTICHOICE:...}, are not supported; "
                "split the question into one question per answer"
            )
            return None
        stripped = main.lstrip()
        if stripped.startswith("#"):
            question = self.read_numeric(stripped[1:], fail, note, clean)
        elif _TRUE_FALSE.match(main):
            question = self.read_true_false(main, clean)
        else:
            items = _split_items(main, 1)
            if isinstance(items, str):
                fail(items)
                return None
            if any("->" in item.text for item in items):
                question = self.read_matching(items, fail, clean)
            elif any(item.mark == "~" for item in items):
                question = self.read_multiple_choice(items, fail, note, clean)
                if question is not None:
                    question["_choice_lines"] = [
                        block.where(opening + item.offset) for item in items
                    ]
            else:
                question = self.read_short_answer(items, fail, note, clean)
        if question is None:
            return None
        feedback = question.pop("_feedback", {})
        explanation = general or feedback.get("right", "")
        if explanation:
            question["explanation"] = explanation
        others = [text for kind, text in feedback.items() if text and kind != "right"]
        if others or (general and feedback.get("right")):
            note(FEEDBACK_NOTE)
        return question

    def read_true_false(self, main, clean) -> dict[str, Any]:
        match = _TRUE_FALSE.match(main)
        value = match.group(1).upper().startswith("T")
        rest = main[match.end() :]
        parts = []
        while rest.startswith("#"):
            cut = find_unescaped(rest, "#", 1)
            parts.append(rest[1:] if cut == -1 else rest[1:cut])
            rest = "" if cut == -1 else rest[cut:]
        # GIFT gives the feedback for a wrong answer first, then for a right one.
        feedback = {"wrong": clean(parts[0]) if parts else ""}
        feedback["right"] = clean(parts[1]) if len(parts) > 1 else ""
        return {"type": "true_false", "answer": value, "_feedback": feedback}

    def read_multiple_choice(self, items, fail, note, clean):
        right = [item for item in items if item.full_credit]
        partial = [item for item in items if item.partial_credit]
        if not right and partial:
            fail(
                "a multiple-answer question (answers with partial credit such as ~%50%): "
                "quizapp's multiple choice has exactly one right answer"
            )
            return None
        if not right:
            fail("no right answer: mark the right one with '='")
            return None
        if len(right) > 1:
            fail(
                f"{len(right)} right answers: quizapp's multiple choice has exactly one "
                "(a multiple-answer question cannot be imported)"
            )
            return None
        if partial:
            note("partial credit is not supported: answers worth part of the mark count as wrong")
        choices = [clean(item.text) for item in items]
        feedback = {"right": clean(right[0].feedback)}
        for n, item in enumerate(items):
            if item is not right[0]:
                feedback[f"wrong-{n}"] = clean(item.feedback)
        return {
            "type": "multiple_choice",
            "choices": choices,
            "answer": clean(right[0].text),
            "_feedback": feedback,
        }

    def read_short_answer(self, items, fail, note, clean):
        accepted: list[str] = []
        dropped = False
        feedback: dict[str, str] = {}
        for n, item in enumerate(items):
            text = clean(item.text)
            if item.full_credit:
                if text and text.casefold() not in {a.casefold() for a in accepted}:
                    accepted.append(text)
                if not feedback.get("right"):
                    feedback["right"] = clean(item.feedback)
            else:
                dropped = True
                feedback[f"other-{n}"] = clean(item.feedback)
        if not accepted:
            fail("no answer with full credit: write the right answer after '='")
            return None
        if dropped:
            note(
                "answers worth part of the mark (or none) are not kept: only full-credit "
                "answers are accepted"
            )
        question: dict[str, Any] = {"type": "short_answer", "answer": accepted[0]}
        if len(accepted) > 1:
            question["accept"] = accepted[1:]
        question["_feedback"] = feedback
        return question

    def read_numeric(self, rest, fail, note, clean):
        if rest.strip()[:1] in ("=", "~"):
            items = _split_items(rest.strip(), 0)
            if isinstance(items, str):
                fail(items)
                return None
        else:
            cut = find_unescaped(rest, "#")
            text, feedback = (rest, "") if cut == -1 else (rest[:cut], rest[cut + 1 :])
            items = [_Item("=", text, None, feedback, 0)]
        right: list[tuple[float, float]] = []
        feedback: dict[str, str] = {}
        dropped = False
        for n, item in enumerate(items):
            value = _numeric_value(unescape(item.text).strip())
            if value is None:
                fail(
                    f"{unescape(item.text).strip()!r} is not a number, 'number:tolerance' "
                    "or 'minimum..maximum'"
                )
                return None
            if item.full_credit:
                right.append(value)
                feedback.setdefault("right", clean(item.feedback))
            else:
                dropped = dropped or item.partial_credit
                feedback[f"other-{n}"] = clean(item.feedback)
        if not right:
            fail("no answer with full credit: write it as {#answer:tolerance}")
            return None
        if len(set(right)) > 1:
            fail(
                "several different right numeric answers: quizapp takes one answer with a "
                "tolerance (use {#answer:tolerance} or {#minimum..maximum})"
            )
            return None
        if dropped:
            note(
                "numeric answers worth part of the mark are not kept: only the full-credit "
                "answer and its tolerance are used"
            )
        answer, tolerance = right[0]
        question: dict[str, Any] = {"type": "numeric", "answer": answer}
        if tolerance:
            question["tolerance"] = tolerance
        question["_feedback"] = feedback
        return question

    def read_matching(self, items, fail, clean):
        pairs = []
        for item in items:
            if item.mark != "=" or "->" not in item.text:
                fail(
                    "a matching question writes every pair as '=left -> right'; "
                    "it cannot mix pairs with other answers"
                )
                return None
            left, _, right = item.text.partition("->")
            left, right = clean(left), clean(right)
            if not right:
                fail(f"the pair for {left!r} has nothing after '->'")
                return None
            pairs.append((left, right))
        if sum(1 for left, _ in pairs if left) < 1:
            fail("a matching question needs at least one pair with a left-hand side")
            return None
        return {"type": "multiple_choice", "_pairs": pairs, "_feedback": {}}


def _number(text: str) -> float | int:
    value = float(text)
    if re.fullmatch(r"[-+]?\d+", text.strip()):
        return int(text)
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def _numeric_value(spec: str) -> tuple[float | int, float | int] | None:
    """``"3.14:0.01"`` -> (3.14, 0.01); ``"1..5"`` -> (3, 2); ``"42"`` -> (42, 0)."""
    match = _RANGE.match(spec)
    if match:
        low, high = sorted((_number(match.group(1)), _number(match.group(2))))
        middle, half = (low + high) / 2, (high - low) / 2
        return _tidy(middle), _tidy(half)
    match = _VALUE.match(spec)
    if not match:
        return None
    answer = _number(match.group(1))
    tolerance = abs(_number(match.group(2))) if match.group(2) else 0
    if not all(math.isfinite(v) for v in (answer, tolerance)):
        return None
    return answer, tolerance


def _tidy(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def read_gift(text: str, filename: str, *, slug: str, title: str) -> Converted:
    """Convert a GIFT file's text; problems are in ``issues``, losses in ``notes``."""
    converted = Converted(filename=filename, slug=slug, title=title)
    _GiftReader(converted).read(text)
    return converted


# -- writing -----------------------------------------------------------------

GIFT_TYPES = ("multiple_choice", "true_false", "short_answer", "numeric", "cloze")


def escape(text: str) -> str:
    out = []
    for ch in str(text):
        if ch == "\\" or ch in SPECIAL:
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        else:
            out.append(ch)
    return "".join(out)


def _format_number(value: float | int) -> str:
    return str(value) if isinstance(value, int) else f"{value:.12g}"


@dataclass
class GiftExport:
    text: str
    skipped: list[tuple[str, str]]


def write_gift(document: dict[str, Any]) -> GiftExport:
    """A bank document (as written to YAML) in GIFT; questions GIFT cannot hold are listed.

    Each question's id becomes its GIFT title, so importing the file again keeps
    learners' progress.
    """
    bank = document["bank"]
    body: list[str] = []
    skipped: list[tuple[str, str]] = []
    for question in document["questions"]:
        text = _question_to_gift(question)
        if text is None:
            skipped.append((question["id"], question["type"]))
        else:
            body.append(text)
    header = [
        f"// {bank['title']}",
        f"// quizapp bank {bank['slug']}, exported as Moodle GIFT.",
        "// Hints, sources, tags, units and typo tolerance have no place in GIFT and are left out.",
    ]
    if skipped:
        header.append("// Not exported (GIFT has no equivalent):")
        header.extend(f"//   {key} ({qtype.replace('_', ' ')})" for key, qtype in skipped)
    return GiftExport("\n".join(header) + "\n\n" + "\n\n".join(body) + "\n", skipped)


def _question_to_gift(q: dict[str, Any]) -> str | None:
    qtype = q["type"]
    explanation = f"\n\t####{escape(q['explanation'])}" if q.get("explanation") else ""
    title = f"::{escape(q['id'])}::"
    prompt = q["prompt"]
    if qtype == "multiple_choice":
        lines = [
            f"\t{'=' if choice == q['answer'] else '~'}{escape(choice)}" for choice in q["choices"]
        ]
        return f"{title}{escape(prompt)} {{\n" + "\n".join(lines) + explanation + "\n}"
    if qtype == "true_false":
        value = "TRUE" if q["answer"] else "FALSE"
        return f"{title}{escape(prompt)} {{{value}{explanation.strip()}}}"
    if qtype == "short_answer":
        answers = [q["answer"], *q.get("accept", [])]
        inner = " ".join(f"={escape(a)}" for a in answers)
        return f"{title}{escape(prompt)} {{{inner}{explanation.strip()}}}"
    if qtype == "numeric":
        margin = allowed_margin(q)
        value = _format_number(q["answer"])
        if margin:
            value += ":" + _format_number(_tidy(round(margin, 12)))
        return f"{title}{escape(prompt)} {{#{value}{explanation.strip()}}}"
    if qtype == "cloze":
        answers = q["answer"] if isinstance(q["answer"], list) else [q["answer"]]
        if len(answers) != 1:
            return None
        accept = q.get("accept") or []
        if accept and isinstance(accept[0], list):
            accept = accept[0]
        before, after = BLANK.split(prompt, maxsplit=1)
        inner = " ".join(f"={escape(a)}" for a in [answers[0], *accept])
        block = f"{{{inner}{explanation.strip()}}}"
        return f"{title}{escape(before.rstrip())} {block} {escape(after.lstrip())}".rstrip()
    return None
