import datetime as dt

from quizapp.generator import generate_bank, read_source
from quizapp.generator.dates import find_dates
from quizapp.generator.rules import check_bank
from quizapp.generator.sentences import split_sentences

PUBLISHED = dt.date(2020, 12, 5)


def dates_in(text, published=PUBLISHED):
    return find_dates(split_sentences(text), published)


def test_full_dates_months_years_ranges_and_targets():
    found = dates_in(
        "The pact was signed on May 26, 1972, and renewed in March 1973. "
        "It collapsed in 1979. Russia supplied 70% of imports in 2014-2018. "
        "China plans to build a modern army by 2027. Talks ran 1948–49."
    )
    shown = [(d.text, d.granularity, d.display) for d in found]
    assert shown == [
        ("May 26, 1972", "day", "May 26, 1972"),
        ("March 1973", "month", "March 1973"),
        ("1979", "year", "1979"),
        ("2014-2018", "range", "2014-2018"),
        ("2027", "year", "2027"),
        ("1948–49", "range", "1948–1949"),
    ]
    assert found[4].kind == "target"


def test_relative_dates_resolve_against_the_publication_date():
    found = dates_in(
        "In October, Putin spoke. Peskov on November 24 welcomed the launch. "
        "Earlier in July, Peskov called China an ally.\n\n"
        "This fall's turmoil in Belarus continued. A report came out on December 2."
    )
    assert [d.display for d in found] == [
        "October 2020",
        "November 24, 2020",
        "July 2020",
        "fall 2020",
        "December 2, 2020",
    ]
    assert all(d.relative for d in found)


def test_a_month_after_the_publication_month_means_last_year():
    found = dates_in("The summit met in December.", published=dt.date(2021, 3, 1))
    assert found[0].display == "December 2020"


def test_a_relative_date_takes_the_year_of_an_earlier_full_date_in_the_paragraph():
    found = dates_in(
        "On December 17, 1979, senators wrote to Carter. On December 25, the Soviets invaded."
    )
    assert [d.display for d in found] == ["December 17, 1979", "December 25, 1979"]


def test_unresolvable_relative_dates_keep_their_written_granularity():
    found = dates_in("In October, the envoy resigned.", published=None)
    assert found[0].display == "October"
    assert not found[0].resolved


def test_numbers_that_are_not_dates():
    found = dates_in(
        'The drills were called "Vostok-2018". It may rain. Troops: 1500 soldiers arrived.'
    )
    assert found == []


def test_decades_and_abbreviated_months():
    found = dates_in("By the late 1960s, talks resumed. A crane worked at the port, Oct. 28, 2020.")
    assert [(d.display, d.granularity) for d in found] == [
        ("1960s", "decade"),
        ("October 28, 2020", "day"),
    ]


def test_a_relative_month_after_a_later_anchor_moves_into_the_next_year():
    found = dates_in(
        "Washington left the pact in November 2020, and Moscow announced its own "
        "withdrawal in January.",
        published=dt.date(2021, 6, 10),
    )
    assert [d.display for d in found] == ["November 2020", "January 2021"]


def test_abbreviated_months_without_a_point_and_the_nth_of_a_month():
    found = dates_in(
        "Talks would resume in Geneva on Jan 15. The treaty expires the 5th of December.",
        published=dt.date(2014, 12, 31),
    )
    assert [(d.text, d.display) for d in found] == [
        ("Jan 15", "January 15, 2015"),  # two weeks ahead: the coming one, across the year
        ("5th of December", "December 5, 2014"),
    ]


def test_a_weekday_that_owns_an_event_is_asked_as_its_date():
    from quizapp.generator import generate_bank, read_source

    source = read_source(
        "Title\nWire\n2014-12-31\n\n"
        "Treasury official David Cohen said Tuesday's move was part of efforts to enforce "
        "the existing sanctions."
    )
    [question] = [q for q in generate_bank(source)["questions"] if "date" in q["tags"]]
    assert question["answer"] == "Tuesday, December 30, 2014"
    assert "Cohen said the move on ___ was part of efforts" in question["prompt"]


def test_a_history_piece_dates_a_day_by_its_own_years():
    found = dates_in(
        "On December 14, 1995, the Dayton Agreement was signed in Paris.\n\n"
        "The agreement was the result of the Dayton Conference, which began on 1 November.",
        published=dt.date(2024, 12, 14),
    )
    assert [d.display for d in found] == ["December 14, 1995", "November 1, 1995"]
    news = dates_in(
        "The 2005 agreement was signed in Beijing on September 19, 2005.\n\n"
        "Talks resume on November 24, officials said on Monday.",
        published=dt.date(2020, 12, 5),
    )
    assert [d.display for d in news][-2] == "November 24, 2020"


def test_a_weekday_with_a_time_of_day_and_no_preposition():
    sentences = split_sentences("The two ministers met in Moscow Thursday night and agreed.")
    found = find_dates(sentences, dt.date(2020, 9, 11))
    assert [d.display for d in found] == ["Thursday, September 10, 2020"]


def test_a_weekday_after_the_subject_last_night_and_a_year_ago():
    source = read_source(
        "Title\nWire\n2017-08-05\n\n"
        "Antonio Guterres Friday received notification from the US delegation.\n\n"
        "Joy throughout the North last night was tempered by concern.\n\n"
        "Strains persisted, so a year ago they signed a three-way pact.\n\n"
        "It should have happened 25 years ago, by the way."
    )
    bank = generate_bank(source)
    answers = {q["answer"]: q["prompt"] for q in bank["questions"]}
    assert "Friday, August 4, 2017" in answers
    assert "August 4, 2017" in answers
    assert "so in ___ they signed" in answers["2016"]
    assert "1992" not in answers  # "25 years ago" is a span of time, not a date
    assert check_bank(bank, source.text) == []


def test_last_and_a_month_is_the_latest_one_not_a_month_or_two_ago():
    found = dates_in(
        "His election win last May was a landslide. The talks collapsed last March.",
        published=dt.date(2015, 6, 7),
    )
    assert [(d.text, d.display) for d in found] == [
        ("last May", "May 2014"),
        ("last March", "March 2015"),
    ]
    source = read_source(
        "Title\nWire\n2015-06-07\n\nModi's first trip since his election win last May has "
        "been dominated by the deal."
    )
    prompts = [q["prompt"] for q in generate_bank(source)["questions"]]
    assert any("election win in ___ has been" in prompt for prompt in prompts)
