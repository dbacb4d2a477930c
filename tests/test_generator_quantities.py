from quizapp.generator.dates import find_dates
from quizapp.generator.quantities import find_quantities, format_like, nearby_values
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
