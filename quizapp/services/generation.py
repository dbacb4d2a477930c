"""Drafting question banks from source texts with the generator, and saving them as drafts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from quizapp.bankfile import ParsedBank, parse_bank
from quizapp.errors import InvalidInput
from quizapp.extensions import db
from quizapp.generator import Source, dump_bank_yaml, generate_bank, read_source
from quizapp.models import Bank, BankOrigin, BankStatus, User
from quizapp.services import banks as bank_service

DEFAULT_MAX_SOURCE_BYTES = 512 * 1024


@dataclass
class Draft:
    source: Source
    yaml_text: str
    parsed: ParsedBank


def decode_source(raw: bytes, *, max_bytes: int = DEFAULT_MAX_SOURCE_BYTES) -> str:
    if len(raw) > max_bytes:
        raise InvalidInput(
            f"The text is {len(raw):,} bytes; the limit is {max_bytes:,} bytes.",
            fields={"source": "too large"},
            status=413,
            code="too_large",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"The file is not UTF-8 text (byte {exc.start:,} cannot be read); save it as UTF-8.",
            fields={"source": "not UTF-8"},
        ) from None


def draft_bank(text: str, *, filename: str | None = None, title: str | None = None,
               author: str | None = None, publisher: str | None = None,
               published: dt.date | None = None, url: str | None = None,
               slug: str | None = None) -> Draft:
    """Generate a draft bank from a source text; the result always passes validation."""
    if not text.strip():
        raise InvalidInput("The text is empty.", fields={"source": "empty"})
    source = read_source(text, filename=filename, title=title, author=author,
                         publisher=publisher, published=published, url=url)
    data = generate_bank(source, slug=slug)
    if not data["questions"]:
        raise InvalidInput(
            "No questions could be drafted from this text: it has no dates, quoted officials, "
            "treaties or key numbers the generator recognises.",
            fields={"source": "no facts"},
        )
    yaml_text = dump_bank_yaml(data)
    # Generated output goes through the same validator as any upload.
    parsed = parse_bank(yaml_text, filename or "generated.yaml")
    return Draft(source, yaml_text, parsed)


def save_generated_draft(draft: Draft, *, owner: User) -> Bank:
    """Store a generated draft (hidden from students) owned by ``owner``, with its source text."""
    parsed = draft.parsed
    parsed.slug = _free_slug(parsed.slug)
    bank_service.import_banks([parsed], user=owner, origin=BankOrigin.GENERATED,
                              status=BankStatus.DRAFT)
    bank = bank_service.bank_by_slug(parsed.slug)
    if bank.sources:
        bank.sources[0].text = draft.source.text
    db.session.commit()
    return bank


def _free_slug(slug: str) -> str:
    """The slug, or the slug with the first free numeric suffix."""
    if bank_service.bank_by_slug(slug) is None:
        return slug
    n = 2
    while bank_service.bank_by_slug(f"{slug[:74]}-{n}") is not None:
        n += 1
    return f"{slug[:74]}-{n}"
