"""Writing banks back to YAML (format ``quizapp/1``) that reads well and re-imports unchanged."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml

from quizapp.bankfile.validate import FORMAT
from quizapp.questions import get_question_type


class _BankDumper(yaml.SafeDumper):
    """Block style throughout; multi-line text as literal blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        # Indent list items under their key, as people write them by hand.
        return super().increase_indent(flow, False)


def _str_representer(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BankDumper.add_representer(str, _str_representer)


def dump_bank_yaml(data: dict[str, Any]) -> str:
    return yaml.dump(
        data,
        Dumper=_BankDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )


def bank_to_data(bank, questions: Iterable) -> dict[str, Any]:
    """The YAML document for a bank model and the questions to include."""
    meta: dict[str, Any] = {"slug": bank.slug, "title": bank.title}
    if bank.description:
        meta["description"] = bank.description
    meta["language"] = bank.language
    meta["status"] = bank.status
    if bank.tags:
        meta["tags"] = list(bank.tags)
    if getattr(bank, "new_order", "interleaved") == "file":
        meta["new_order"] = "file"
    if bank.sources:
        meta["sources"] = [_source(s) for s in bank.sources]
    return {"format": FORMAT, "bank": meta, "questions": [question_to_data(q) for q in questions]}


def _source(source) -> dict[str, Any]:
    out: dict[str, Any] = {"id": source.ref, "title": source.title}
    for name in ("author", "publisher", "published", "url"):
        value = getattr(source, name)
        if value:
            out[name] = value
    return out


def question_to_data(question) -> dict[str, Any]:
    qtype = get_question_type(question.type)
    out: dict[str, Any] = {"id": question.key, "type": question.type, "prompt": question.prompt}
    fields = qtype.export(question.data)
    answer = fields.pop("answer")
    out.update(fields)
    out["answer"] = answer
    if question.explanation:
        out["explanation"] = question.explanation
    if question.hint:
        out["hint"] = question.hint
    if question.tags:
        out["tags"] = list(question.tags)
    if question.source is not None:
        citation = {"ref": question.source.ref}
        if question.source_sentence:
            citation["sentence"] = question.source_sentence
        out["source"] = citation
    if question.review_status:
        out["review"] = question.review_status
    return out
