"""Run every extractor over a source and keep the results together."""

from __future__ import annotations

from dataclasses import dataclass

from .dates import DateMention, find_dates
from .officials import Official, find_officials
from .quantities import Quantity, find_quantities
from .quotes import Statement, find_statements
from .reader import Source
from .sentences import Sentence, split_sentences
from .speakers import find_carried_quotes, find_clause_statements
from .treaties import Treaty, find_treaties


@dataclass
class Facts:
    source: Source
    sentences: list[Sentence]
    dates: list[DateMention]
    officials: list[Official]
    statements: list[Statement]
    treaties: list[Treaty]
    quantities: list[Quantity]


def extract_facts(source: Source) -> Facts:
    sentences = split_sentences(source.text, source.captions)
    dates = find_dates(sentences, source.published)
    officials = find_officials(sentences)
    statements = find_statements(sentences, officials, dates)
    statements += find_clause_statements(sentences, officials, statements, dates)
    statements += find_carried_quotes(sentences, statements)
    statements.sort(key=lambda statement: statement.sentence)
    treaties = find_treaties(sentences, dates)
    quantities = find_quantities(sentences, dates)
    return Facts(source, sentences, dates, officials, statements, treaties, quantities)
