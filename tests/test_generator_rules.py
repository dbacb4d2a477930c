import copy

import pytest

from quizapp.generator.rules import answer_kind, check_bank

TEXT = "In October, Vladimir Putin raised the possibility of an alliance."


def good_bank():
    return {
        "format": "quizapp/1",
        "bank": {
            "slug": "alliance",
            "title": "Alliance",
            "status": "draft",
            "sources": [{"id": "cgtn", "title": "Alliance", "published": "2020-12-05"}],
        },
        "questions": [
            {
                "id": "date-putin",
                "type": "multiple_choice",
                "prompt": "Which date completes this sentence from the article? "
                "“In ___, Vladimir Putin raised the possibility of an alliance.”",
                "choices": ["September 2020", "October 2020", "November 2020"],
                "answer": "October 2020",
                "tags": ["date"],
                "source": {"ref": "cgtn", "sentence": TEXT},
                "review": "pending",
            },
            {
                "id": "who-putin",
                "type": "multiple_choice",
                "prompt": "Who raised the possibility of an alliance?",
                "choices": ["Vladimir Putin", "Dmitry Peskov", "Wang Yi"],
                "answer": "Vladimir Putin",
                "tags": ["official"],
                "source": {"ref": "cgtn", "sentence": TEXT},
                "review": "pending",
            },
        ],
    }


def rules_broken(bank):
    return {b.rule for b in check_bank(bank, TEXT)}


def test_a_good_bank_breaks_no_rule():
    assert check_bank(good_bank(), TEXT) == []


def test_answer_in_prompt():
    bank = good_bank()
    bank["questions"][1]["prompt"] = (
        "Who, like Vladimir Putin, raised the possibility of an alliance?"
    )
    assert rules_broken(bank) == {"answer-in-prompt"}


def test_answer_inside_another_word_of_the_prompt():
    bank = good_bank()
    question = bank["questions"][0]
    question["choices"] = ["2016", "2018", "2020"]
    question["answer"] = "2018"
    question["prompt"] = (
        "Which date completes this? “It happened in ___ amid the Vostok-2018 drills.”"
    )
    assert "answer-in-prompt" in rules_broken(bank)


def test_duplicate_questions():
    bank = good_bank()
    bank["questions"].append(dict(copy.deepcopy(bank["questions"][1]), id="who-putin-again"))
    assert rules_broken(bank) == {"duplicate"}


def test_distractor_equal_to_the_answer():
    bank = good_bank()
    bank["questions"][1]["choices"] = ["Vladimir Putin", "vladimir putin", "Wang Yi"]
    assert {"distractor-equals-answer", "duplicate-choice"} <= rules_broken(bank)


@pytest.mark.parametrize(
    "choices",
    [
        ["October 2020", "1979", "November 2020"],  # a year among months
        ["October 2020", "November 24, 2020", "July 2020"],  # a day among months
        ["October 2020", "Dmitry Peskov", "July 2020"],  # a name among dates
    ],
)
def test_distractor_of_another_kind(choices):
    bank = good_bank()
    bank["questions"][0]["choices"] = choices
    assert rules_broken(bank) == {"distractor-kind"}


def test_number_distractors_must_share_the_unit():
    bank = good_bank()
    bank["questions"][1].update(
        choices=["70%", "60 years", "80%"],
        answer="70%",
        prompt="Which figure completes this sentence? “___ of imports.”",
    )
    assert rules_broken(bank) == {"distractor-kind"}


def test_source_sentence_not_verbatim():
    bank = good_bank()
    bank["questions"][1]["source"]["sentence"] = "In October Putin raised the idea of an alliance."
    assert rules_broken(bank) == {"sentence-not-verbatim"}


@pytest.mark.parametrize(
    "change",
    [
        lambda b: b.update(extra="key"),
        lambda b: b["bank"].update(slug="Not A Slug"),
        lambda b: b["bank"].update(status="live"),
        lambda b: b["questions"][0].update(answer="December 2020"),
        lambda b: b["questions"][1].update(id="date-putin"),
        lambda b: b["questions"][1]["source"].update(ref="elsewhere"),
        lambda b: b["questions"][1].update(type="essay"),
        lambda b: b["questions"][1].update(review="maybe"),
        lambda b: b["questions"].append(
            {"id": "cloze-1", "type": "cloze", "prompt": "No blank here.", "answer": "x"}
        ),
    ],
)
def test_invalid_bank(change):
    bank = good_bank()
    change(bank)
    assert "invalid-bank" in rules_broken(bank)


def test_answer_kinds():
    assert answer_kind("November 24, 2020") == ("date", "day")
    assert answer_kind("November 24") == ("date", "day")
    assert answer_kind("July 2020") == ("date", "month")
    assert answer_kind("1979") == ("date", "year")
    assert answer_kind("2014-2018") == ("date", "range")
    assert answer_kind("1960s") == ("date", "decade")
    assert answer_kind("10 years") == answer_kind("15 years") == ("number", "# year")
    assert answer_kind("one year") == answer_kind("two years")  # the plural is no other kind
    assert answer_kind("Twenty-eight countries") == answer_kind("Forty countries")
    assert answer_kind("Fifteen months") == answer_kind("Twenty months")
    assert answer_kind("Wang Yi") == ("text", "")
