"""The item-writing checker: the rules a good multiple-choice question keeps.

It reads questions as plain bank data (format quizapp/1), so the same rules run on every
generated draft (a question that breaks one is repaired or dropped before a teacher sees it)
and, as warnings, on uploaded banks. Rules that need the source text or the parse (a year
against its paragraph's timeline, a prompt without a verb) take them when given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .distractors import is_placeholder, same_referent


@dataclass(frozen=True)
class Warning_:
    question: str  # the question's id
    rule: str
    message: str


# A parse callable answers whether a prompt has a finite verb; generated questions pass one.
HasVerb = Callable[[str], bool]

_KIND_WORDS = {
    "treaty",
    "agreement",
    "accord",
    "accords",
    "pact",
    "deal",
    "convention",
    "protocol",
    "initiative",
    "charter",
    "declaration",
    "plan",
    "framework",
    "resolution",
    "act",
    "alliance",
    "ceasefire",
    "truce",
    "memorandum",
    "statute",
    "partnership",
}
_IDENTIFIER_CONTEXT = re.compile(
    r"\b(resolution|article|flight|route|section|chapter|amendment|room|version|model|"
    r"number|no\.|phase|highway|gate|terminal|district|zone|unit)\s*$",
    re.I,
)


def check_question(
    question: dict, *, has_verb: HasVerb | None = None, timeline_years: Iterable[int] = ()
) -> list[Warning_]:
    qid = str(question.get("id", "?"))
    prompt = str(question.get("prompt", ""))
    answer = question.get("answer")
    choices = [str(c) for c in question.get("choices") or []]
    problems: list[tuple[str, str]] = []

    def flag(rule: str, message: str) -> None:
        problems.append((rule, message))

    answers = [str(a) for a in answer] if isinstance(answer, list) else [str(answer)]
    lowered = prompt.lower()
    for text in answers:
        if len(text) > 2 and _contains(lowered, text.lower()):
            flag("answer-in-prompt", f"the answer {text!r} appears in the prompt")
        elif _acronym_in(prompt, text):
            flag(
                "answer-in-prompt",
                f"the prompt gives the answer {text!r} away by acronym or expansion",
            )
    for text in answers + choices:
        if is_placeholder(text):
            flag("placeholder", f"{text!r} is a placeholder, not an answer")
    if choices:
        right = answers[0]
        for choice in choices:
            if choice != right and same_referent(choice, right):
                flag("two-answers", f"{choice!r} and {right!r} name the same thing")
        wrong = [c for c in choices if c != right]
        for position, choice in enumerate(wrong):
            for other in wrong[position + 1 :]:
                if same_referent(choice, other):
                    flag("same-distractor", f"{choice!r} and {other!r} are one wrong answer twice")
        kinds = [_kind_word(c) for c in choices]
        answer_kind = _kind_word(right)
        if answer_kind and kinds.count(answer_kind) == 1 and len({k for k in kinds if k}) > 1:
            flag("kind-word", f"only the answer is a {answer_kind!r}: the kind word gives it away")
        types = {_shape(c) for c in choices}
        if len(types) > 1:
            flag("mixed-types", "the choices are not all of one type (dates, numbers, names)")
        if len(set(c.lower() for c in choices)) != len(choices):
            flag("duplicate-choice", "two choices are the same")
    article = re.search(r"\b(an?)\s+_{3,}", prompt, re.I)
    if article and choices and len({_article_for(c) for c in choices}) > 1:
        flag("article-before-blank", "“a”/“an” before the blank tells which answers fit")
    if prompt.count("“") != prompt.count("”") or prompt.count('"') % 2:
        flag("unbalanced-quotes", "the prompt's quotation marks do not pair up")
    if prompt.count("(") != prompt.count(")"):
        flag("unbalanced-quotes", "the prompt's brackets do not pair up")
    if question.get("type") == "numeric":
        before = prompt.split("___")[0] if "___" in prompt else ""
        if _IDENTIFIER_CONTEXT.search(before):
            flag(
                "identifier",
                "the number names something (an article, a resolution); it is not a quantity",
            )
    if has_verb is not None and not has_verb(prompt):
        flag("no-verb", "the prompt has no verb: it is a fragment, not a question")
    years = sorted(set(timeline_years))
    if years and isinstance(answer, str):
        found = re.findall(r"\b(1[5-9]\d\d|20\d\d)\b", answer)
        if found and int(found[-1]) > max(years) + 1:
            flag("timeline", f"{answer!r} is later than any year the paragraph has reached")
    return [Warning_(qid, rule, message) for rule, message in problems]


def check_bank_questions(questions: Iterable[dict], **kwargs) -> list[Warning_]:
    warnings: list[Warning_] = []
    for question in questions:
        warnings += check_question(question, **kwargs)
    return warnings


def _article_for(choice: str) -> str:
    """The indefinite article a word takes, by its first sound (near enough for a cue)."""
    word = choice.strip().lower()
    if re.match(r"(8|11\b|11,|18\b|18,|eight|eleven|eighteen)", word):
        return "an"
    if re.match(r"(uni|use|usu|eu|one|once|u\.)", word):
        return "a"
    return "an" if word[:1] in "aeiou" else "a"


def _contains(haystack: str, needle: str) -> bool:
    return bool(re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack))


def _acronym_in(prompt: str, answer: str) -> bool:
    words = [
        w
        for w in re.findall(r"[A-Za-z][\w-]*", answer)
        if w.lower() not in ("of", "the", "and", "on", "for")
    ]
    if len(words) >= 2:
        acronym = "".join(w[0] for w in words).upper()
        if len(acronym) >= 2 and re.search(rf"\b{acronym}\b", prompt):
            return True
    if answer.isupper() and len(answer) >= 2:
        # The expansion of an acronym answer: "Joint Comprehensive Plan of Action" for JCPOA.
        for match in re.finditer(
            r"(?:[A-Z][\w-]*(?:\s+(?:of|the|and|on|for))?\s+){1,8}[A-Z][\w-]*", prompt
        ):
            initials = "".join(w[0] for w in match.group(0).split() if w[0].isupper())
            if initials == answer:
                return True
    return False


def _kind_word(choice: str) -> str | None:
    head = re.split(r"\s(?:of|on|for|between)\s", choice, maxsplit=1)[0]
    for word in reversed(re.findall(r"[a-z]+", head.lower())):
        if word.rstrip("s") in _KIND_WORDS or word in _KIND_WORDS:
            return word.rstrip("s") if word.rstrip("s") in _KIND_WORDS else word
    return None


def _shape(choice: str) -> str:
    if re.fullmatch(r"(?:\w+day, )?(?:[A-Z][a-z]+ )?(?:\d{1,2}, )?\d{4}", choice):
        return "date"
    if re.search(r"\d", choice) and not re.search(r"[A-Za-z]{4,}", choice.replace("percent", "")):
        return "number"
    if re.match(r"[$€£¥]?\d", choice):
        return "measure"  # "3,000 troops", "$1.2 billion"; "the P5+1" is a name
    return "text"


_CHOICE_RULES = {
    "two-answers",
    "mixed-types",
    "duplicate-choice",
    "article-before-blank",
    "kind-word",
}
MIN_CHOICES = 3


def repair(question: dict, warnings: list[Warning_]) -> dict | None:
    """The question without the choices that break a rule, or None when it cannot be saved.

    Only choice problems are mended (a bad distractor goes); a problem with the prompt or the
    answer itself drops the question. At least MIN_CHOICES choices must remain.
    """
    if not warnings:
        return question
    if any(w.rule not in _CHOICE_RULES for w in warnings):
        return None
    answer = str(question.get("answer"))
    prompt = str(question.get("prompt", ""))
    kept: list[str] = []
    article = re.search(r"\b(an?)\s+_{3,}", prompt, re.I)
    for choice in question.get("choices") or []:
        choice = str(choice)
        if choice == answer:
            kept.append(choice)
            continue
        if same_referent(choice, answer) or any(same_referent(choice, c) for c in kept):
            continue
        if _shape(choice) != _shape(answer):
            continue
        if article and _article_for(choice) != article.group(1).lower():
            continue
        if _kind_word(answer) and _kind_word(choice) != _kind_word(answer):
            continue
        kept.append(choice)
    if len(kept) < MIN_CHOICES or answer not in kept:
        return None
    repaired = {**question, "choices": kept}
    return repaired if not check_question(repaired) else None
