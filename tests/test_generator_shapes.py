"""Shapes of the genre that no bundled text shows, checked sentence by sentence."""

import datetime as dt

from quizapp.generator import generate_bank, read_source
from quizapp.generator.dates import find_dates
from quizapp.generator.facts import extract_facts
from quizapp.generator.quantities import find_quantities
from quizapp.generator.rules import check_bank, prompt_problems
from quizapp.generator.sentences import split_sentences


def facts_of(text, published=dt.date(2021, 3, 1)):
    return extract_facts(read_source(f"Title\nWire\n{published.isoformat()}\n\n{text}"))


def speakers(text):
    return {(s.speaker.display, s.verb) for s in facts_of(text).statements}


def test_bodies_and_unnamed_speakers():
    found = speakers(
        "The Kremlin stressed that the talks would go on. "
        "Officials said the deal was close. "
        "A State Department spokesperson said the sanctions would stay."
    )
    assert ("the Kremlin", "stressed") in found
    assert ("Officials", "said") in found
    assert ("A State Department spokesperson", "said") in found


def test_a_group_with_a_number_speaks_as_one():
    found = speakers("On December 17, 1979, 19 Senators wrote Carter that the treaty was flawed.")
    assert ("19 Senators", "wrote") in found


def test_shared_subject_gets_a_who_question_with_swapped_distractors():
    bank = generate_bank(
        read_source(
            "Title\nWire\n2021-03-01\n\nSecretary of State Mike Pompeo met Sergei Lavrov.\n\n"
            "President Richard Nixon and General Secretary Leonid Brezhnev signed the ABM Treaty."
        )
    )
    who = next(q for q in bank["questions"] if q["prompt"] == "Who signed the ABM Treaty?")
    assert who["answer"] == "Richard Nixon and Leonid Brezhnev"
    assert all(" and " in choice for choice in who["choices"])


def test_agreements_without_a_treaty_word_and_acronyms():
    facts = facts_of(
        "The Joint Comprehensive Plan of Action (JCPOA), commonly called the Iran Nuclear Deal, "
        "took effect in 2015. Kyiv and Moscow signed the Minsk agreements in 2015. "
        "The AUKUS partnership was announced in 2021. The Paris Agreement entered into force in "
        "2016. Congress passed the Iran Nuclear Agreement Review Act in 2015."
    )
    names = {t.name: t.aliases for t in facts.treaties}
    assert {"JCPOA", "Iran Nuclear Deal"} <= names["Joint Comprehensive Plan of Action"]
    assert "Minsk agreements" in names
    assert "Paris Agreement" in names
    assert any(name.startswith("AUKUS") for name in names)
    assert not any("Review Act" in name for name in names)


def test_titles_from_the_broad_lists_and_of_patterns():
    facts = facts_of(
        "Chargé d'affaires John Smith met the press. NATO Secretary General Jens Stoltenberg "
        "welcomed the move. Eswatini's Prime Minister Russell Dlamini agreed."
    )
    titles = {o.name: o.titles for o in facts.officials}
    assert titles["John Smith"] == ["Chargé d'affaires"]
    assert titles["Jens Stoltenberg"] == ["NATO Secretary General"]
    assert titles["Russell Dlamini"] == ["Eswatini's Prime Minister"]


def test_amounts_troops_and_fractions():
    quantities = {
        q.text: q.unit
        for q in find_quantities(
            split_sentences(
                "The package of $1.2 billion sent 3,000 troops. A third of the budget went to "
                "arms, and breakout time was two to three months."
            ),
            [],
        )
    }
    assert quantities == {
        "$1.2 billion": "$",
        "3,000 troops": "troops",
        "A third": "fraction",
        "two to three months": "span months",
    }


def test_relative_dates_follow_a_paragraph_back_in_time():
    dates = find_dates(
        split_sentences(
            "On December 2, 2020, the report came out. The treaty had collapsed in 2014. "
            "In March, Moscow walked out.\n\nIn December 2019, talks resumed; on January 3, "
            "they met.\n\nToday, the sides agreed. One year ago today, they had not."
        ),
        dt.date(2021, 2, 3),
    )
    shown = {d.text: d.display for d in dates}
    assert shown["March"] == "March 2014"
    assert shown["January 3"] == "January 3, 2020"
    assert shown["Today"] == "February 3, 2021"
    assert shown["One year ago today"] == "February 3, 2020"


def test_prompt_problems():
    assert prompt_problems("who signed the treaty?") == [
        "starts with a lowercase word: 'who signed the treaty?'"
    ]
    assert prompt_problems("Who signed the the treaty?") == ["doubled word 'the the'"]
    assert prompt_problems("Who signed the treaty") == ["a question without a question mark"]
    assert prompt_problems("Which word completes this? “It was that that mattered.”") == []


def test_generated_banks_break_no_rule_on_these_shapes():
    text = (
        "Title\nWire\n2021-03-01\n\nThe White House said the Minsk agreements were dead. "
        "On March 3, 19 Senators wrote Biden that the AUKUS pact needed 3,000 troops. "
        "A third of the $1.2 billion went to arms."
    )
    source = read_source(text)
    assert check_bank(generate_bank(source), source.text) == []
