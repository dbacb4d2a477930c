"""The interleaved order of new questions: pure, seeded by the bank, types spread evenly."""

import itertools

from quizapp.study.interleave import NewItem, interleaved_order


def test_types_are_spread_evenly_and_the_order_is_stable():
    items = [NewItem(f"a{i}", "a") for i in range(8)] + [NewItem(f"b{i}", "b") for i in range(4)]
    order = interleaved_order(items, seed="bank")
    assert sorted(order) == list(range(12))
    assert order == interleaved_order(items, seed="bank")
    kinds = [items[i].type for i in order]
    # Every third of the order holds its share of each type.
    for third in range(3):
        part = kinds[third * 4 : third * 4 + 4]
        assert 2 <= part.count("a") <= 3, kinds
    assert order != interleaved_order(items, seed="another bank")


def test_questions_of_one_sentence_are_kept_apart():
    items = [NewItem(f"s{i}", "a", sentence="Paris is the capital.") for i in range(3)] + [
        NewItem(f"o{i}", "a", sentence=f"Other {i}.") for i in range(6)
    ]
    for seed in ("x", "y", "z", "w"):
        order = interleaved_order(items, seed=seed)
        sentences = [items[i].sentence for i in order]
        assert all(a != b for a, b in itertools.pairwise(sentences)), sentences
