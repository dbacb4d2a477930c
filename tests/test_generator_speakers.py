"""The general speaker finder: subjects of every shape, one short sentence each."""

import datetime as dt

from quizapp.generator import generate_bank, read_source
from quizapp.generator.facts import extract_facts
from quizapp.generator.rules import check_bank


def statements_of(text, published=dt.date(2021, 3, 1)):
    source = read_source(f"Title\nWire\n{published.isoformat()}\n\n{text}")
    return {(s.speaker.display, s.predicate) for s in extract_facts(source).statements}


def speakers_of(text):
    return {speaker for speaker, _ in statements_of(text)}


def test_news_outlets_speak_before_and_after_the_words():
    found = statements_of(
        "Voice of America reported that the talks had stalled.\n\n"
        "“We are close,” Smith said at a news conference, reports the New York Times.\n\n"
        "Putin warned Europe not to torpedo the progress, per the AP.\n\n"
        "Media reports say the two sides have agreed to meet in Geneva."
    )
    speakers = {speaker for speaker, _ in found}
    assert "Voice of America" in speakers
    assert "the New York Times" in speakers
    assert ("the AP", "reported that Putin warned Europe not to torpedo the progress") in found
    assert "Media reports" in speakers


def test_a_report_by_an_outlet_claiming():
    found = statements_of(
        "Asked to comment on a report by Axios claiming the negotiators discussed an informal "
        "deal, Peskov said any extension could only be formal."
    )
    assert ("Axios", "claimed that the negotiators discussed an informal deal") in found


def test_a_document_speaks_for_its_issuer():
    found = statements_of(
        "All the leaders agreed that the penalties should stay, said the statement published "
        "by the White House.\n\n"
        "The fact that no ceasefire held is worrying, said the statement, adding that elections "
        "must be held.\n\n"
        "According to the statement, the participants also made a commitment to cooperate."
    )
    assert found == {
        ("the White House", "said that all the leaders agreed that the penalties should stay"),
        ("the White House", "said that the fact that no ceasefire held is worrying"),
        ("the White House", "said that the participants also made a commitment to cooperate"),
        # what the leaders did, with the statement's credit cut off
        ("all the leaders", "agreed that the penalties should stay"),
    }


def test_a_document_without_a_known_issuer_is_no_speaker():
    assert speakers_of("The fact that no ceasefire held is worrying, said the statement.") == set()


def test_institutions_that_share_a_verb_and_a_credit_after_the_clause():
    found = statements_of(
        "The United States and five European Union (EU) countries expressed their support for "
        "continuing sanctions, the Obama administration announced on Friday."
    )
    assert (
        "the United States and five European Union (EU) countries",
        "expressed their support for continuing sanctions",
    ) in found
    assert "the Obama administration" in {speaker for speaker, _ in found}


def test_listed_countries_and_counted_groups():
    speakers = speakers_of(
        "Belgium, Estonia, France, Germany, Poland and the UK said they were deeply concerned.\n\n"
        "Fourteen EU member states have expelled dozens of Russian diplomats.\n\n"
        "It is known, that France and Germany decided to expel dozens of Russian diplomats."
    )
    assert "Belgium, Estonia, France, Germany, Poland and the UK" in speakers
    assert "Fourteen EU member states" in speakers
    assert "France and Germany" in speakers


def test_institutions_by_name_by_head_and_by_it():
    found = statements_of(
        "The Permanent Court of Arbitration in The Hague ruled that it had jurisdiction.\n\n"
        "Additionally, the court ruled that the projects were harmful.\n\n"
        "The Federal Security Service in Moscow announced the arrest of a diplomat.\n\n"
        "The Foreign Ministry, in a statement yesterday, stressed that Beijing will not accept "
        "any solution. It also accused Manila of political provocation."
    )
    assert (
        "the Permanent Court of Arbitration in The Hague",
        "ruled that it had jurisdiction",
    ) in found
    assert (
        "the Permanent Court of Arbitration in The Hague",
        "ruled that the projects were harmful",
    ) in found
    assert (
        "the Federal Security Service in Moscow",
        "announced the arrest of a diplomat",
    ) in found
    assert ("the Foreign Ministry", "also accused Manila of political provocation") in found


def test_governments_named_by_their_side_and_their_country():
    found = statements_of(
        "British government quickly commented on the detention and said it was a violation of "
        "international law.\n\nAccording to the U.S. side, the expulsion has no legal basis."
    )
    speakers = {speaker for speaker, _ in found}
    assert "British government" in speakers
    assert "the U.S. side" in speakers


def test_a_name_in_apposition_and_a_long_title_before_a_late_name():
    found = statements_of(
        "Iran Foreign Ministry spokeswoman, Marzieh Afkham, said: “Approval of any new "
        "sanctions will end the talks.”\n\n"
        "Russia will respond proportionally, the former Russian president and deputy head of "
        "the security council Dmitry Medvedev said late Monday."
    )
    speakers = {speaker for speaker, _ in found}
    assert "Marzieh Afkham" in speakers
    assert ("Dmitry Medvedev", "said that Russia will respond proportionally") in found


def test_a_surname_after_a_name_with_a_particle():
    found = statements_of(
        "The head of the commission, Judge Anwar al-Assi, announced the results. Assi said "
        "that more than 25 million voters joined the polls."
    )
    assert (
        "Anwar al-Assi",
        "said that more than 25 million voters joined the polls",
    ) in found


def test_pronouns_follow_the_gender_a_first_name_tells():
    found = statements_of(
        "Chinese spokeswoman Hua Chunying met Foreign Minister Sergei Lavrov. Lavrov spoke "
        "first. Marzieh Afkham listened to Lavrov. She said the talks were useful."
    )
    assert ("Marzieh Afkham", "said the talks were useful") in found


def test_a_speaker_reported_by_another():
    found = statements_of(
        "The North's state-run Korean Central News Agency reported Saturday that Kim Kye-gwan "
        "stressed Pyongyang would never trade its nuclear facility."
    )
    speakers = {speaker for speaker, _ in found}
    assert "the North's state-run Korean Central News Agency" in speakers
    assert ("Kim Kye-gwan", "stressed Pyongyang would never trade its nuclear facility") in found


def test_an_agreement_or_a_noun_that_acts_is_no_speaker():
    assert speakers_of("The Dayton Accords put a stop to ethnic violence in the Balkans.") == set()
    assert speakers_of("China recognizes Russian concerns about the alliance.") == set()


def test_new_shapes_keep_the_rules():
    text = (
        "Title\nWire\n2021-03-01\n\n"
        "Belgium, Estonia, France, Germany, Poland and the UK said they were deeply concerned.\n\n"
        "Voice of America reported that the talks had stalled.\n\n"
        "The Permanent Court of Arbitration in The Hague ruled that it had jurisdiction.\n\n"
        "All the leaders agreed that the penalties should stay, said the statement published "
        "by the White House."
    )
    source = read_source(text)
    bank = generate_bank(source)
    assert check_bank(bank, source.text) == []
    prompts = [q["prompt"] for q in bank["questions"]]
    assert "Who ruled that it had jurisdiction?" in prompts


def test_quotations_in_doubled_apostrophes():
    found = statements_of(
        "''There is an understanding on the talks,'' Kremlin spokesman Dmitry Peskov said."
    )
    assert ("Dmitry Peskov", "said “There is an understanding on the talks”") in found


def test_no_statement_without_its_words_or_with_a_bare_object():
    found = statements_of(
        "“The Court declares Azali Assoumani president,” Constitutional Court president Lutfi "
        "Soulamaine said in the capital Moroni.\n\n"
        "The US Senate ratified the treaty in May, and Gorbachev ratified it on 1 June 1988."
    )
    predicates = {predicate for _, predicate in found}
    assert "said in the capital Moroni" not in predicates
    assert not any(predicate.startswith("ratified it") for predicate in predicates)


def test_plural_present_subjects_read_in_the_third_person():
    bank = generate_bank(
        read_source(
            "Title\nWire\n2021-03-01\n\nMedia reports say the two sides have agreed to meet in "
            "Geneva next week.\n\nFourteen EU member states have expelled dozens of Russian "
            "diplomats over the poisoning."
        )
    )
    prompts = {q["prompt"] for q in bank["questions"]}
    assert "Who says the two sides have agreed to meet in Geneva next week?" in prompts
    assert "Who has expelled dozens of Russian diplomats over the poisoning?" in prompts


def test_an_unnamed_spokesperson_told_an_outlet_and_is_referred_back_to():
    found = statements_of(
        "Imposing new sanctions does not mean an end to dialogue, a State Department "
        "spokesperson told Sputnik.\n\n"
        "“We continue to seek positive outcomes,” the spokesperson said on Friday.\n\n"
        "“China neither accepts nor recognizes the award,” a spokesperson for the Chinese Foreign "
        "Ministry said in an official statement released Saturday afternoon."
    )
    assert (
        "a State Department spokesperson",
        "said that imposing new sanctions does not mean an end to dialogue",
    ) in found
    assert ("a State Department spokesperson", "said “We continue to seek positive outcomes”") in (
        found
    )
    assert (
        "a spokesperson for the Chinese Foreign Ministry",
        "said “China neither accepts nor recognizes the award”",
    ) in found


def test_a_counted_group_is_never_offered_against_names_and_no_fact_is_asked_twice():
    text = (
        "Title\nWire\n2021-03-01\n\nVoice of America reported that the talks had stalled.\n\n"
        "KCNA accused the United States of reneging on its promises.\n\n"
        "The two sides agreed to search for a compromise, the envoy said.\n\n"
        "Putin said the two nations had reached an understanding, and he warned Europe not "
        "to torpedo the progress."
    )
    source = read_source(text)
    assert check_bank(generate_bank(source), source.text) == []


def test_a_quotation_runs_on_over_sentences_and_paragraphs():
    found = statements_of(
        'World Bank President Ajay Banga clarified, "There is no provision to suspend it. '
        "The way it was drawn up, it needs to be replaced by another one. "
        'That requires the two countries to want to agree."\n\n'
        '"In fact, the Black Sea agreements ceased to be valid today," Kremlin spokesman '
        "Dmitry Peskov told reporters on Monday.\n\n"
        '"Unfortunately, the part concerning Russia has not been implemented so far."\n\n'
        "We will retaliate in kind, but there will be more. As for the staff of other "
        "countries, it is also a tit-for-tat procedure,” Sergei Lavrov told journalists."
    )
    assert (
        "Ajay Banga",
        "said “The way it was drawn up, it needs to be replaced by another one”",
    ) in found
    assert ("Ajay Banga", "said “That requires the two countries to want to agree”") in found
    assert (
        "Dmitry Peskov",
        "said “Unfortunately, the part concerning Russia has not been implemented so far”",
    ) in found
    assert ("Sergei Lavrov", "said “We will retaliate in kind, but there will be more”") in found


def test_a_new_speaker_or_plain_narration_ends_the_carried_quotation():
    found = statements_of(
        '"We are close to a deal," Peskov said.\n\n'
        "The talks resumed in Geneva after a long pause in the spring.\n\n"
        '"There is no deal until there is a deal."'
    )
    assert not any("no deal until" in predicate for _, predicate in found)


def test_courtesy_titles_without_a_full_stop():
    found = statements_of(
        "Prime Minister Lee Hsien Loong hailed the signing as a milestone.\n\n"
        '"We have all made difficult trade-offs to advance the talks," said Mr Lee.\n\n'
        "But Mr Holbrooke, the envoy, warned that the sides were still far apart."
    )
    speakers = {speaker for speaker, _ in found}
    assert "Lee Hsien Loong" in speakers
    assert "Mr Lee" not in speakers


def test_datelines_with_a_colon_initials_and_acts_of_diplomacy():
    found = statements_of(
        "MOSCOW: Foreign Minister Sergey Lavrov on Tuesday vowed to respond to the expulsions.\n\n"
        "External Affairs Minister S Jaishankar said the soldiers will resume patrolling.\n\n"
        "Turkey has removed its veto for the alliance's expansion."
    )
    speakers = {speaker for speaker, _ in found}
    assert {"Sergey Lavrov", "S Jaishankar", "Turkey"} <= speakers


def test_agents_of_passives_and_where_the_agent_goes_on():
    found = statements_of(
        "The agreement was signed by Eritrean President Isaias Afwerki and Ethiopian Prime "
        "Minister Abiy Ahmed on Monday morning in Asmara.\n\n"
        "But the dialogue is being dismissed by the U.S. State Department as a private channel."
    )
    assert (
        "Isaias Afwerki and Abiy Ahmed",
        "signed the agreement on Monday morning in Asmara",
    ) in found
    assert not any(speaker == "the U.S." for speaker, _ in found)


def test_a_phrase_in_apposition_between_the_name_and_its_verb():
    found = statements_of(
        "Karl Brenner, director of the Office of the Northern Affairs Commission of the Alpine "
        "Workers Party (AWP) Central Committee, congratulated the two sides on the accord.\n\n"
        "Head of the Baltic delegation Juris Ozols, also an adviser to President Anna Berzina, "
        "said on Friday that Riga was satisfied with the talks.\n\n"
        'Hans Vogel, the alliance\'s secretary general, said, "We now have an agreement."'
    )
    assert ("Karl Brenner", "congratulated the two sides on the accord") in found
    assert ("Juris Ozols", "said on Friday that Riga was satisfied with the talks") in found
    assert ("Hans Vogel", 'said, "We now have an agreement"') in found
    assert not any(speaker == "Anna Berzina" for speaker, _ in found)


def test_countries_bodies_and_people_that_share_a_verb():
    found = statements_of(
        "Chile and Peru held the talks to settle their differences through dialogue.\n\n"
        "Both Chile and Peru expressed their gratitude to Ecuador for hosting the rounds.\n\n"
        "Peru and the International Atomic Energy Agency (IAEA) signed an accord in Lima.\n\n"
        "It comes as France, Germany, and the United Kingdom began proceedings to reimpose "
        "sanctions.\n\n"
        "The Chilean and Peruvian foreign ministers met in Quito on a possible treaty."
    )
    speakers = {speaker for speaker, _ in found}
    assert "Chile and Peru" in speakers
    assert "Peru and the International Atomic Energy Agency" in speakers
    assert "France, Germany, and the United Kingdom" in speakers
    assert "the United Kingdom" not in speakers
    assert "the Chilean and Peruvian foreign ministers" in speakers


def test_a_pair_of_people_is_not_its_last_name_alone():
    found = statements_of(
        "Foreign Minister Hans Vogel met reporters in Bern.\n\n"
        "Austria's Karl Brenner and Switzerland's Hans Vogel met in Vienna on Thursday night "
        "and concurred that the border situation was tense."
    )
    speakers = {speaker for speaker, _ in found}
    assert "Austria's Karl Brenner and Switzerland's Hans Vogel" in speakers
    assert (
        "Hans Vogel",
        "met in Vienna on Thursday night and concurred that the border situation was tense",
    ) not in found


def test_governments_act_with_words_of_time_between_auxiliary_and_verb():
    found = statements_of(
        "However, Moscow has since issued fresh demands over the prisoner exchange.\n\n"
        "Manila deliberately beached the naval ship in 1999 to reinforce its claims.\n\n"
        "Japan had earlier this month removed South Korea from its list of trusted partners."
    )
    assert ("Moscow", "has since issued fresh demands over the prisoner exchange") in found
    assert (
        "Manila",
        "deliberately beached the naval ship in 1999 to reinforce its claims",
    ) in found
    assert (
        "Japan",
        "had earlier this month removed South Korea from its list of trusted partners",
    ) in found


def test_a_clause_that_opens_the_sentence_without_a_comma_is_not_asked():
    found = statements_of(
        "When Prime Minister Anna Berzina visited Vilnius in 1992 the atmosphere was hostile."
    )
    assert found == set()


def test_groups_that_may_be_the_same_people_are_not_offered_against_each_other():
    source = read_source(
        "Title\nWire\n2021-03-01\n\n"
        "The Chilean and Peruvian foreign ministers have agreed that their troops should pull "
        "back from the border.\n\n"
        "Chile's Ana Soto and Peru's Luis Vera met in Quito on Thursday and concurred that the "
        "situation was tense.\n\n"
        "The foreign ministers did not set any timeline for the withdrawal of the troops."
    )
    bank = generate_bank(source)
    who = [q for q in bank["questions"] if q["prompt"].startswith("Who ")]
    assert who
    for question in who:
        assert question["type"] == "short_answer", question
    assert check_bank(bank, source.text) == []


def test_agents_of_participles_and_relative_clauses():
    found = statements_of(
        "US President Tom Reed met reporters in Oslo.\n\n"
        "The pact, which was brokered by the UN and Turkey in 2022, aimed at easing exports.\n\n"
        "Chile and Peru signed historic agreements with Bolivia today in a ceremony overseen "
        "by Tom Reed.\n\n"
        "Signed in 1960 and brokered by the World Bank, the Andes Waters Treaty governs the "
        "allocation of water.\n\n"
        "The signing ceremony was witnessed by the Chairman of the Sovereign Council, Gen. "
        "Omar al-Rashid, and Prime Minister Amin Hamdi.\n\n"
        "The talks were hosted by African Union chairperson Musa Ali in Addis Ababa."
    )
    assert ("the UN and Turkey", "brokered the pact in 2022") in found
    assert (
        "Tom Reed",
        "oversaw the ceremony in which Chile and Peru signed historic agreements with Bolivia "
        "today",
    ) in found
    assert ("the World Bank", "brokered the Andes Waters Treaty") in found
    assert ("Omar al-Rashid and Amin Hamdi", "witnessed the signing ceremony") in found
    assert not any(speaker == "African Union" for speaker, _ in found)


def test_a_text_or_its_article_says_what_it_states_where_no_issuer_is_named():
    source = read_source(
        "Title\nWire\n2021-03-01\n\n"
        "Article IX of the treaty explicitly states that it can only be ended by mutual "
        "agreement.\n\n"
        "The signed memorandum states that the three countries will support each other.\n\n"
        "The fact that no ceasefire held is worrying, the statement said."
    )
    found = {(s.speaker.display, s.predicate) for s in extract_facts(source).statements}
    assert (
        "Article IX of the treaty",
        "explicitly states that it can only be ended by mutual agreement",
    ) in found
    assert (
        "the signed memorandum",
        "states that the three countries will support each other",
    ) in found
    assert not any(speaker == "the statement" for speaker, _ in found)
    bank = generate_bank(source)
    asked = [q for q in bank["questions"] if q["answer"] == "Article IX of the treaty"]
    assert asked and asked[0]["prompt"].startswith("What explicitly states")
    assert asked[0]["type"] == "short_answer"


def test_an_envoy_known_by_office_and_a_statement_by_its_issuer():
    found = statements_of(
        "Moscow's ambassador to Belarus separately said that a note had been sent to Kyiv.\n\n"
        '"Direct dialogue is the best way to a durable peace," a statement by the Department '
        "of State noted."
    )
    assert (
        "Moscow's ambassador to Belarus",
        "separately said that a note had been sent to Kyiv",
    ) in found
    assert (
        "the Department of State",
        "noted “Direct dialogue is the best way to a durable peace”",
    ) in found


def test_a_surname_that_speaks_twice_is_a_person_and_dashes_close_no_clause():
    found = statements_of(
        "Speaking at the start of the meeting, Reed said he and Foreign Ministers Ana Soto "
        "and Luis Vera will take stock.\n\n"
        '"I believe both countries are very close," he said.\n\n'
        "Earlier in June, Reed reportedly told Soto that the conflict should be settled.\n\n"
        "Foreign Minister Luis Vera has said that the documents initialled in Quito — a joint "
        "declaration and a draft treaty — are grounded in mutual interests."
    )
    assert ("Reed", "said “I believe both countries are very close”") in found
    assert (
        "Reed",
        "reportedly told Soto that the conflict should be settled",
    ) in found
    assert (
        "Luis Vera",
        "has said that the documents initialled in Quito — a joint declaration and a draft "
        "treaty — are grounded in mutual interests",
    ) in found


def test_a_named_subject_acts_with_any_past_verb_or_will():
    found = statements_of(
        "The American mediator Amos Hochstein arrived in Lebanon to finalize the agreement.\n\n"
        "The Parties will then submit the maritime coordinates to the United Nations.\n\n"
        "The U.S. in turn agreed to roll back tariffs on Chinese goods.\n\n"
        "Haig emphasized the border threat that the Soviet Union posed to China.\n\n"
        "The two sides appeared to have given up on a compromise."
    )
    assert ("Amos Hochstein", "arrived in Lebanon to finalize the agreement") in found
    assert ("the parties", "will then submit the maritime coordinates to the United Nations") in (
        found
    )
    assert ("the U.S.", "agreed to roll back tariffs on Chinese goods") in found
    speakers = {speaker for speaker, _ in found}
    assert "the Soviet Union" not in speakers  # a relative clause, not a clause of its own
    assert "the two sides" not in speakers  # "appeared" says what they seemed, not did


def test_two_people_each_with_a_title_in_apposition_share_the_verb():
    found = statements_of(
        "In a triumph of hope over history, Yitzhak Rabin, the Prime Minister of Israel, and "
        "Yasir Arafat, the chairman of the P.L.O., shook hands on the White House lawn."
    )
    assert ("Yitzhak Rabin and Yasir Arafat", "shook hands on the White House lawn") in found


def test_given_names_that_look_like_pronouns_and_openings_with_ahead():
    found = statements_of(
        "President Donald Trump and Chinese Vice Premier Liu He signed the accord.\n\n"
        "Ahead of the meeting, Prime Minister Yair Lapid said the deal \"strengthens Israel's "
        'security."'
    )
    assert ("Donald Trump and Liu He", "signed the accord") in found
    assert "Yair Lapid" in {speaker for speaker, _ in found}


def test_a_credit_last_week_is_cut_and_generic_groups_are_never_distractors():
    text = (
        "The Philippines and China have agreed to set up new lines of communication after both "
        "countries resumed talks on the waterway, the DFA said last week.\n\n"
        "Manila and Beijing held talks in May.\n\n"
        "The agency said the talks were useful."
    )
    found = statements_of(text)
    assert ("both countries", "resumed talks on the waterway") in found
    source = read_source(f"Title\nWire\n2021-03-01\n\n{text}")
    bank = generate_bank(source)
    for question in bank["questions"]:
        choices = question.get("choices") or []
        if question["answer"] == "both countries":
            assert not {"Manila and Beijing", "the Philippines and China"} & set(choices)
    assert check_bank(bank, source.text) == []


def test_described_countries_acronyms_with_appositions_and_parties_to_a_treaty():
    found = statements_of(
        "NATO member Turkey lifted its veto on Finland's bid on Tuesday.\n\n"
        "The FARC, a Marxist guerrilla group, launched its war on the government in 1964.\n\n"
        "The agreement comes after the M23, an ethnic Tutsi rebel force linked to Rwanda, "
        "sprinted across the east of the DRC this year.\n\n"
        "The parties to the agreement agreed to assist in repatriating the remains of the dead."
    )
    assert ("Turkey", "lifted its veto on Finland's bid on Tuesday") in found
    assert ("the FARC", "launched its war on the government in 1964") in found
    assert ("the M23", "sprinted across the east of the DRC this year") in found
    assert (
        "the parties to the agreement",
        "agreed to assist in repatriating the remains of the dead",
    ) in found


def test_agents_after_a_place_or_a_day_and_agents_named_by_what_they_are():
    found = statements_of(
        "A deal ending the border dispute between Israel and Lebanon was signed and approved "
        "on Thursday by representatives of the respective governments at Naqura.\n\n"
        "Hailed by all three parties, the deal was signed separately in Jerusalem by Prime "
        "Minister Yair Lapid following his cabinet's approval.\n\n"
        "Ambassador Jeffrey DeLaurentis is chargé d'affaires till a head of mission is "
        "appointed by the president."
    )
    assert (
        "representatives of the respective governments",
        "signed a deal ending the border dispute between Israel and Lebanon at Naqura",
    ) in found
    assert ("Yair Lapid", "signed the deal") in found
    assert not any(predicate.startswith("appointed") for _, predicate in found)


def test_a_quotation_after_a_paragraph_that_ends_saying():
    found = statements_of(
        "Prime Minister Yair Lapid addressed a special Cabinet meeting, saying:\n\n"
        '"This is a tremendous achievement for the State of Israel and its government."'
    )
    assert ("Yair Lapid", "addressed a special Cabinet meeting") in found
    assert (
        "Yair Lapid",
        "said “This is a tremendous achievement for the State of Israel and its government”",
    ) in found


def test_groups_of_governments_movements_and_the_leaders_of_two_countries():
    found = statements_of(
        "The Sudanese transitional government and armed opposition groups signed the initial "
        "peace agreement in Juba on Monday.\n\n"
        "The leaders of North and South Korea on Friday agreed to pursue denuclearization.\n\n"
        "DOHA, Qatar — Mediator Qatar said Wednesday that Israel and Hamas had agreed to a "
        "ceasefire in Gaza.\n\n"
        "Colombia's second-largest rebel force, the leftist National Liberation Army (ELN), "
        "agreed to hold fire ahead of the referendum.\n\n"
        "At the Royal Court, the prince received the PM, and a guard of honor was presented by "
        "the Saudi Armed Forces."
    )
    assert (
        "the Sudanese transitional government and armed opposition groups",
        "signed the initial peace agreement in Juba on Monday",
    ) in found
    assert ("the leaders of North and South Korea", "agreed to pursue denuclearization") in found
    assert ("Qatar", "said Wednesday that Israel and Hamas had agreed to a ceasefire in Gaza") in (
        found
    )
    assert ("Israel and Hamas", "had agreed to a ceasefire in Gaza") in found
    assert (
        "the leftist National Liberation Army",
        "agreed to hold fire ahead of the referendum",
    ) in found
    assert ("the Saudi Armed Forces", "presented a guard of honor") in found


def test_documents_that_highlight_clauses_that_state_and_mixed_quotation_marks():
    found = statements_of(
        "A key clause of the agreement states that any aggression against one country will be "
        "an aggression against both.\n\n"
        "Prime Minister Tony Blair arrived in Belfast.\n\n"
        'Mr Blair said that "in the past few days, political will had met an immovable object”.'
    )
    assert (
        "key clause of the agreement",
        "states that any aggression against one country will be an aggression against both",
    ) in found
    assert (
        "Tony Blair",
        "said that “in the past few days, political will had met an immovable object”",
    ) in found


def test_korean_names_by_family_name_and_a_credit_with_a_name_in_apposition():
    found = statements_of(
        "South Korean President Moon Jae In and North Korean leader Kim Jong Un met.\n\n"
        '"The new era of peace has finally opened," Moon told reporters through a translator '
        "while standing alongside Kim. Kim, who became the first North Korean ruler to cross "
        "over to the southern side of the border of the two countries, said the summit will "
        '"turn a new page."\n\n'
        "Once the agreement is signed, the EU is to suspend the FARC from its list of terrorist "
        "organizations, the bloc’s ambassador in Bogota, Ana Paula Zacarias, told RCN television."
    )
    assert ("Moon Jae In", "said “The new era of peace has finally opened”") in found
    assert ("Kim Jong Un", 'said the summit will "turn a new page"') in found
    assert ("the EU", "is to suspend the FARC from its list of terrorist organizations") in found


def test_a_title_alone_is_never_offered_against_a_holder_of_a_like_title():
    source = read_source(
        "Title\nWire\n2024-08-11\n\n"
        "The Angolan Minister of Foreign Affairs Téte António said on Sunday that there is "
        "political will to comply with the ceasefire.\n\n"
        "President João Lourenço held a meeting in Kigali with President Paul Kagame.\n\n"
        "European Commission President Ursula von der Leyen welcomed the talks.\n\n"
        "The foreign Minister said that the occasion also served to review cooperation.\n\n"
        "Trump offered praise to cabinet members and officials involved in the talks."
    )
    bank = generate_bank(source)
    for question in bank["questions"]:
        if question["answer"] == "the Foreign Minister":
            assert "Téte António" not in (question.get("choices") or [])
        assert question["answer"] != "Ursula"
        assert not question["prompt"].startswith("Who involved")
    assert check_bank(bank, source.text) == []


def test_did_not_and_an_opening_with_prior_to():
    found = statements_of(
        "The Chinese Embassy in Manila did not immediately respond to a request for comment.\n\n"
        "Secretary of State Antony Blinken arrived in Washington.\n\n"
        "Prior to the meeting, Blinken, in remarks, said that direct dialogue is the best way to "
        "peace."
    )
    assert (
        "the Chinese Embassy in Manila",
        "did not immediately respond to a request for comment",
    ) in found
    assert ("Antony Blinken", "said that direct dialogue is the best way to peace") in found


def test_a_surname_named_once_after_the_quotation_it_closes_is_a_person():
    found = statements_of(
        "“I am convinced that this agreement has avoided a crisis,” said Erdogan at a joint "
        "press conference.\n\n"
        "“Russia will take the necessary measures,” he said."
    )
    assert ("Erdogan", "said “I am convinced that this agreement has avoided a crisis”") in found
    assert ("Erdogan", "said “Russia will take the necessary measures”") in found


def test_a_word_the_text_uses_for_a_group_is_no_person_after_a_quotation():
    source = read_source(
        "Title\nWire\n2021-03-01\n\n"
        "Hamas fighters left the city on Monday.\n\n"
        "“We accept the truce,” said Hamas in a statement."
    )
    people = [o.name for o in extract_facts(source).officials if o.kind == "person"]
    assert "Hamas" not in people


def test_a_full_name_before_and_and_a_titled_partner_and_a_name_with_particles():
    found = statements_of(
        "Rishi Sunak and European Commission President Ursula von der Leyen have agreed a deal "
        "on the protocol.\n\n"
        "Ms von der Leyen called the deal “historic” and said it opens a new chapter.\n\n"
        "Labour leader Sir Keir Starmer said his party would support the deal.\n\n"
        "Sir Keir told the Commons: “The protocol will never be perfect.”"
    )
    assert ("Rishi Sunak and Ursula von der Leyen", "have agreed a deal on the protocol") in found
    assert (
        "Ursula von der Leyen",
        "called the deal “historic” and said it opens a new chapter",
    ) in found
    speakers = {speaker for speaker, _ in found}
    assert "Keir Starmer" in speakers
    assert not any(speaker.startswith("Sir") for speaker in speakers)


def test_groups_named_with_whose_they_are():
    found = statements_of(
        "After 158 meetings spread over two years, the representatives of the United Nations "
        "Command and the Korean People's Army reached agreement for an armistice.\n\n"
        "The Ethiopian government and regional forces from Tigray agreed on Wednesday to cease "
        "hostilities.\n\n"
        "Just over a week after formal peace talks began in Pretoria, delegates from both sides "
        "signed an agreement.\n\n"
        "Foreign secretaries of the two nations signed a protocol in the presence of the "
        "premiers.\n\n"
        "A year later, both sides had agreed to cease-fire talks.\n\n"
        "On 30th November the representatives announced that they had reached agreement on all "
        "fourteen articles."
    )
    assert (
        "the representatives of the United Nations Command and the Korean People's Army",
        "reached agreement for an armistice",
    ) in found
    assert (
        "the Ethiopian government and regional forces from Tigray",
        "agreed on Wednesday to cease hostilities",
    ) in found
    assert ("delegates from both sides", "signed an agreement") in found
    assert (
        "foreign secretaries of the two nations",
        "signed a protocol in the presence of the premiers",
    ) in found
    assert ("both sides", "had agreed to cease-fire talks") in found
    assert (
        "the representatives",
        "announced that they had reached agreement on all fourteen articles",
    ) in found


def test_movements_and_governments_under_a_leader():
    found = statements_of(
        "The Indonesian government and the Free Aceh Movement (GAM) signed the agreement in "
        "Helsinki.\n\n"
        "The Free Aceh Movement promised to demobilize its troops.\n\n"
        "MANILA, Philippines — The government under President Benigno Aquino III and the Moro "
        "Islamic Liberation Front (MILF) signed the deal on Thursday."
    )
    assert (
        "the Indonesian government and the Free Aceh Movement",
        "signed the agreement in Helsinki",
    ) in found
    assert ("the Free Aceh Movement", "promised to demobilize its troops") in found
    assert (
        "the government under President Benigno Aquino III and the Moro Islamic Liberation Front",
        "signed the deal on Thursday",
    ) in found


def test_a_capitalised_dateline_with_a_comma_and_a_title_after_the_closing_name():
    found = statements_of(
        "UNITED NATIONS, The Yemeni government and Houthi rebels have largely honoured their "
        "commitments, said Martin Griffiths, the United Nations special envoy to Yemen."
    )
    assert (
        "Martin Griffiths",
        "said that the Yemeni government and Houthi rebels have largely honoured their commitments",
    ) in found


def test_participles_and_reduced_relatives_make_no_subject():
    found = statements_of(
        "All parties represented in Congress should be determined to work for peace.\n\n"
        "They include a faction of the movement — SPLM-N led by Abdelazuz al-Hilu.\n\n"
        "The governments of the twelve original nations each ratified the treaty."
    )
    assert not any(predicate.startswith(("represented", "led")) for _, predicate in found)
    assert ("the governments of the twelve original nations", "ratified the treaty") in found


def test_agents_of_what_the_main_clause_is_about_and_of_a_thing_named_before():
    found = statements_of(
        "Indonesian President Susilo Bambang Yudhoyono spoke on Monday. The signing ceremony in "
        "Helsinki was transmitted live to Jakarta, where it was witnessed by Indonesian President "
        "Susilo Bambang Yudhoyono.\n\n"
        "The meeting, chaired by the Angolan Minister of Foreign Affairs, Téte António, brings "
        "together the ministers of the two countries.\n\n"
        "The Sept. 19, 2005 agreement signed by the United States, North Korea, Japan, South "
        "Korea, China and Russia states that North Korea will abandon its nuclear programs.\n\n"
        "The peace talks were mediated by Álvaro de Soto, the special representative of the UN "
        "Secretary-General.\n\n"
        "The document was signed by nearly all the states of Europe (including the Holy See)."
    )
    assert ("Susilo Bambang Yudhoyono", "witnessed the signing ceremony in Helsinki") in found
    assert ("Téte António", "chaired the meeting") in found
    assert (
        "the United States, North Korea, Japan, South Korea, China and Russia",
        "signed the Sept. 19, 2005 agreement",
    ) in found
    assert ("Álvaro de Soto", "mediated the peace talks") in found
    assert ("nearly all the states of Europe", "signed the document") in found


def test_a_future_passive_and_an_agent_that_goes_on_with_and():
    found = statements_of(
        "The accord will be welcomed by the United States, which has been keen on it.\n\n"
        "The talks are part of an agreement reached by President Joe Biden and his Russian "
        "counterpart, Vladimir Putin."
    )
    assert ("the United States", "will welcome the accord") in found
    assert not any(speaker == "Joe Biden" for speaker, _ in found)


def test_doers_named_after_what_they_did():
    found = statements_of(
        "President Filipe Nyusi met Renamo leader Ossufo Momade. This accord follows the "
        "agreement on a cessation of hostilities that Nyusi and Momade signed in Gorongosa last "
        "Thursday.\n\n"
        "Prime Minister Indira Gandhi met President Zulfikar Ali Bhutto. A compromise emerged "
        "after two rounds of talks Gandhi and Bhutto held earlier in the day."
    )
    assert (
        "Nyusi and Momade",
        "signed the agreement on a cessation of hostilities in Gorongosa last Thursday",
    ) in found
    assert (
        "Gandhi and Bhutto",
        "held two rounds of talks earlier in the day",
    ) in found


def test_a_speaking_pronoun_goes_to_the_speaker_not_to_a_name_inside_the_words():
    found = statements_of(
        "EU foreign policy chief Josep Borrell hosted Serbian President Aleksandar Vucic.\n\n"
        "“President Vucic and Prime Minister Kurti have agreed on the proposal,” Borrell said.\n\n"
        "He said technical discussions will continue in March.\n\n"
        "“The activation of the committee is welcome, and I urge both parties to engage with "
        "Gen. Patrick Cammaert and his team,” he said.\n\n"
        "The United Nations has deployed a team to Hodeidah, under the leadership of Patrick "
        "Cammaert of the Netherlands, he said."
    )
    assert ("Josep Borrell", "said technical discussions will continue in March") in found
    assert not any(
        speaker in ("Aleksandar Vucic", "Patrick Cammaert") and predicate.startswith("said")
        for speaker, predicate in found
    )


def test_a_quotation_closed_before_its_full_stop_runs_on_and_today_in_it_is_no_date():
    source = read_source(
        "Title\nWire\n2019-08-08\n\n"
        "Mozambican President Filipe Nyusi signed the accord.\n\n"
        '"Today is a day for celebrating concord among Mozambicans", said Nyusi. "Today '
        'politics has overcome the abyss of division and violence".'
    )
    facts = extract_facts(source)
    found = {(s.speaker.display, s.predicate) for s in facts.statements}
    assert (
        "Filipe Nyusi",
        "said “Today politics has overcome the abyss of division and violence”",
    ) in found
    assert not any(d.sentence > 0 for d in facts.dates)


def test_quotations_in_doubled_backticks_end_their_sentence():
    source = read_source(
        "Title\nWire\n2006-11-22\n\n"
        "The deal was postponed as both sides said more time was needed for ``further "
        "homework.'' Top leaders of the seven-party alliance and the rebels signed the deal. "
        "``This ends the more than one decade of civil war,'' Mr. Prachanda said after "
        "signing the deal."
    )
    facts = extract_facts(source)
    assert len(facts.sentences) == 3
    found = {(s.speaker.display, s.predicate) for s in facts.statements}
    assert ("Prachanda", "said “This ends the more than one decade of civil war”") in found
    assert (
        "top leaders of the seven-party alliance and the rebels",
        "signed the deal",
    ) in found
