from quizapp.generator import generate_bank, read_source
from quizapp.generator.dates import find_dates
from quizapp.generator.quantities import find_quantities, format_like, nearby_values
from quizapp.generator.rules import check_bank
from quizapp.generator.sentences import split_sentences


def quantities_in(text):
    sentences = split_sentences(text)
    return find_quantities(sentences, find_dates(sentences, None))


def test_percentages_counts_durations_and_money():
    found = quantities_in(
        "Russia accounted for 70% of Chinese arms imports in 2014-2018. "
        "The report covers a planning period of 10 years. "
        "Gold cost $35 per ounce. A 90-day freeze followed, with a 10 percent tariff. "
        "Fifteen months later, six members floated their currencies. 19 Senators wrote. "
        "The treaty allowed 200 interceptors and a 2,400 limit on vehicles."
    )
    assert [(q.text, q.value, q.unit) for q in found] == [
        ("70%", 70, "%"),
        ("10 years", 10, "years"),
        ("$35 per ounce", 35, "$ per ounce"),
        ("90-day", 90, "day"),
        ("10 percent", 10, "%"),
        ("Fifteen months", 15, "months"),
        ("six members", 6, "members"),
        ("19 Senators", 19, "senators"),
        ("200 interceptors", 200, "interceptors"),
        ("2,400", 2400, ""),
    ]
    assert found[0].measure == "Chinese arms imports"


def test_numbers_inside_names_years_and_determiners_are_skipped():
    found = quantities_in(
        'China launched "Chang\'e-5" during the drills of "Vostok-2018" in 2018. '
        "The two sides met. The G-10 agreed."
    )
    assert found == []


def test_distractor_values_keep_the_unit_and_the_style():
    [years] = quantities_in("It lasted 10 years.")
    assert [format_like(years, v) for v in nearby_values(years)][:3] == [
        "5 years",
        "15 years",
        "20 years",
    ]
    [months] = quantities_in("Fifteen months later, it fell.")
    assert all(
        text.endswith(" months") and text[0].isupper() and not text[0].isdigit()
        for text in (format_like(months, v) for v in nearby_values(months))
    )
    [share] = quantities_in("It was 70% of imports.")
    assert all(0 < v < 100 for v in nearby_values(share))


def test_amounts_with_a_scale_word_keep_it_in_distractors():
    [amount] = quantities_in("Allies will spend $1.5 billion on air defenses.")
    assert amount.value == 1_500_000_000
    assert [format_like(amount, v) for v in nearby_values(amount)][:3] == [
        "$0.8 billion",
        "$2.2 billion",
        "$3 billion",
    ]


def test_counts_of_a_noun_phrase_with_modifiers():
    found = {
        q.text: (q.value, q.unit)
        for q in quantities_in(
            "On March 29, Russia expelled 60 U.S. diplomats. "
            "The pact loops in 10 ASEAN economies along with China. "
            "At least 45 Russian diplomats have been expelled across Europe. "
            "Twenty-eight countries now join the United States. "
            "Six EU nations condemned the tests."
        )
    }
    assert found == {
        "60": (60, "U.S. diplomats"),
        "10": (10, "ASEAN economies"),
        "45": (45, "Russian diplomats"),
        "Twenty-eight countries": (28, "countries"),
        "Six": (6, "EU nations"),
    }


def test_a_strong_force_and_one_year():
    [force] = quantities_in("In 1995, a 60,000-strong NATO-led force was deployed in Bosnia.")
    assert (force.text, force.value) == ("60,000", 60_000)
    [year] = quantities_in("Moscow proposed extending the treaty for one year.")
    assert year.text == "one year"
    assert [format_like(year, v) for v in nearby_values(year)][:2] == ["two years", "three years"]


def test_numbers_in_names_and_pairs_that_refer_back_are_not_counts():
    assert (
        quantities_in(
            "START 1 obliged them to cut. Resolution 2231 endorsed it. The P5+1 met. "
            "The court ruled on Jul 12, 2016. The two sides agreed. Both parties signed."
        )
        == []
    )


def test_a_determiner_before_three_or_more_still_counts():
    found = [
        q.text
        for q in quantities_in(
            "The signed memorandum states that the three countries "
            "are committed to supporting each other."
        )
    ]
    assert found == ["three countries"]


def test_count_questions_show_their_noun_and_break_no_rule():
    from quizapp.generator import generate_bank, read_source
    from quizapp.generator.rules import check_bank

    source = read_source(
        "Title\nWire\n2018-03-30\n\nOn March 29, Russia expelled 60 U.S. diplomats from Moscow.\n\n"
        "Twenty-eight countries now join the United States in the decision to expel spies."
    )
    bank = generate_bank(source)
    assert check_bank(bank, source.text) == []
    numbers = {q["answer"]: q for q in bank["questions"] if "number" in q["tags"]}
    assert numbers[60]["type"] == "numeric" and numbers[60]["unit"] == "U.S. diplomats"
    assert "___ U.S. diplomats" in numbers[60]["prompt"]
    words = numbers["Twenty-eight countries"]
    assert words["type"] == "multiple_choice" and len(words["choices"]) == 4


def test_number_words_before_other_and_a_scale_word():
    found = {
        q.text: (q.value, q.unit)
        for q in quantities_in(
            "Since then representatives of thirty-four other nations have signed the treaty. "
            "The war uprooted six million people."
        )
    }
    assert found["thirty-four other nations"] == (34, "nations")
    assert found["six million people"][0] == 6_000_000


def test_counts_of_different_noun_phrases_are_not_offered_against_each_other():
    source = read_source(
        "Title\nWire\n2021-03-01\n\n"
        "In 1959 representatives of twelve nations met in Washington to negotiate a treaty.\n\n"
        "Since then representatives of thirty-four other nations have also signed the treaty."
    )
    bank = generate_bank(source)
    counts = [q for q in bank["questions"] if "nations" in str(q.get("answer"))]
    assert counts
    for question in counts:
        others = [c for c in question.get("choices") or [] if c != question["answer"]]
        assert all(("other" in c) == ("other" in question["answer"]) for c in others)
    assert check_bank(bank, source.text) == []


def test_absurdly_long_numbers_are_not_quantities():
    from quizapp.generator import generate_bank, read_source

    text = (
        "Officials said that " + "9" * 400 + " troops were deployed. "
        "President Joe Biden said on Monday that 3,000 troops would stay."
    )
    bank = generate_bank(read_source(text))
    answers = " ".join(str(q["answer"]) for q in bank["questions"])
    assert "999999" not in answers


def test_ordinals_decades_and_named_kinds_counted_after_a_determiner():
    source = read_source(
        "Title\nWire\n2015-12-28\n\n"
        "He made remarks marking the 70th anniversary of the end of the war.\n\n"
        "The head of diplomacy spoke at the opening of the 6th Ministerial Meeting.\n\n"
        "It is located on 2630, 16th Street Northwest.\n\n"
        "They were due to sign a peace deal to end a five-decade war.\n\n"
        "The pact builds on the eight-decade-long partnership.\n\n"
        "The accord will be welcomed by the United States, keen for better relations between its "
        "two major Asian allies.\n\n"
        "The two sides met in Seoul."
    )
    bank = generate_bank(source)
    answers = {q["answer"]: q for q in bank["questions"]}
    assert set(answers["70th"]["choices"]) == {"69th", "70th", "71st", "72nd"}
    assert "6th" in answers
    assert "16th" not in answers  # part of a street's name
    assert "five-decade" in answers
    assert "the ___-long partnership" in answers["eight-decade"]["prompt"]
    assert "its ___ major Asian allies" in answers["two"]["prompt"]
    assert not any("___ sides" in q["prompt"] for q in bank["questions"])
    assert check_bank(bank, source.text) == []
