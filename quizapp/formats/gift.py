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

from quizapp.bankfile.validate import QUESTION_ID
from quizapp.formats.base import Converted
from quizapp.formats.text import KeyAllocator, html_to_text, key_for
from quizapp.questions.base import MAX_NUMBER, within_number_limit
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
_ONLY_PUNCTUATION = re.compile(r"^[.,;:!?]+$")
_META = re.compile(r"\[(id|tag):", re.IGNORECASE)
_MEDIA_TAG = re.compile(r"<(img|audio|video|source|object|embed)\b[^>]*>", re.IGNORECASE)
_MARKDOWN_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]*)\)")
_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|\*|`|(?<!\w)__|(?<!\w)_)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)

FEEDBACK_NOTE = (
    "feedback on individual answers is not kept: quizapp shows one explanation "
    "(the general feedback, or else the right answer's feedback)"
)


# -- reading -----------------------------------------------------------------


def unescape(text: str) -> str:
    """Undo GIFT escapes: ``\\`` before ``~=#{}:\\`` (and ``>``, ``%``) keeps the character;
    ``\\n`` is a newline."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in SPECIAL or nxt in "\\>%":
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
    """One paragraph of the file: a question, or a $CATEGORY line.

    ``meta`` holds the ``// [id:...] [tag:...]`` comments written before a question
    (as Moodle 4 writes its question id number and tags).
    """

    lines: list[tuple[int, str]]
    meta: list[tuple[int, str]] = field(default_factory=list)
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
    meta: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("//"):
            if _META.search(stripped):
                if current:  # a question ends where the next one's id or tags begin
                    blocks.append(_Block(current, meta))
                    current, meta = [], []
                meta.append((number, stripped[2:]))
            continue
        if not stripped:
            if current:
                blocks.append(_Block(current, meta))
                current, meta = [], []
            continue
        if stripped.startswith("$CATEGORY:"):
            if current:
                blocks.append(_Block(current, meta))
                current, meta = [], []
            blocks.append(_Block([(number, line)]))
            continue
        current.append((number, line))
    if current:
        blocks.append(_Block(current, meta))
    return blocks


def _meta_values(comment: str, name: str) -> list[str]:
    """``[id:ch1.q1] [tag:maps]`` -> the values of ``name``; a backslash escapes ``]``."""
    pattern = re.compile(rf"\[{name}:((?:\\.|[^\]\\])*)\]", re.IGNORECASE)
    return [re.sub(r"\\(.)", r"\1", m.group(1)).strip() for m in pattern.finditer(comment)]


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


def category_tag(path: str) -> str | None:
    """``$course$/top/Geography/Capitals`` -> ``Capitals``; Moodle's own levels are no tag."""
    parts = [p.strip() for p in path.replace("//", "\0").split("/")]
    parts = [p.replace("\0", "/") for p in parts if p and p != "top" and not p.startswith("$")]
    return parts[-1][:60] if parts else None


def markup_losses(text: str, form: str) -> list[str]:
    """What quizapp's plain text cannot keep of ``text`` written in ``form``."""
    losses = []
    if form == "html":
        for match in _MEDIA_TAG.finditer(text):
            source = re.search(r"""\bsrc\s*=\s*["']?([^"'\s>]+)""", match.group(0))
            name = source.group(1).rsplit("/", 1)[-1][:80] if source else ""
            losses.append(
                f"the {match.group(1).lower()} {name!r} is left out: quizapp questions hold "
                "text only (an image's alt text is kept)"
            )
    elif form == "markdown":
        for match in _MARKDOWN_IMAGE.finditer(text):
            name = match.group(2).rsplit("/", 1)[-1][:80]
            losses.append(
                f"the image {name!r} is left out: quizapp questions hold text only "
                "(its alt text is kept)"
            )
        if markdown_to_text(text) != text:
            losses.append("Markdown is shown as plain text: emphasis and links are taken out")
    return losses


def markdown_to_text(text: str) -> str:
    """``**bold** and [a link](https://x.org)`` -> ``bold and a link (https://x.org)``."""
    text = _MARKDOWN_IMAGE.sub(lambda m: m.group(1), text)
    text = _MARKDOWN_LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text)
    text = _MARKDOWN_HEADING.sub("", text)
    previous = None
    while previous != text:
        previous, text = text, _MARKDOWN_EMPHASIS.sub(lambda m: m.group(2), text)
    return text


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
                self.category = category_tag(first[len("$CATEGORY:") :])
                continue
            self.number += 1
            self.read_question(block)

    def read_question(self, block: _Block) -> None:
        text = block.text
        pos = len(text) - len(text.lstrip())
        label = f"question {self.number}"
        title = None
        ids = [v for line, comment in block.meta for v in _meta_values(comment, "id")]
        given_id = ids[-1] if ids else None
        meta_line = next(
            (line for line, comment in block.meta if _meta_values(comment, "id")), None
        )
        meta_tags = [
            tag[:60] for _, comment in block.meta for tag in _meta_values(comment, "tag") if tag
        ]
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
        text_format = marker.group(1).lower() if marker else "moodle"
        losses: dict[str, None] = {}

        def clean(raw: str) -> str:
            """Text of a question, answer or feedback; each may start with its own marker."""
            value = unescape(raw)
            own = _FORMAT_MARKER.match(value)
            form = own.group(1).lower() if own else text_format
            if own:
                value = value[own.end() :]
            for loss in markup_losses(value, form):
                losses[loss] = None
            if form == "html":
                return html_to_text(value)
            if form == "markdown":
                value = markdown_to_text(value)
            return "\n".join(line.strip() for line in value.split("\n")).strip()

        head, tail = clean(before), clean(text[closing + 1 :])
        if not head and not tail:
            self.error(block, pos, label, "the question has no text before its answer block")
            return
        question = self.read_answer(block, opening, text[opening + 1 : closing], label, clean)
        if question is None:
            return
        for loss in losses:
            self.out.note(block.where(pos)[0], label, loss)
        if _ONLY_PUNCTUATION.match(tail) and question["type"] not in (
            "multiple_choice",
            "short_answer",
        ):
            tail = ""  # "What is pi? {#3.14159:0.0005}." as Moodle's documentation writes it
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
        tags = list(dict.fromkeys(([self.category] if self.category else []) + meta_tags))
        if tags:
            question["_tags"] = tags
        if given_id:
            if not QUESTION_ID.match(given_id) or len(given_id) > 100:
                self.out.error(
                    meta_line,
                    1,
                    label,
                    f"[id:{given_id[:40]}] is not a quizapp id: use lowercase letters, digits, "
                    "'.', '-' and '_', starting with a letter or digit",
                )
                return
            if given_id in self.keys.used:
                self.out.error(meta_line, 1, label, f"[id:{given_id}] is used by another question")
                return
        base = given_id or key_for(title or " ".join(question["prompt"].split()[:8]))
        pairs = question.pop("_pairs", None)
        if pairs is not None:
            self.add_matching(question, pairs, base, label, (line, column), answer_at)
            return
        tags = question.pop("_tags", None)
        question = {"id": self.keys.take(base), **question}
        if tags:
            question["tags"] = tags
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
            if question.get("_tags"):
                item["tags"] = question["_tags"]
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
            # Moodle reads a block with a wrong answer '~' as multiple choice, even if an
            # answer has '->' in it; only '=' answers with '->' make a matching question.
            if not any(item.mark == "~" for item in items) and any(
                find_unescaped(item.text, "->") != -1 and item.weight is None for item in items
            ):
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
        body = rest.strip()
        if body[:1] not in ("=", "~"):
            body = "=" + body  # {#3:2} and {#3:2 ~#feedback for any other answer}
        items = _split_items(body, 0)
        if isinstance(items, str):
            fail(items)
            return None
        right: list[tuple[float, float]] = []
        feedback: dict[str, str] = {}
        dropped = False
        for n, item in enumerate(items):
            if item.mark == "~" and not unescape(item.text).strip():
                # '~#feedback': what Moodle tells any other answer (its own export writes it)
                feedback[f"other-{n}"] = clean(item.feedback)
                continue
            spec = unescape(item.text).strip()
            try:
                value = _numeric_value(spec)
            except _TooLarge:
                fail(f"{spec[:40]!r} is too large: numbers are limited to ±{MAX_NUMBER:g}")
                return None
            if value is None:
                fail(f"{spec[:40]!r} is not a number, 'number:tolerance' or 'minimum..maximum'")
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
            if item.mark != "=" or find_unescaped(item.text, "->") == -1:
                fail(
                    "a matching question writes every pair as '=left -> right'; "
                    "it cannot mix pairs with other answers"
                )
                return None
            cut = find_unescaped(item.text, "->")
            left, right = item.text[:cut], item.text[cut + 2 :]
            left, right = clean(left), clean(right)
            if not right:
                fail(f"the pair for {left!r} has nothing after '->'")
                return None
            pairs.append((left, right))
        if sum(1 for left, _ in pairs if left) < 1:
            fail("a matching question needs at least one pair with a left-hand side")
            return None
        return {"type": "multiple_choice", "_pairs": pairs, "_feedback": {}}


class _TooLarge(ValueError):
    """A number beyond what grading can compare (``MAX_NUMBER``)."""


def _number(text: str) -> float | int:
    value = float(text)
    if not within_number_limit(value):
        # Also before int(): 5,000 digits are more than Python turns into an int.
        raise _TooLarge(text)
    if re.fullmatch(r"[-+]?\d+", text.strip()):
        return int(text)
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def _numeric_value(spec: str) -> tuple[float | int, float | int] | None:
    """``"3.14:0.01"`` -> (3.14, 0.01); ``"1..5"`` -> (3, 2); ``"42"`` -> (42, 0)."""
    match = _RANGE.match(spec)
    if match:
        low, high = sorted((_number(match.group(1)), _number(match.group(2))))
        middle, half = (low + high) / 2, (high - low) / 2
        return _tidy(round(middle, 12)), _tidy(round(half, 12))
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

    Each question's id becomes its GIFT title and its ``[id:]`` (Moodle's id number), so
    importing the file again keeps learners' progress. A question's first tag becomes
    its ``$CATEGORY`` and the others ``[tag:]`` comments, as Moodle 4 writes them.
    """
    bank = document["bank"]
    body: list[str] = []
    skipped: list[tuple[str, str]] = []
    category: str | None = None
    for question in document["questions"]:
        text = _question_to_gift(question)
        if text is None:
            skipped.append((question["id"], question["type"]))
            continue
        tags = list(question.get("tags") or [])
        first = tags.pop(0) if tags else None
        if first != category:
            path = "$course$/top" + (f"/{first.replace('/', '//')}" if first else "")
            body.append(f"$CATEGORY: {path}")
            category = first
        meta = [f"[id:{_meta_escape(question['id'])}]"]
        meta += [f"[tag:{_meta_escape(tag)}]" for tag in tags]
        body.append(f"// {' '.join(meta)}\n{text}")
    header = [
        f"// {bank['title']}",
        f"// quizapp bank {bank['slug']}, exported as Moodle GIFT.",
        "// Hints, sources, units and typo tolerance have no place in GIFT and are left out.",
    ]
    if skipped:
        header.append("// Not exported (GIFT has no equivalent):")
        header.extend(f"//   {key} ({qtype.replace('_', ' ')})" for key, qtype in skipped)
    return GiftExport("\n".join(header) + "\n\n" + "\n\n".join(body) + "\n", skipped)


def _meta_escape(value: str) -> str:
    return str(value).replace("\\", "\\\\").replace("]", "\\]").replace("\n", " ")


def _answer(mark: str, text: str, *, only_right: bool = False) -> str:
    """``=text``. A text that starts with ``%`` gets its weight written, or it would be
    read as one (``~%50% off`` is worth half the mark, ``~%0%%50% off`` is not). In a
    block of right answers only (``only_right``) ``->`` is written ``-\\>``, or the block
    would be a matching question."""
    out = escape(text)
    if out.startswith("%"):
        out = ("%100%" if mark == "=" else "%0%") + out
    if only_right:
        out = out.replace("->", "-\\>")
    return mark + out


def _question_to_gift(q: dict[str, Any]) -> str | None:
    qtype = q["type"]
    explanation = f"\n\t####{escape(q['explanation'])}" if q.get("explanation") else ""
    title = f"::{escape(q['id'])}::"
    prompt = q["prompt"]
    if qtype == "multiple_choice":
        lines = [f"\t{_answer('=' if c == q['answer'] else '~', c)}" for c in q["choices"]]
        return f"{title}{escape(prompt)} {{\n" + "\n".join(lines) + explanation + "\n}"
    if qtype == "true_false":
        value = "TRUE" if q["answer"] else "FALSE"
        return f"{title}{escape(prompt)} {{{value}{explanation.strip()}}}"
    if qtype == "short_answer":
        answers = [q["answer"], *q.get("accept", [])]
        inner = " ".join(_answer("=", a, only_right=True) for a in answers)
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
        inner = " ".join(_answer("=", a, only_right=True) for a in [answers[0], *accept])
        block = f"{{{inner}{explanation.strip()}}}"
        return f"{title}{escape(before.rstrip())} {block} {escape(after.lstrip())}".rstrip()
    return None
