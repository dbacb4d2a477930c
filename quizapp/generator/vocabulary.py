"""The generator's vocabulary, read once from the YAML files in ``data/``.

Word lists are data, not code: each engine reads the lists it needs from here, and the files
say which engine reads each list and why.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml


@functools.cache
def _load(name: str) -> dict:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


@dataclass(frozen=True)
class Country:
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str

    @property
    def name(self) -> str:
        return self.names[0]


@functools.cache
def words(list_name: str) -> frozenset[str]:
    """A word list of lexicon.yaml, lower-cased."""
    return frozenset(str(word).lower() for word in _load("lexicon.yaml")[list_name])


@functools.cache
def table(name: str) -> dict:
    return dict(_load("lexicon.yaml")[name])


@functools.cache
def months() -> tuple[str, ...]:
    return tuple(_load("lexicon.yaml")["months"])


@functools.cache
def weekdays() -> tuple[str, ...]:
    return tuple(_load("lexicon.yaml")["weekdays"])


@functools.cache
def countries() -> tuple[Country, ...]:
    return tuple(
        Country(tuple(names), tuple(demonyms), capital)
        for names, demonyms, capital in _load("countries.yaml")["countries"]
    )


@functools.cache
def country_index() -> dict[str, Country]:
    """Each country by its names, demonyms and capital, lower-cased, without "the"."""
    index: dict[str, Country] = {}
    for country in countries():
        for word in (*country.names, country.capital, *country.demonyms):
            index.setdefault(word.lower(), country)
    return index


@functools.cache
def fallback_distractors() -> dict:
    return _load("distractors.yaml")
