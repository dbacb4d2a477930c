"""The order new questions are studied in, when a bank mixes them ("interleaved").

A bank file is often written topic by topic and type by type, and neighbouring
questions can give each other away ("What is the capital of France?" just before
"Paris is on the Seine: true or false?"). Studied in that order, a first day can be
all one type and a question's answer can be read off the one before.

Interleaving spreads each type evenly through the order and, within a type,
shuffles the questions with a seed taken from the bank, so that every learner of a
bank meets its new questions in the same order (one index range scan finds the next
one) and a re-import of an unchanged file gives the same order again. Questions
from the same source sentence are moved apart where another question can go between.
"""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class NewItem:
    key: str
    type: str
    # Questions drawn from the same sentence give each other away.
    sentence: str = ""


def interleaved_order(items: Sequence[NewItem], *, seed: str) -> list[int]:
    """Indexes of ``items`` in study order: types spread evenly, shuffled within each."""
    rng = random.Random(int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big"))
    by_type: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        by_type[item.type].append(index)
    placed: list[tuple[float, float, int]] = []
    for indexes in by_type.values():
        rng.shuffle(indexes)
        n = len(indexes)
        offset = rng.random()
        for rank, index in enumerate(indexes):
            # The i-th of n questions of a type lands at (i + offset) / n of the way.
            placed.append(((rank + offset) / n, rng.random(), index))
    order = [index for _pos, _tie, index in sorted(placed)]
    return _apart(order, items)


def _apart(order: list[int], items: Sequence[NewItem]) -> list[int]:
    """Move a question away from a neighbour drawn from the same source sentence."""
    order = list(order)
    for i in range(1, len(order)):
        sentence = items[order[i]].sentence
        if not sentence or items[order[i - 1]].sentence != sentence:
            continue
        for j in range(i + 1, len(order)):
            if items[order[j]].sentence != sentence and (
                j + 1 >= len(order) or items[order[j + 1]].sentence != sentence
            ):
                order[i], order[j] = order[j], order[i]
                break
    return order
