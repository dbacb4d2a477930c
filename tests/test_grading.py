"""Grading by question type, and the rule that turns a grade into an FSRS rating."""

from __future__ import annotations

import inspect
import random

import pytest
from fsrs import Rating

from quizapp.questions import Grade, InvalidResponse, get_question_type
from quizapp.study.rating import (
    corrected_retention,
    rating_for,
    recall_credit,
    recall_probability,
)


def grade(type_name: str, data: dict, response, language: str = "en") -> Grade:
    return get_question_type(type_name).grade(data, response, language=language)


# -- multiple choice and true/false: exact ------------------------------------------------

MC = {"choices": ["1969", "1979", "1989"], "answer": "1979"}


def test_multiple_choice_is_exact():
    assert grade("multiple_choice", MC, "1979") == Grade(correct=True, score=1.0)
    assert grade("multiple_choice", MC, "1969").correct is False
    with pytest.raises(InvalidResponse):
        grade("multiple_choice", MC, " 1979 ")  # not one of the choices as shown
    with pytest.raises(InvalidResponse):
        grade("multiple_choice", MC, 1979)


def test_multiple_choice_view_never_holds_the_answer_key():
    view = get_question_type("multiple_choice").learner_view(MC, random.Random(1))
    assert sorted(view["choices"]) == sorted(MC["choices"])
    assert "answer" not in view
    fixed = get_question_type("multiple_choice").learner_view(
        {**MC, "shuffle": False}, random.Random(1)
    )
    assert fixed["choices"] == MC["choices"]


@pytest.mark.parametrize(
    ("response", "correct"),
    [
        (True, True),
        ("true", True),
        ("True", True),
        (" TRUE ", True),
        (False, False),
        ("false", False),
    ],
)
def test_true_false(response, correct):
    assert grade("true_false", {"answer": True}, response).correct is correct


@pytest.mark.parametrize("response", ["yes", "", None, 1, []])
def test_true_false_rejects_anything_else(response):
    with pytest.raises(InvalidResponse):
        grade("true_false", {"answer": True}, response)


# -- short answer: normalised, accepted forms, typo tolerance -------------------------------

SA = {"answer": "Treaty of Friendship", "accept": ["friendship treaty"]}


@pytest.mark.parametrize(
    "response",
    [
        "Treaty of Friendship",
        "treaty of friendship",  # case
        "  Treaty   of  Friendship. ",  # spacing, punctuation
        "The Treaty of Friendship",  # leading article
        "Friendship Treaty",  # an accepted form
        "Tréaty of Friendship",  # accents
    ],
)
def test_short_answer_normalisation_is_exact(response):
    result = grade("short_answer", SA, response)
    assert result.correct and result.exact


def test_short_answer_typo_tolerance_defaults_by_length():
    # 20 characters: two edits forgiven by default, marked as not exact.
    typo = grade("short_answer", SA, "Treaty of Frendship")
    assert typo.correct and not typo.exact and "spelling" in typo.note
    assert not grade("short_answer", SA, "Treaty of Frndshp").correct
    # Four characters or fewer: no typo forgiven ("Mars" is not "Mary").
    assert not grade("short_answer", {"answer": "Mars"}, "Mary").correct


def test_short_answer_typo_tolerance_is_set_per_question():
    strict = {"answer": "Wang Yi", "typo_tolerance": 0}
    assert not grade("short_answer", strict, "Wang Yl").correct
    loose = {"answer": "Wang Yi", "typo_tolerance": 1}
    assert grade("short_answer", loose, "Wang Yl").correct
    assert not grade("short_answer", loose, "Wong Yl").correct


def test_short_answer_digits_are_never_typos():
    data = {"answer": "Treaty of 1979", "typo_tolerance": 3}
    assert not grade("short_answer", data, "Treaty of 1978").correct


def test_short_answer_case_sensitive_when_asked():
    data = {"answer": "NaCl", "case_sensitive": True, "typo_tolerance": 0}
    assert grade("short_answer", data, "NaCl").correct
    assert not grade("short_answer", data, "nacl").correct


def test_short_answer_articles_follow_the_bank_language():
    data = {"answer": "la Révolution"}
    assert grade("short_answer", data, "revolution", language="fr").correct
    # "the" is not an article in French; it stays part of the answer.
    assert grade("short_answer", {"answer": "Louvre"}, "le Louvre", language="fr").exact


def test_short_answer_blank_is_wrong_not_an_error():
    assert grade("short_answer", SA, "   ").correct is False
    with pytest.raises(InvalidResponse):
        grade("short_answer", SA, ["list"])


# -- numeric: within a tolerance --------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "response", "correct"),
    [
        ({"answer": 10}, "10", True),
        ({"answer": 10}, 10, True),
        ({"answer": 10}, 10.0, True),
        ({"answer": 10}, "11", False),
        ({"answer": 2.1, "tolerance": 0.2}, "2.3", True),
        ({"answer": 2.1, "tolerance": 0.2}, "2.35", False),
        ({"answer": 2.1, "tolerance": 0.2}, "2,2", True),  # decimal comma
        ({"answer": 1000}, "1,000", True),  # thousands separator
        ({"answer": 1000}, "1 000", True),
        ({"answer": 200, "tolerance": "5%"}, "190", True),
        ({"answer": 200, "tolerance": "5%"}, "189", False),
        ({"answer": 70, "unit": "%"}, "70%", True),
        ({"answer": 10, "unit": "years"}, "10 years", True),
        ({"answer": -3}, "\u22123", True),  # a typographic minus
    ],
)
def test_numeric(data, response, correct):
    assert grade("numeric", data, response).correct is correct


@pytest.mark.parametrize("response", ["ten", "", True, None, "nan", "inf"])
def test_numeric_rejects_what_is_not_a_number(response):
    with pytest.raises(InvalidResponse):
        grade("numeric", {"answer": 10}, response)


# -- cloze ---------------------------------------------------------------------------------------

CLOZE = {
    "answer": ["Vladimir Putin", "Valdai Discussion Club"],
    "accept": [["Putin"], ["Valdai", "Valdai Club"]],
}


def test_cloze_every_blank_as_a_short_answer():
    assert grade("cloze", CLOZE, ["putin", "the Valdai Club"]).correct
    half = grade("cloze", CLOZE, ["Putin", "Sochi"])
    assert (half.correct, half.score) == (False, 0.5)
    typo = grade("cloze", CLOZE, ["Vladimir Puttin", "Valdai"])
    assert typo.correct and not typo.exact


def test_cloze_single_blank_takes_text_or_a_one_item_list():
    data = {"answer": "Beijing", "accept": ["Peking"]}
    assert grade("cloze", data, "peking").correct
    assert grade("cloze", data, ["Beijing"]).correct


def test_cloze_needs_every_blank():
    with pytest.raises(InvalidResponse):
        grade("cloze", CLOZE, ["Putin"])
    with pytest.raises(InvalidResponse):
        grade("cloze", CLOZE, ["Putin", 3])


# -- ordering --------------------------------------------------------------------------------------

ORDER = {"answer": ["1949", "1969", "1979", "1991"]}


def test_ordering_exact_order_with_partial_score():
    assert grade("ordering", ORDER, ["1949", "1969", "1979", "1991"]).correct
    swapped = grade("ordering", ORDER, ["1969", "1949", "1979", "1991"])
    assert swapped.correct is False and swapped.score == pytest.approx(5 / 6)
    assert grade("ordering", ORDER, list(reversed(ORDER["answer"]))).score == 0


def test_ordering_needs_each_item_once():
    with pytest.raises(InvalidResponse):
        grade("ordering", ORDER, ["1949", "1949", "1979", "1991"])
    with pytest.raises(InvalidResponse):
        grade("ordering", ORDER, "1949, 1969, 1979, 1991")


def test_ordering_form_positions_become_the_order():
    qtype = get_question_type("ordering")
    view = {"items": ["1979", "1949", "1991", "1969"]}
    form = {"position-0": "3", "position-1": "1", "position-2": "4", "position-3": "2"}
    assert qtype.response_from_form(form, view) == ORDER["answer"]
    with pytest.raises(InvalidResponse):
        qtype.response_from_form({**form, "position-3": "1"}, view)
    with pytest.raises(InvalidResponse):
        qtype.response_from_form({**form, "position-3": ""}, view)


def test_ordering_view_is_shuffled_away_from_the_answer():
    view = get_question_type("ordering").learner_view(ORDER, random.Random(3))
    assert sorted(view["items"]) == sorted(ORDER["answer"]) and view["items"] != ORDER["answer"]


# -- flashcard: self-graded ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "rating"),
    [("again", 1), ("Hard", 2), ("good", 3), ("EASY", 4), (1, 1), (4, 4), ("3", 3)],
)
def test_flashcard_self_grades(response, rating):
    result = grade("flashcard", {"answer": "back"}, response)
    assert result.self_rating == rating and result.correct is None


@pytest.mark.parametrize("response", [0, 5, True, "perfect", None, 2.5])
def test_flashcard_rejects_other_grades(response):
    with pytest.raises(InvalidResponse):
        grade("flashcard", {"answer": "back"}, response)


# -- the rating rule -------------------------------------------------------------------------------

RIGHT = Grade(correct=True, score=1.0)
TYPO = Grade(correct=True, score=1.0, exact=False)
WRONG = Grade(correct=False, score=0.0)


@pytest.mark.parametrize(
    ("grade_", "rating"),
    [
        (WRONG, Rating.Again),
        (Grade(correct=False, score=0.5), Rating.Again),  # half right is wrong
        (RIGHT, Rating.Good),
        (TYPO, Rating.Good),  # accepted through typo tolerance: still a recall
    ],
)
def test_rating_rule_right_is_good_wrong_is_again(grade_, rating):
    assert rating_for(grade_) == rating


def test_rating_never_depends_on_speed():
    # The rule takes no time at all: nothing but the grade can make an answer Easy.
    assert "elapsed_ms" not in inspect.signature(rating_for).parameters
    assert {rating_for(g) for g in (RIGHT, TYPO, WRONG)} == {Rating.Good, Rating.Again}


def test_flashcard_rating_is_the_learners_own():
    for self_rating in (1, 2, 3, 4):
        g = Grade(correct=None, score=1.0, self_rating=self_rating)
        assert rating_for(g) == Rating(self_rating)


def test_guess_chance_by_type():
    assert get_question_type("true_false").guess_chance({"answer": True}) == 0.5
    mc = {"choices": ["a", "b", "c", "d"], "answer": "a"}
    assert get_question_type("multiple_choice").guess_chance(mc) == 0.25
    assert get_question_type("short_answer").guess_chance({"answer": "x"}) == 0.0
    assert get_question_type("flashcard").guess_chance({"answer": "x"}) == 0.0


def test_recall_probability_is_bayes_over_guessing():
    assert recall_probability(0.9, 0.0) == 1.0
    # P(recall | right) = R / (R + (1 - R) g)
    assert recall_probability(0.9, 0.25) == pytest.approx(0.9 / (0.9 + 0.1 * 0.25))
    assert recall_probability(0.5, 0.5) == pytest.approx(2 / 3)
    assert recall_probability(0.0, 0.5) == 0.0
    assert recall_probability(0.8, 0.5) < recall_probability(0.8, 0.25) < 1


def test_corrected_retention_removes_lucky_guesses():
    # Four-choice questions, true recall 80%: the other 20% guess, a quarter of them right.
    recalled = [True] * 80 + [True] * 5 + [False] * 15
    credits = sum(recall_credit(r, 0.25) for r in recalled)
    assert sum(recalled) / len(recalled) == 0.85  # the raw share overstates
    assert corrected_retention(credits, len(recalled)) == pytest.approx(0.80)
    # Typed answers are counted as they are; the figure stays within 0..1.
    assert corrected_retention(sum(recall_credit(r, 0.0) for r in recalled), 100) == 0.85
    assert corrected_retention(3 * recall_credit(False, 0.5), 3) == 0.0
    assert corrected_retention(0, 0) is None
