"""Over-generate, check, deduplicate, rank: from records to the questions of a draft.

Every record is realised as a question with distractors; the item-writing checker drops what
breaks a rule; one question is kept per fact (its best form), at most two per sentence, and
the scorer's ranking decides what fits the article's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .checker import check_question
from .distractors import distractors_for
from .document import parse
from .nlp import pipeline
from .reader import Source
from .realise import realise
from .recording import record_features
from .records import Record, Records, extract_records
from .scorer import Scorer, load_scorer

PER_SENTENCE = 4  # at most, for a long sentence: one more per eight words
WORDS_PER_QUESTION = 20
MIN_QUESTIONS = 8
MAX_QUESTIONS = 60
_TAGS = {
    "actor": "official",
    "title": "official",
    "date": "date",
    "agreement": "treaty",
    "quantity": "number",
}


@dataclass
class Question:
    key: str
    prompt: str
    answer: str
    choices: list[str]
    sentence: str
    explanation: str
    tags: list[str]
    score: float = 0.0
    features: dict[str, float] = field(default_factory=dict)

    def to_data(self, question_id: str, ref: str) -> dict:
        """The question as bank data; its features are recorded when someone is recording."""
        record_features(question_id, self.features)
        return self.bank_data(question_id, ref)

    def bank_data(self, question_id: str, ref: str) -> dict:
        return {
            "id": question_id,
            "type": "multiple_choice",
            "prompt": self.prompt,
            "choices": self.choices,
            "answer": self.answer,
            "explanation": self.explanation,
            "tags": self.tags,
            "source": {"ref": ref, "sentence": self.sentence},
            "review": "pending",
        }


def draft_questions(
    source: Source, *, model: str | None = None, scorer_path: str | None = None
) -> list[Question]:
    """The questions of a draft from a read source, on the parse engine."""
    records = extract_records(parse(source, model))
    return build_questions(records, load_scorer(scorer_path), model=model)


def build_questions(
    records: Records, scorer: Scorer, *, model: str | None = None
) -> list[Question]:
    words = sum(len(s.text.split()) for s in records.document.sentences if not s.caption)
    realised = [q for r in records.records if (q := _candidate(r, records, scorer))]
    # Whether each prompt has a verb, tagged in one batch (the tagger alone is enough).
    prompts = [q.prompt for q in realised]
    docs = pipeline(model).pipe(prompts, disable=["parser", "ner"])
    verbs = {
        p: any(t.pos_ in ("VERB", "AUX") for t in d) for p, d in zip(prompts, docs, strict=True)
    }
    candidates = [
        q
        for q in realised
        if not check_question(q.bank_data(q.key, "source"), has_verb=verbs.__getitem__)
    ]
    # One question per fact, in its best form; then at most two per sentence.
    best: dict[tuple, Question] = {}
    for question in candidates:
        fact = (question.answer.lower(), question.sentence)
        if fact not in best or question.score > best[fact].score:
            best[fact] = question
    ranked = sorted(best.values(), key=lambda q: -q.score)
    per_sentence: dict[str, int] = {}
    prompts: set[str] = set()
    kept: list[Question] = []
    limit = max(MIN_QUESTIONS, min(MAX_QUESTIONS, words // WORDS_PER_QUESTION))
    for question in ranked:
        cap = min(PER_SENTENCE, 1 + len(question.sentence.split()) // 8)
        if per_sentence.get(question.sentence, 0) >= cap or question.prompt in prompts:
            continue
        per_sentence[question.sentence] = per_sentence.get(question.sentence, 0) + 1
        prompts.add(question.prompt)
        kept.append(question)
        if len(kept) == limit:
            break
    order = {s.text: s.index for s in records.document.sentences}
    kept.sort(key=lambda q: (order.get(q.sentence, 0), q.key))
    return kept


def _candidate(record: Record, records: Records, scorer: Scorer) -> Question | None:
    realised = realise(record, records)
    if realised is None:
        return None
    prompt, form = realised
    distractors = distractors_for(record, records)
    if len(distractors) < 3:
        return None
    choices = _ordered([record.answer, *distractors], record)
    features = _features(record, prompt, form, distractors, records)
    explanation = _explanation(record)
    return Question(
        key=f"{_TAGS[record.kind]}-{record.answer}-{record.sentence.index}",
        prompt=prompt,
        answer=record.answer,
        choices=choices,
        sentence=record.sentence.text,
        explanation=explanation,
        tags=[_TAGS[record.kind]],
        score=scorer.score(features),
        features=features,
    )


def _ordered(choices: list[str], record: Record) -> list[str]:
    if record.kind == "date":
        assert record.date is not None
        return sorted(choices, key=_date_order)
    if record.kind == "quantity":
        return sorted(choices, key=_number_order)
    return sorted(choices, key=str.lower)


def _date_order(label: str) -> tuple:
    from .timeline import _FORMS, _MONTHS

    for form in _FORMS:
        match = form.search(label)
        if match:
            parts = match.groupdict()
            return (
                int(parts.get("year") or 0),
                _MONTHS.get((parts.get("month") or "").lower(), 0),
                int(parts.get("day") or 0),
            )
    return (0, 0, 0)


def _number_order(label: str) -> float:
    match = re.search(r"\d[\d,]*(?:\.\d+)?", label)
    return float(match.group(0).replace(",", "")) if match else 0.0


def _features(record: Record, prompt: str, form: str, distractors: list[str], records) -> dict:
    article = {a.name for a in records.actors.actors} | {a.name for a in records.agreements}
    article |= {d.when.label() for d in records.dates} | {q.value for q in records.quantities}
    features = {
        "bias": 1.0,
        "form_wh": float(form == "wh"),
        "form_cloze": float(form == "cloze"),
        f"kind_{record.kind}": 1.0,
        "speech": float(record.speech),
        "prompt_words": min(len(prompt.split()), 60) / 30,
        "pronoun_in_prompt": float(
            bool(re.search(r"\b(he|she|it|they|his|her|its|their)\b", prompt.lower()))
        ),
        "distractors_from_article": sum(d in article for d in distractors) / 3,
        "subject_resolved": float(record.actor is not None),
        "sentence_position": record.sentence.index / max(1, len(records.document.sentences)),
    }
    return features


def _explanation(record: Record) -> str:
    text = f"The article says: “{record.sentence.text}”"
    if record.kind == "date" and record.date and record.date.when.inferred:
        written = record.date.text
        reason = (
            "the publication date"
            if record.date.when.inferred == "publication"
            else "the dates before it in the article"
        )
        text += f" It writes “{written}”; the full date, {record.answer}, is read from {reason}."
    return text
