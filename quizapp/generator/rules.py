"""Check a generated bank against the rules every question must keep.

Shared by the benchmark and the tests. The rules: the bank is valid format
quizapp/1; no answer shows in its own prompt; no two questions ask the same
thing; choices are distinct, hold the answer once, and are all of the
answer's kind (dates of one granularity, numbers of one unit, or names); and
every cited sentence appears verbatim in the source text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import MONTH_NAMES

QUESTION_TYPES = {
    "multiple_choice",
    "true_false",
    "short_answer",
    "numeric",
    "cloze",
    "ordering",
    "flashcard",
}
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_QUESTION_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_PUBLISHED = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_BLANK = re.compile(r"_{3,}")

_COMMON_KEYS = {"id", "type", "prompt", "answer", "explanation", "tags", "source", "hint", "review"}
_TYPE_KEYS = {
    "multiple_choice": {"choices", "shuffle"},
    "true_false": set(),
    "short_answer": {"accept", "typo_tolerance", "case_sensitive"},
    "numeric": {"tolerance", "unit"},
    "cloze": {"accept", "typo_tolerance"},
    "ordering": {"choices"},
    "flashcard": set(),
}


@dataclass
class Breach:
    question: str  # question id, or 'bank'
    rule: str
    message: str


def check_bank(bank: dict, source_text: str | None = None) -> list[Breach]:
    breaches = [Breach("bank", "invalid-bank", message) for message in validate_bank(bank)]
    questions = bank.get("questions") if isinstance(bank, dict) else None
    if not isinstance(questions, list):
        return breaches
    seen_prompts: dict[str, str] = {}
    seen_facts: dict[tuple, str] = {}
    for position, question in enumerate(questions):
        if not isinstance(question, dict):
            continue
        qid = str(question.get("id", f"#{position}"))
        breaches += _check_question(qid, question, source_text)
        prompt = normalise(str(question.get("prompt", "")))
        if prompt in seen_prompts:
            breaches.append(Breach(qid, "duplicate", f"asks the same as {seen_prompts[prompt]}"))
        seen_prompts.setdefault(prompt, qid)
        sentence = (
            (question.get("source") or {}).get("sentence")
            if isinstance(question.get("source"), dict)
            else None
        )
        fact = (
            normalise(_answer_text(question.get("answer"))),
            normalise(str(sentence or "")),
            tuple(sorted(question.get("tags") or [])),
        )
        if sentence and fact in seen_facts:
            breaches.append(
                Breach(
                    qid,
                    "duplicate",
                    f"asks for the same answer from the same sentence as {seen_facts[fact]}",
                )
            )
        seen_facts.setdefault(fact, qid)
    return breaches


def normalise(text: str) -> str:
    """Lowercase words only: quote styles, dashes and punctuation aside."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"'s\b", "", text)
    return " ".join(re.findall(r"[\w%$]+", text))


def _answer_text(answer) -> str:
    if isinstance(answer, list):
        return " | ".join(str(a) for a in answer)
    return str(answer)


def _check_question(qid: str, question: dict, source_text: str | None) -> list[Breach]:
    breaches = []
    qtype = question.get("type")
    prompt = str(question.get("prompt", ""))
    answer = question.get("answer")
    if (
        qtype in ("multiple_choice", "short_answer", "cloze", "numeric", "flashcard")
        and answer is not None
    ):
        answers = answer if isinstance(answer, list) else [answer]
        for value in answers:
            if _appears_in(str(value), prompt):
                breaches.append(
                    Breach(qid, "answer-in-prompt", f"the answer {value!r} shows in the prompt")
                )
    breaches += [
        Breach(qid, "ungrammatical-prompt", problem) for problem in prompt_problems(prompt)
    ]
    choices = question.get("choices")
    if qtype == "multiple_choice" and isinstance(choices, list):
        normal = [normalise(str(c)) for c in choices]
        if len(set(normal)) != len(normal):
            breaches.append(Breach(qid, "duplicate-choice", "two choices read the same"))
        if normal.count(normalise(str(answer))) > 1:
            breaches.append(
                Breach(qid, "distractor-equals-answer", "a distractor reads as the answer")
            )
        kind = answer_kind(str(answer))
        for choice in choices:
            if answer_kind(str(choice)) != kind:
                breaches.append(
                    Breach(
                        qid, "distractor-kind", f"{choice!r} is not of the same kind as {answer!r}"
                    )
                )
    source = question.get("source")
    if (
        source_text is not None
        and isinstance(source, dict)
        and source.get("sentence")
        and str(source["sentence"]) not in source_text
    ):
        breaches.append(
            Breach(qid, "sentence-not-verbatim", "the cited sentence is not in the source text")
        )
    return breaches


_QUESTION_WORDS = re.compile(
    r"^(?:Who|Whom|Whose|What|Which|When|Where|Why|How|In what|In which|On what|On which|"
    r"At what|By what|For what|Is|Are|Was|Were|Did|Does|Do)\b"
)


def prompt_problems(prompt: str) -> list[str]:
    """What keeps a prompt from reading as English: a lowercase start, a doubled word,
    a question without its question mark, an empty or doubled quotation."""
    problems = []
    text = prompt.strip()
    if not text:
        return problems
    opening = text.lstrip("“\"‘'(")
    if opening[:1].islower():
        problems.append(f"starts with a lowercase word: {text[:30]!r}")
    # Outside quotations only: an author's own text is cited as it stands.
    outside = re.sub(r"“[^”]*”|\"[^\"]*\"", " ", text)
    doubled = re.search(r"\b([A-Za-z]+)\s+\1\b", outside, re.I)
    if doubled and doubled.group(1).lower() not in ("that", "had"):
        problems.append(f"doubled word {doubled.group()!r}")
    if _QUESTION_WORDS.match(text) and "?" not in text:
        problems.append("a question without a question mark")
    if re.search(r"“\s*”|\?\s*\?|\.\s*\?$", text):
        problems.append("empty quotation or doubled end mark")
    return problems


def _appears_in(answer: str, prompt: str) -> bool:
    needle = normalise(re.sub(r"^the\s+", "", answer.strip(), flags=re.I))
    haystack = normalise(prompt)
    if not needle:
        return False
    return re.search(rf"(?<![\w]){re.escape(needle)}(?![\w])", haystack) is not None


_MONTHS = "|".join(MONTH_NAMES)
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_DATE_KINDS = [
    ("day", re.compile(rf"^(?:(?:{_WEEKDAYS}), )?(?:{_MONTHS}) \d{{1,2}}(?:, \d{{4}})?$")),
    ("month", re.compile(rf"^(?:{_MONTHS})(?: \d{{4}})?$")),
    ("season", re.compile(r"^(?:spring|summer|fall|winter) \d{4}$", re.I)),
    ("range", re.compile(r"^\d{4}\s*[-–]\s*\d{2,4}$")),
    ("decade", re.compile(r"^\d{3}0s$")),
    ("year", re.compile(r"^\d{4}$")),
]
_NUMBER = re.compile(
    r"(?<![A-Za-z+])\d[\d,]*(?:\.\d+)?(?![A-Za-z+])|"
    r"\b(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-]"
    r"(?:one|two|three|four|five|six|seven|eight|nine)\b|"
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b",
    re.I,
)


def answer_kind(text: str) -> tuple[str, str]:
    """('date', granularity), ('number', unit) or ('text', '')."""
    text = text.strip()
    for name, pattern in _DATE_KINDS:
        if pattern.match(text):
            return ("date", name)
    if _FRACTION.match(text):
        return ("number", "fraction")
    if re.fullmatch(r"\d+(?:st|nd|rd|th)", text):
        return ("number", "ordinal")  # "70th", "71st" and "72nd" are of one kind
    number = _NUMBER.search(text)
    if number and len(text) - len(number.group()) <= 20:
        kind = _NUMBER.sub("#", text).lower().strip()
        return ("number", re.sub(r"(?<=[a-z])s\b", "", kind))  # "one year", "two years"
    return ("text", "")


_FRACTION = re.compile(
    r"^(?:a|an|one|two|three|four|nine)?[\s-]?(?:half|halves|thirds?|quarters?|fourths?|"
    r"fifths?|tenths?)$",
    re.I,
)


def validate_bank(bank) -> list[str]:
    """Structural errors against format quizapp/1, as 'path: message'."""
    errors: list[str] = []
    if not isinstance(bank, dict):
        return ["bank: must be a mapping"]
    for key in set(bank) - {"format", "bank", "questions"}:
        errors.append(f"{key}: unknown top-level key")
    if bank.get("format") != "quizapp/1":
        errors.append("format: must be quizapp/1")
    meta = bank.get("bank")
    source_ids: set[str] = set()
    if not isinstance(meta, dict):
        errors.append("bank: must be a mapping")
    else:
        errors += _validate_meta(meta, source_ids)
    questions = bank.get("questions")
    if not isinstance(questions, list) or not questions:
        errors.append("questions: must be a non-empty list")
        return errors
    if len(questions) > 5000:
        errors.append("questions: at most 5,000")
    ids: set[str] = set()
    for position, question in enumerate(questions):
        errors += _validate_question(f"questions[{position}]", question, ids, source_ids)
    return errors


def _validate_meta(meta: dict, source_ids: set[str]) -> list[str]:
    errors = []
    for key in set(meta) - {
        "slug",
        "title",
        "description",
        "language",
        "status",
        "tags",
        "sources",
    }:
        errors.append(f"bank.{key}: unknown key")
    slug = meta.get("slug")
    if not isinstance(slug, str) or not _SLUG.match(slug) or len(slug) > 80:
        errors.append("bank.slug: lowercase letters, digits and hyphens, at most 80 characters")
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip() or len(title) > 200:
        errors.append("bank.title: non-empty text of at most 200 characters")
    if meta.get("status", "published") not in ("published", "draft"):
        errors.append("bank.status: published or draft")
    if "tags" in meta and not (
        isinstance(meta["tags"], list) and all(isinstance(t, str) for t in meta["tags"])
    ):
        errors.append("bank.tags: a list of texts")
    for position, source in enumerate(meta.get("sources") or []):
        path = f"bank.sources[{position}]"
        if not isinstance(source, dict):
            errors.append(f"{path}: must be a mapping")
            continue
        for key in set(source) - {"id", "title", "author", "publisher", "published", "url"}:
            errors.append(f"{path}.{key}: unknown key")
        source_id = source.get("id")
        if not isinstance(source_id, str) or not _SOURCE_ID.match(source_id):
            errors.append(f"{path}.id: invalid")
        elif source_id in source_ids:
            errors.append(f"{path}.id: duplicate")
        else:
            source_ids.add(source_id)
        if not isinstance(source.get("title"), str) or not source["title"].strip():
            errors.append(f"{path}.title: required")
        if "published" in source and not _PUBLISHED.match(str(source["published"])):
            errors.append(f"{path}.published: YYYY-MM-DD, YYYY-MM or YYYY")
        if "url" in source and not re.match(r"^https?://", str(source["url"])):
            errors.append(f"{path}.url: http or https")
    return errors


def _texts(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _validate_question(path: str, question, ids: set[str], source_ids: set[str]) -> list[str]:
    if not isinstance(question, dict):
        return [f"{path}: must be a mapping"]
    errors = []
    qid, qtype = question.get("id"), question.get("type")
    if not isinstance(qid, str) or not _QUESTION_ID.match(qid) or len(qid) > 100:
        errors.append(f"{path}.id: invalid")
    elif qid in ids:
        errors.append(f"{path}.id: duplicate {qid!r}")
    else:
        ids.add(qid)
    if qtype not in QUESTION_TYPES:
        return [*errors, f"{path}.type: unknown type {qtype!r}"]
    for key in set(question) - _COMMON_KEYS - _TYPE_KEYS[qtype]:
        errors.append(f"{path}.{key}: unknown key for {qtype}")
    prompt = question.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        errors.append(f"{path}.prompt: required text")
    if "answer" not in question:
        errors.append(f"{path}.answer: required")
    answer = question.get("answer")
    if "tags" in question and not _texts(question["tags"]):
        errors.append(f"{path}.tags: a list of texts")
    if "explanation" in question and not isinstance(question["explanation"], str):
        errors.append(f"{path}.explanation: text")
    if question.get("review", "pending") not in ("pending", "accepted", "edited"):
        errors.append(f"{path}.review: pending, accepted or edited")
    source = question.get("source")
    if source is not None:
        if not isinstance(source, dict) or set(source) - {"ref", "sentence"}:
            errors.append(f"{path}.source: a mapping of ref and sentence")
        elif source.get("ref") not in source_ids:
            errors.append(f"{path}.source.ref: no such source {source.get('ref')!r}")
    if qtype == "multiple_choice":
        choices = question.get("choices")
        if not _texts(choices) or not 2 <= len(choices) <= 10 or len(set(choices)) != len(choices):
            errors.append(f"{path}.choices: 2 to 10 distinct texts")
        elif answer not in choices:
            errors.append(f"{path}.answer: {answer!r} is not one of the choices")
    elif qtype == "true_false" and not isinstance(answer, bool):
        errors.append(f"{path}.answer: true or false")
    elif qtype in ("short_answer", "flashcard") and not isinstance(answer, str):
        errors.append(f"{path}.answer: text")
    elif qtype == "numeric" and (isinstance(answer, bool) or not isinstance(answer, (int, float))):
        errors.append(f"{path}.answer: a number")
    elif qtype == "cloze":
        blanks = len(_BLANK.findall(prompt or ""))
        expected = answer if isinstance(answer, list) else [answer]
        if blanks == 0:
            errors.append(f"{path}.prompt: a cloze needs a blank (___)")
        elif not _texts(expected) or len(expected) != blanks:
            errors.append(f"{path}.answer: one text per blank")
    elif qtype == "ordering":
        if not _texts(answer) or not 2 <= len(answer) <= 10 or len(set(answer)) != len(answer):
            errors.append(f"{path}.answer: 2 to 10 distinct texts")
        elif "choices" in question and sorted(question["choices"]) != sorted(answer):
            errors.append(f"{path}.choices: must be the answer's items")
    if (
        qtype in ("short_answer", "cloze")
        and "accept" in question
        and not isinstance(question["accept"], list)
    ):
        errors.append(f"{path}.accept: a list")
    return errors
