from quizapp.generator.officials import find_officials
from quizapp.generator.sentences import split_sentences


def officials_in(text):
    return {o.display: o for o in find_officials(split_sentences(text))}


def test_title_before_name_in_its_common_forms():
    found = officials_in(
        "Russian President's Spokesperson Dmitry Peskov welcomed the launch. "
        "China's Foreign minister Wang Yi stressed the point. "
        "Peskov commented on Secretary of State Mike Pompeo's proposal. "
        "Secretary of the Treasury John Connally attended."
    )
    assert found["Dmitry Peskov"].titles == ["Russian President's Spokesperson"]
    assert found["Wang Yi"].titles == ["China's Foreign Minister"]
    assert found["Mike Pompeo"].titles == ["Secretary of State"]
    assert found["John Connally"].titles == ["Secretary of the Treasury"]


def test_later_mentions_by_surname():
    found = officials_in(
        "Russian President's Spokesperson Dmitry Peskov spoke on Monday. "
        "Earlier in July, Peskov commenting on the plan referred to China as an ally."
    )
    forms = [m.form for m in found["Dmitry Peskov"].mentions]
    assert forms == ["title-name", "surname"]


def test_a_named_person_later_called_by_title_alone():
    found = officials_in(
        "In October, Vladimir Putin raised the possibility of an alliance. "
        "Beijing responded cautiously to the Russian President's ideas."
    )
    assert found["Vladimir Putin"].titles == ["Russian President"]
    assert "the Russian President" not in found


def test_an_official_known_only_by_title():
    found = officials_in(
        "Turmoil grew in the region. "
        "Many doubted the alliance since Belarusian President suspected Moscow of a plot."
    )
    assert "the Belarusian President" in found
    assert found["the Belarusian President"].name is None


def test_title_after_the_name():
    found = officials_in("Nixon met Mao Zedong, the Chairman of the Central Committee, in Beijing.")
    assert found["Mao Zedong"].titles == ["Chairman of the Central Committee"]


def test_pronoun_after_a_sentence_naming_one_person():
    found = officials_in(
        "In October, Vladimir Putin raised the idea. He stressed that it is theoretical."
    )
    assert [m.form for m in found["Vladimir Putin"].mentions] == ["name", "pronoun"]


def test_names_of_treaties_clubs_and_places_are_not_people():
    found = officials_in(
        "Putin spoke at the Valdai Discussion Club forum. The Sino-Soviet Treaty of "
        "Friendship, Alliance and Mutual Assistance collapsed. Bretton Woods ended."
    )
    assert found == {}


def test_a_long_name_with_particles_and_an_honorific_before_it():
    from quizapp.generator import generate_bank, read_source

    source = read_source(
        "Title\nWire\n2025-01-16\n\n"
        "Thirty hostages will be released in the first phase, Oman’s Prime Minister Sheikh "
        "Khalid bin Hamad bin Saeed Al-Busaidi said.\n\n"
        "“We hope this is the last page of the war,” the prime minister added."
    )
    bank = generate_bank(source)
    who = [q for q in bank["questions"] if q["prompt"].startswith("Who ")]
    assert {q["answer"] for q in who} == {"Khalid bin Hamad bin Saeed Al-Busaidi"}
    assert any(q["prompt"].startswith("Who said that thirty hostages") for q in who)
    titles = [q for q in bank["questions"] if q["prompt"].startswith("What title")]
    assert all(q["answer"] == "Oman’s Prime Minister" for q in titles)


def test_aide_is_a_title_and_a_hyphenated_surname_is_one_person():
    from quizapp.generator import read_source
    from quizapp.generator.facts import extract_facts

    source = read_source(
        "Title\nWire\n2025-05-16\n\n"
        "Presidential Aide Vladimir Medinsky said the swap would take place soon.\n\n"
        "President Abdel Fattah El-Sisi hailed the agreement.\n\n"
        "President Sisi stated that it would help, the Associated Press reported."
    )
    facts = extract_facts(source)
    names = {o.name for o in facts.officials}
    assert {"Vladimir Medinsky", "Abdel Fattah El-Sisi"} <= names
    assert "Sisi" not in names and "Aide Vladimir Medinsky" not in names
