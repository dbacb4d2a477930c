from quizapp.generator.dates import find_dates
from quizapp.generator.officials import find_officials
from quizapp.generator.quotes import find_statements
from quizapp.generator.sentences import split_sentences


def statements_in(text):
    sentences = split_sentences(text)
    dates = find_dates(sentences, None)
    return find_statements(sentences, find_officials(sentences), dates)


def test_straight_quotes_attributed_to_a_government():
    [statement] = statements_in(
        'Beijing stressed, "there is no limit to the friendship", but no more.'
    )
    assert statement.speaker.display == "Beijing"
    assert statement.quote == "there is no limit to the friendship"
    assert statement.predicate == 'stressed, "there is no limit to the friendship"'


def test_curly_quotes_and_a_described_as_phrase():
    [statement] = statements_in(
        "Foreign Minister Wang Yi described the two states as “global stabilizers”."
    )
    assert statement.speaker.display == "Wang Yi"
    assert statement.quote == "global stabilizers"
    assert statement.verb == "described"


def test_surname_and_pronoun_mentions_are_attributed_to_the_full_name():
    statements = statements_in(
        "Russian President's Spokesperson Dmitry Peskov spoke to reporters. "
        'Earlier in July, Peskov commenting on the plan also referred to China as an "ally". '
        "He said Moscow enjoys a “special partnership” with Beijing."
    )
    assert [(s.speaker.display, s.mention_form, s.quote) for s in statements if s.quote] == [
        ("Dmitry Peskov", "surname", "ally"),
        ("Dmitry Peskov", "pronoun", "special partnership"),
    ]
    assert statements[1].predicate == 'referred to China as an "ally"'


def test_quote_first_then_speaker():
    [statement] = statements_in(
        "Secretary of State Mike Pompeo visited Paris. “We will not accept this,” Pompeo said."
    )
    assert statement.speaker.display == "Mike Pompeo"
    assert statement.predicate == "said “We will not accept this”"


def test_words_quoted_in_the_passive():
    [statement] = statements_in(
        "Although characterized by President Richard Nixon as “the most "
        "significant agreement in history,” the rates did not last."
    )
    assert statement.speaker.display == "Richard Nixon"
    assert statement.passive
    assert statement.quote == "the most significant agreement in history"


def test_names_in_quotation_marks_are_not_speech():
    statements = statements_in(
        'Peskov welcomed the launch of the "Chang\'e-5" mission. '
        'Russia held the drills of "Vostok-2018".'
    )
    assert all(s.quote is None for s in statements)


def test_a_shared_subject_is_nobody_s_statement_alone():
    assert (
        statements_in("Nixon and Soviet General Secretary Leonid Brezhnev signed the treaty.") == []
    )


def test_told_after_a_quote_is_asked_as_said():
    [statement] = statements_in(
        "“We are ready to talk,” Russian Foreign Minister Sergei Lavrov told reporters in Moscow."
    )
    assert statement.predicate == "said “We are ready to talk”"
