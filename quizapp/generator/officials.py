"""Find officials: people with their titles, and later mentions of them.

Forms handled: "Russian President's Spokesperson Dmitry Peskov" (title before
the name), "Mao Zedong, the Chairman of ..." (title after it), a full name
later repeated by surname ("Peskov"), a named person later called by title
alone ("Vladimir Putin ... Russian President"), an unnamed official known only
by title ("Belarusian President"), and "He"/"She" right after a sentence that
names one person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import (
    ADVERBS,
    AUXILIARIES,
    COUNTRIES,
    COURTESY_TITLES,
    FEMALE_FIRST_NAMES,
    FUNCTION_WORDS,
    GOVERNMENT_SEATS,
    IRREGULAR_PAST,
    LEADER_TITLES,
    MALE_FIRST_NAMES,
    MONTHS,
    NATIONALITIES,
    NON_PERSON_WORDS,
    NOT_VERBS,
    REPORTING_VERBS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    WEEKDAYS,
)
from .sentences import Sentence, Token

PERSON_CUES = {
    "successor",
    "predecessor",
    "counterpart",
    "rival",
    "critic",
    "aide",
    "historian",
    "candidate",
    "wife",
    "husband",
    "son",
    "daughter",
    "father",
    "mother",
    "brother",
    "sister",
    "widow",
    "ally",
    "opponent",
    "challenger",
}


@dataclass
class Mention:
    sentence: int
    start: int  # whole mention, title included, within the sentence
    end: int
    name_start: int  # the name (or, for a bare title, the title)
    name_end: int
    form: str  # 'title-name', 'name-title', 'name', 'surname', 'title', 'pronoun'
    title: str | None = None
    possessive: bool = False
    attributive: bool = False  # "the Trump administration": a name used as a modifier


@dataclass
class Official:
    name: str | None  # None for an official known only by title
    titles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    kind: str = "person"  # 'person', 'institution' (a country or capital), 'body' or 'group'
    members: list[Official] = field(default_factory=list)  # a shared subject's people

    @property
    def key(self) -> str:
        if self.members:
            return " & ".join(member.key for member in self.members)
        return (self.name or self.titles[0]).lower()

    @property
    def display(self) -> str:
        if self.members:
            names = [member.display for member in self.members]
            return ", ".join(names[:-1]) + " and " + names[-1]
        if self.name and self.kind == "group":
            # "The foreign ministers of Rwanda and DR Congo," read as a subject
            name = self.name.rstrip(" ,;:")
            return "the " + name[4:] if name.startswith("The ") else name
        if self.name:
            return self.name
        if _POSSESSIVE.search(self.titles[0].split()[0]):
            return self.titles[0]  # "Iran's Foreign Minister", not "the Iran's ..."
        return f"the {self.titles[0]}"

    @property
    def surname(self) -> str | None:
        if self.members:
            return " ".join(member.surname or "" for member in self.members)
        return self.name.split()[-1] if self.name and self.kind == "person" else None

    @property
    def name_forms(self) -> list[str]:
        """Strings that identify this official in a text, longest first."""
        if self.members:
            return [form for member in self.members for form in member.name_forms]
        if not self.name:
            return list(self.titles)
        if self.kind != "person":
            return [self.name]
        words = self.name.split()
        forms = [self.name]
        if len(words) > 1:
            forms += [words[-1], words[0]]
        return forms


# --- token classes ----------------------------------------------------------

# Latin letters with accents too (U+00C0-00DE, U+0100-017F): "Álvaro", "Erdoğan", "Milošević".
_NAME_WORD = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ž][A-Za-zÀ-ÖØ-öø-ÿĀ-ž'’\-]*[a-zà-öø-ÿĀ-ž]$")
_INITIALS = re.compile(r"^(?:[A-Z]\.)+$")
_PARTICLE_NAME = re.compile(r"^(?:al|el|ad|as|ash|an|ibn|bin|abu)-[A-Z][a-zà-öø-ÿ]+$")
_POSSESSIVE = re.compile(r"(?:'s|’s|s'|s’)$")


def strip_possessive(word: str) -> str:
    if word.endswith(("'s", "’s")):
        return word[:-2]
    if word.endswith(("s'", "s’")):
        return word[:-1]
    return word


def is_title_head(word: str) -> bool:
    lower = strip_possessive(word).lower()
    return lower in TITLE_HEADS or (lower.endswith("s") and lower[:-1] in TITLE_HEADS)


def _plain(word: str) -> str:
    return strip_possessive(word).lower()


def is_name_word(token: Token) -> bool:
    word = strip_possessive(token.text)
    if not _NAME_WORD.match(word):
        return False
    lower = word.lower()
    return not (
        is_title_head(word)
        or lower in TITLE_MODIFIERS
        or lower in NATIONALITIES
        or lower in COUNTRIES
        or lower in GOVERNMENT_SEATS
        or lower in NON_PERSON_WORDS
        or lower in MONTHS
        or lower in WEEKDAYS
        or lower in FUNCTION_WORDS
        or lower in ADVERBS
        or lower.rstrip("s") in NATIONALITIES
    )


def is_verb(word: str) -> bool:
    lower = word.lower()
    if not word[:1].islower():
        return False
    if lower in AUXILIARIES:
        return True
    if lower in NOT_VERBS:
        return False
    return (
        lower in AUXILIARIES
        or lower in REPORTING_VERBS
        or lower in IRREGULAR_PAST
        or (lower.endswith("ed") and len(lower) > 4)
    )


# --- the finder -------------------------------------------------------------


@dataclass
class _Candidate:
    sentence: Sentence
    first: int  # token indexes, inclusive
    last: int

    @property
    def words(self) -> list[str]:
        return [t.text for t in self.sentence.tokens[self.first : self.last + 1]]

    @property
    def name(self) -> str:
        text = self.sentence.text[
            self.sentence.tokens[self.first].start : self.sentence.tokens[self.last].end
        ]
        return strip_possessive(text)


def find_officials(sentences: list[Sentence]) -> list[Official]:
    candidates = [c for s in sentences for c in _name_runs(s)]
    verb_subjects = {
        _plain(c.words[0])
        for c in candidates
        if len(c.words) == 1
        and (
            _followed_by_verb(c.sentence, c.last) or _first_of_compound_subject(c.sentence, c.last)
        )
    }
    people: dict[str, Official] = {}
    by_surname: dict[str, list[Official]] = {}
    claimed: dict[int, list[tuple[int, int]]] = {}  # sentence -> token spans used

    def person_for(name: str) -> Official:
        surname = name.split()[-1].lower()
        for known in by_surname.get(surname, []):
            if _same_person(known.name or "", name):
                return known
        official = Official(name=name)
        people[name.lower()] = official
        by_surname.setdefault(surname, []).append(official)
        return official

    # Full names, with a title before or after them. A name without evidence of its own
    # waits for the whole text: "“...,” said Wang Wenbin." before "spokesperson Wang Wenbin".
    full_names = [c for c in candidates if len(c.words) >= 2]
    waiting: list[_Candidate] = []
    for candidate in _then(full_names, waiting):
        sentence = candidate.sentence
        title, title_first = _title_before_name(sentence, candidate.first, candidate.last)
        after_title, after_last = _title_after(sentence, candidate.last)
        evidence = (
            title
            or after_title
            or _followed_by_verb(sentence, candidate.last)
            or verb_after_appositive(sentence.tokens, candidate.last) is not None
            or _preceded_by_cue(sentence, candidate.first)
            or _after_quotation_verb(sentence, candidate.first)
            or _after_title_and_comma(sentence, candidate.first)
            or _plain(candidate.words[-1]) in verb_subjects
            or _shares_verb_with_partner(sentence, candidate.last)
            or any(  # named with a title before: "..., said Dmitry Peskov."
                _same_person(known.name or "", candidate.name)
                for known in by_surname.get(_plain(candidate.words[-1]), [])
            )
        )
        if not evidence:
            waiting.append(candidate)
            continue
        if _inside_organisation(sentence, candidate.first, candidate.last):
            continue
        official = person_for(candidate.name)
        tokens = sentence.tokens
        start_index = title_first if title else candidate.first
        end_index = after_last if after_title and not title else candidate.last
        form = "title-name" if title else ("name-title" if after_title else "name")
        given = title or after_title
        if given and given.lower() not in (t.lower() for t in official.titles):
            official.titles.append(given)
        official.mentions.append(
            Mention(
                sentence=sentence.index,
                start=tokens[start_index].start,
                end=tokens[end_index].end,
                name_start=tokens[candidate.first].start,
                name_end=tokens[candidate.last].end,
                form=form,
                title=given,
                possessive=bool(_POSSESSIVE.search(tokens[candidate.last].text)),
            )
        )
        claimed.setdefault(sentence.index, []).append((start_index, end_index))

    # A title with a surname alone: "President Biden", "Secretary Kerry", "Mr. Kerry".
    for candidate in candidates:
        if len(candidate.words) != 1 or _is_claimed(claimed, candidate):
            continue
        sentence = candidate.sentence
        word = _plain(candidate.words[0])
        title, title_first = _title_before(sentence, candidate.first, allow_courtesy=True)
        if title is None:
            continue
        known = by_surname.get(word, [])
        courtesy = title.lower() in COURTESY_TITLES
        if not known:
            # "Mr Lee" for "Lee Hsien Loong", "President Xi" for "Xi Jinping": a family name
            # written first.
            known = [
                o
                for o in people.values()
                if o.name
                and (
                    _plain(o.name.split()[0]) == word
                    or word in re.split(r"[\s\-]", o.name.lower())  # "Sisi", "El-Sisi"
                )
            ]
        if len(known) > 1:
            continue
        if (
            courtesy
            and not known
            and not (
                _followed_by_verb(sentence, candidate.last) or _speaks(sentence, candidate.last)
            )
        ):
            continue  # "Mr. Smith" alone says nothing of an office, unless Mr. Smith speaks
        official = known[0] if known else person_for(strip_possessive(candidate.words[0]))
        if not courtesy and title.lower() not in (t.lower() for t in official.titles):
            official.titles.append(title)
        tokens = sentence.tokens
        official.mentions.append(
            Mention(
                sentence=sentence.index,
                start=tokens[title_first].start,
                end=tokens[candidate.last].end,
                name_start=tokens[candidate.first].start,
                name_end=tokens[candidate.last].end,
                form="title-surname",
                title=None if courtesy else title,
                possessive=bool(_POSSESSIVE.search(tokens[candidate.last].text)),
            )
        )
        claimed.setdefault(sentence.index, []).append((title_first, candidate.last))

    # Later mentions by surname (or by the first word of a two-word name, as
    # with Chinese names: "Wang Yi" ... "Wang").
    first_words: dict[str, list[Official]] = {}
    for official in people.values():
        words = (official.name or "").split()
        if len(words) == 2 or (len(words) == 3 and len(words[-1]) <= 3):
            # "Kim Jong Un" ... "Kim", "Moon Jae In" ... "Moon": the family name first
            first_words.setdefault(words[0].lower(), []).append(official)
    for candidate in candidates:
        if len(candidate.words) != 1:
            continue
        word = _plain(candidate.words[0])
        matches = by_surname.get(word) or first_words.get(word) or []
        if len(matches) != 1 or _is_claimed(claimed, candidate):
            continue
        sentence = candidate.sentence
        token = sentence.tokens[candidate.first]
        matches[0].mentions.append(
            Mention(
                sentence=sentence.index,
                start=token.start,
                end=token.end,
                name_start=token.start,
                name_end=token.end,
                form="surname",
                possessive=bool(_POSSESSIVE.search(token.text)),
                attributive=_used_as_modifier(sentence, candidate.last),
            )
        )

    # A surname alone that speaks more than once ("Blinken said ... Blinken reportedly told"):
    # a person the text never names in full.
    # A surname named once after the quotation it closes ("“...,” said Erdogan") speaks as
    # surely as one that speaks twice, unless the text uses the word for a group elsewhere
    # ("Renamo fighters", "the Hamas leader").
    speaking: dict[str, int] = {}
    groups = _group_modifiers(sentences)
    for candidate in candidates:
        if len(candidate.words) == 1 and not _is_claimed(claimed, candidate):
            word = _plain(candidate.words[0])
            if _speaks(candidate.sentence, candidate.last):
                speaking[word] = speaking.get(word, 0) + 1
            elif _closes_quotation(candidate.sentence, candidate.first) and word not in groups:
                speaking[word] = speaking.get(word, 0) + 2
    for candidate in candidates:
        word = _plain(candidate.words[0])
        if (
            len(candidate.words) != 1
            or speaking.get(word, 0) < 2
            or word in by_surname
            or any(word in re.split(r"[\s\-]", (o.name or "").lower()) for o in people.values())
            or _is_claimed(claimed, candidate)
            or not _lone_name(candidate.words[0])
        ):
            continue
        official = person_for(strip_possessive(candidate.words[0]))
        token = candidate.sentence.tokens[candidate.first]
        official.mentions.append(
            Mention(
                sentence=candidate.sentence.index,
                start=token.start,
                end=token.end,
                name_start=token.start,
                name_end=token.end,
                form="surname",
                possessive=bool(_POSSESSIVE.search(token.text)),
            )
        )

    officials = list(people.values())
    officials += _bare_titles(sentences, officials, claimed)
    _add_pronouns(sentences, officials)
    for official in officials:
        official.mentions.sort(key=lambda m: (m.sentence, m.start))
    officials.sort(
        key=lambda o: (o.mentions[0].sentence, o.mentions[0].start) if o.mentions else (0, 0)
    )
    return [o for o in officials if o.mentions]


def _then(first: list[_Candidate], waiting: list[_Candidate]):
    """The candidates of `first`, then those set aside in `waiting` meanwhile, once each."""
    yield from first
    yield from list(waiting)
    waiting.clear()


def _name_runs(sentence: Sentence) -> list[_Candidate]:
    """Runs of capitalised name words, initials allowed inside ('Richard M. Nixon')."""
    runs = []
    tokens = sentence.tokens
    index = 0
    while index < len(tokens):
        if not is_name_word(tokens[index]) or (index == 0 and tokens[index].text in {"He", "She"}):
            index += 1
            continue
        last = index
        probe = index + 1
        # "Mohammed bin Abdulrahman bin Jassim Al-Thani": particles make a name longer.
        limit = 8 if any(t.text in ("bin", "ibn") for t in tokens[index : index + 8]) else 5
        while probe < len(tokens) and probe - index < limit:
            token = tokens[probe]
            if _POSSESSIVE.search(tokens[probe - 1].text):
                break
            if (
                is_name_word(token)
                or _PARTICLE_NAME.match(token.text)
                # "Liu He", "Kim Jong Un", "Moon Jae In": given names, not a pronoun or a body
                or token.text in ("He", "Ye", "Yi", "Il", "Un")
                or (token.text == "In" and probe - index == 2)
            ) and token.start == tokens[probe - 1].end + 1:
                last = probe  # "Anwar al-Assi", "Abdel-Fattah ... al-Sisi"
            elif (
                token.text in ("bin", "ibn", "bint")
                and probe + 1 < len(tokens)
                and is_name_word(tokens[probe + 1])
            ):
                pass  # "Mohammed bin Salman"
            elif (
                token.text in ("von", "van", "der", "den", "de", "da", "du", "di", "la")
                and probe + 1 < len(tokens)
                and (
                    is_name_word(tokens[probe + 1])
                    or (
                        tokens[probe + 1].text in ("der", "den", "la")
                        and probe + 2 < len(tokens)
                        and is_name_word(tokens[probe + 2])
                    )
                )
            ):
                pass  # "Ursula von der Leyen", "Luiz Inácio Lula da Silva"
            elif (
                _INITIALS.match(token.text)
                and probe + 1 < len(tokens)
                and is_name_word(tokens[probe + 1])
            ):
                pass
            else:
                break
            probe += 1
        first = index
        if (
            index > 0
            and re.fullmatch(r"[B-HJ-Z]\.?", tokens[index - 1].text)
            and tokens[index - 1].end + 1 == tokens[index].start
        ):
            first = index - 1  # an initial before the name: "S Jaishankar", "S. Jaishankar"
        runs.append(_Candidate(sentence, first, last))
        index = last + 1
    return runs


def _same_person(known: str, name: str) -> bool:
    a, b = known.split(), name.split()
    if a[-1].lower() != b[-1].lower():
        return False
    return a[0].lower() == b[0].lower() or len(a) == 1 or len(b) == 1


def _inside_organisation(sentence: Sentence, first: int, last: int) -> bool:
    """'Valdai Discussion Club', '... Alliance and Mutual Assistance': part of a longer name."""
    tokens = sentence.tokens
    if (
        first >= 2
        and tokens[first - 1].lower in ("and", "of", "for", "&", "on")
        and tokens[first - 2].is_capitalized
        and not is_name_word(tokens[first - 2])
        and not is_title_head(tokens[first - 2].text)
    ):
        return True
    if last + 1 < len(tokens):
        following = tokens[last + 1].text
        if following[:1].isupper() and _plain(following) in NON_PERSON_WORDS:
            return True
        if following[:1].isupper() and following.isupper() and len(following) > 1:
            return True
    return False


def _followed_by_verb(sentence: Sentence, last: int) -> bool:
    tokens = sentence.tokens
    index = last + 1
    while index < len(tokens) and tokens[index].lower in ADVERBS:
        index += 1
    if index >= len(tokens):
        return False
    word = tokens[index].text
    if _POSSESSIVE.search(tokens[last].text):
        return False
    return is_verb(word) or (word.endswith("ing") and word.islower() and len(word) > 5)


def verb_after_appositive(tokens: list[Token], last: int) -> int | None:
    """The verb after a phrase in apposition to the name ending at token `last`:
    'Wang Yi, director of the Office of ... Central Committee, congratulated', 'Vladimir
    Medinsky, also an advisor to President Vladimir Putin, said', 'Hakan Fidan, who chairs
    the talks, said'. None when no such phrase and verb follow."""
    if (
        last + 2 >= len(tokens)
        or tokens[last + 1].text != ","
        or _POSSESSIVE.search(tokens[last].text)
    ):
        return None
    opener = tokens[last + 2]
    relative = opener.lower in ("who", "whose") or (
        opener.lower.endswith("ing") and opener.text.islower() and len(opener.text) > 5
    )
    if (
        opener.text.islower()
        and not relative
        and opener.lower not in APPOSITIVE_OPENERS
        and not _title_word(opener)
    ):
        return None  # "Kerry, and then Lavrov, said": no phrase about the person
    depth = 0
    for index in range(last + 2, min(len(tokens) - 1, last + 34)):
        token = tokens[index]
        if token.text in ("(", "“"):
            depth += 1
        elif token.text in (")", "”"):
            depth -= 1
        elif token.text in ('"', ";", ":", "—", "–") and not depth:
            return None
        elif token.text == "," and not depth:
            following = tokens[index + 1]
            if following.text.islower() and (
                is_verb(following.text) or following.lower in REPORTING_VERBS
            ):
                return index + 1
        elif (
            not depth
            and not relative
            and token.text.islower()
            and is_verb(token.text)
            and token.lower not in ("based", "elected", "appointed", "named")
        ):
            return None  # a clause, not a phrase about the person
    return None


# Lowercase words an appositive after a name may open with: "Vladimir Medinsky, also an
# advisor to ...", "Jens Stoltenberg, NATO's secretary general", "Abe, the prime minister".
APPOSITIVE_OPENERS = {"also", "the", "a", "an", "then", "now", "former", "its", "his", "her"}


def _speaks(sentence: Sentence, last: int) -> bool:
    """'Blinken said', 'Blinken reportedly told', 'Blinken, in remarks, said'."""
    tokens = sentence.tokens
    index = last + 1
    while index < len(tokens) and (
        tokens[index].lower in ADVERBS or tokens[index].lower.endswith("ly")
    ):
        index += 1
    return (
        index < len(tokens)
        and tokens[index].lower in REPORTING_VERBS
        and tokens[index].text.islower()
        and not _POSSESSIVE.search(tokens[last].text)
    )


def _lone_name(word: str) -> bool:
    """A word that may be a person's name on its own: not a country, a capital, a month or
    a word the lists know as no person."""
    plain = _plain(word)
    return (
        not word.isupper()
        and plain not in ("united", "new", "north", "south", "east", "west", "central")
        and plain not in COUNTRIES
        and plain not in GOVERNMENT_SEATS
        and plain not in NATIONALITIES
        and plain not in MONTHS
        and plain not in WEEKDAYS
        and plain not in NON_PERSON_WORDS
        and plain not in FUNCTION_WORDS
    )


def _used_as_modifier(sentence: Sentence, last: int) -> bool:
    """'the Trump administration’s envoy': the name qualifies the noun after it."""
    tokens = sentence.tokens
    if last + 1 >= len(tokens) or _POSSESSIVE.search(tokens[last].text):
        return False
    following = tokens[last + 1]
    return (
        following.is_word
        and following.text.islower()
        and _plain(following.text) in ("administration", "government", "campaign", "team", "era")
    )


def _after_title_and_comma(sentence: Sentence, first: int) -> bool:
    """'The administration’s arms-control envoy, Marshall Billingslea, ...'."""
    tokens = sentence.tokens
    if first < 2 or tokens[first - 1].text != ",":
        return False
    head = _plain(tokens[first - 2].text)
    return is_title_head(tokens[first - 2].text) or head in APPOSITIVE_HEADS


def _after_quotation_verb(sentence: Sentence, first: int) -> bool:
    """'“...,” said Wang Wenbin': a name inverted after a quotation and its verb."""
    tokens = sentence.tokens
    return (
        first >= 2
        and tokens[first - 1].lower in ("said", "says", "added", "noted", "continued", "asked")
        and tokens[first - 2].text in ("”", '"', ",")
    )


def _shares_verb_with_partner(sentence: Sentence, last: int) -> bool:
    """'Rishi Sunak and European Commission President Ursula von der Leyen have agreed': a
    full name joined by "and" to a titled name that acts."""
    tokens = sentence.tokens
    index = last + 2
    if index >= len(tokens) or tokens[last + 1].lower != "and":
        return False
    if _POSSESSIVE.search(tokens[last].text):
        return False
    begin = index
    while (
        index < len(tokens)
        and index - begin < 8
        and (
            _title_word(tokens[index])
            or _plain(tokens[index].text) in NATIONALITIES
            or (
                tokens[index].is_capitalized
                and index + 1 < len(tokens)
                and _title_word(tokens[index + 1])
            )
        )
    ):
        index += 1
    if index == begin or index >= len(tokens) or not is_name_word(tokens[index]):
        return False
    end = index
    while end + 1 < len(tokens) and (
        is_name_word(tokens[end + 1]) or tokens[end + 1].text in ("von", "van", "der", "de", "bin")
    ):
        end += 1
    return _followed_by_verb(sentence, end) or verb_after_appositive(tokens, end) is not None


def _closes_quotation(sentence: Sentence, first: int) -> bool:
    """'“...,” said Erdogan at a press conference': a name right after the verb that closes a
    quotation."""
    tokens = sentence.tokens
    return (
        first >= 2
        and tokens[first - 1].lower in ("said", "says", "added", "noted", "continued", "asked")
        and tokens[first - 2].text in ("”", '"')
        and first + 1 < len(tokens)
        and not tokens[first + 1].is_capitalized
        and tokens[first + 1].text != "("
    )


# Nouns a group's name qualifies: "Renamo fighters", "the Hamas leader", "Houthi rebels".
_GROUP_MEMBERS = {
    "leader",
    "leaders",
    "leadership",
    "fighters",
    "rebels",
    "militants",
    "movement",
    "group",
    "party",
    "members",
    "member",
    "official",
    "officials",
    "forces",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "chief",
    "commander",
    "commanders",
    "delegation",
    "delegates",
    "representatives",
    "negotiators",
    "troops",
    "government",
}


def _group_modifiers(sentences: list[Sentence]) -> set[str]:
    """Capitalised words the text puts before a noun of a group's members."""
    found = set()
    for sentence in sentences:
        tokens = sentence.tokens
        for index in range(len(tokens) - 1):
            following = tokens[index + 1]
            if (
                tokens[index].is_capitalized
                and following.text.islower()
                and following.lower in _GROUP_MEMBERS
            ):
                found.add(_plain(tokens[index].text))
    return found


def _first_of_compound_subject(sentence: Sentence, last: int) -> bool:
    """'Ford and Brezhnev agreed': both names are subjects of the verb."""
    tokens = sentence.tokens
    return (
        last + 3 < len(tokens)
        and tokens[last + 1].lower == "and"
        and is_name_word(tokens[last + 2])
        and _followed_by_verb(sentence, last + 2)
    )


def _preceded_by_cue(sentence: Sentence, first: int) -> bool:
    tokens = sentence.tokens
    if first > 1 and tokens[first - 1].text == ",":
        first -= 1
    return first > 0 and tokens[first - 1].lower in PERSON_CUES


def _is_claimed(claimed: dict[int, list[tuple[int, int]]], candidate: _Candidate) -> bool:
    return any(a <= candidate.first <= b for a, b in claimed.get(candidate.sentence.index, []))


def _title_word(token: Token) -> bool:
    return is_title_head(token.text) or _plain(token.text) in TITLE_MODIFIERS


# Words that open a sentence in capitals and belong to no title: "When Prime Minister X".
_SENTENCE_OPENERS = {"when", "as", "after", "before", "while", "if", "although", "once", "but"}


def _title_before(
    sentence: Sentence, first: int, *, allow_courtesy: bool = False
) -> tuple[str | None, int]:
    """The title phrase right before a name, and the index of its first token."""
    tokens = sentence.tokens
    index = first - 1
    begin = first
    has_head = False
    while index >= 0:
        token = tokens[index]
        lower = _plain(token.text)
        if lower in ("of", "for", "the") and begin < first:
            # Glue inside a title: "Secretary of State", "Assistant for ... Affairs".
            probe = index - 1
            while probe >= 0 and tokens[probe].lower in ("of", "for", "the"):
                probe -= 1
            if probe >= 0 and is_title_head(tokens[probe].text):
                index = probe
                continue
            break
        if lower == "and" and begin < first:
            if index > 0 and is_title_head(tokens[index - 1].text):
                index -= 1
                continue
            break
        if _title_word(token):
            has_head = has_head or is_title_head(token.text)
            begin = index
        elif (
            token.is_capitalized
            and token.is_word
            and lower not in FUNCTION_WORDS
            and lower not in _SENTENCE_OPENERS
            and (
                lower in NATIONALITIES
                or _POSSESSIVE.search(token.text)
                or (index + 1 < first and _title_word(tokens[index + 1]))
                or _INITIALS.match(token.text)
            )
        ):
            if begin == first:
                break  # a title must end next to the name
            begin = index
        else:
            break
        index -= 1
    if not has_head or begin == first:
        return None, first
    # The word next to the name must itself belong to the title.
    if not _title_word(tokens[first - 1]) and tokens[first - 1].lower != "state":
        return None, first
    words = [t.text for t in tokens[begin:first]]
    while words and words[0].lower() in ("of", "for", "the", "and"):
        words.pop(0)
        begin += 1
    if len(words) == 1 and words[0].lower() in COURTESY_TITLES and not allow_courtesy:
        return None, first
    return _normalise_title(" ".join(words)), begin


def _title_before_name(sentence: Sentence, first: int, last: int) -> tuple[str | None, int]:
    """The title before a full name, in the shapes the plain walk back misses: a head with
    the capitalised name of its office ('Minister of the Armed Forces Florence Parly') and
    a title set off by commas ('The IAEA head, Rafael Grossi, went ...')."""
    title, begin = _title_before(sentence, first)
    if title:
        return title, begin
    tokens = sentence.tokens
    complement = _title_with_complement(sentence, first)
    if complement:
        return complement
    if (
        first >= 2
        and tokens[first - 1].text == ","
        and last + 1 < len(tokens)
        and tokens[last + 1].text == ","
        and is_title_head(tokens[first - 2].text)
    ):
        title, begin = _title_before(sentence, first - 1)
        if title and (begin == 0 or tokens[begin - 1].lower == "the"):
            return title, begin
    if (
        first >= 3
        and tokens[first - 1].text == ","
        and last + 1 < len(tokens)
        and tokens[last + 1].text in (",", ".")
        and tokens[first - 2].is_capitalized
    ):
        # "chaired by the Angolan Minister of Foreign Affairs, Téte António, brings"
        complement = _title_with_complement(sentence, first - 1)
        if complement and (complement[1] == 0 or tokens[complement[1] - 1].lower == "the"):
            return complement
    return None, first


def _title_with_complement(sentence: Sentence, first: int) -> tuple[str, int] | None:
    tokens = sentence.tokens
    index = first - 1
    while index > 0 and first - index <= 10:
        token = tokens[index]
        if token.lower in ("of", "for") and is_title_head(tokens[index - 1].text):
            between = tokens[index + 1 : first]
            if not between or not between[-1].is_capitalized:
                return None
            if not all(t.is_capitalized or t.lower in ("and", "the", "&", "of") for t in between):
                return None
            _, begin = _title_before(sentence, index)
            begin = min(begin, index - 1)
            text = sentence.text[tokens[begin].start : tokens[first - 1].end]
            return _normalise_title(text), begin
        if not (token.is_capitalized and token.is_word) and token.lower not in ("and", "the", "&"):
            return None
        index -= 1
    return None


# Heads an appositive may carry besides the titles of office: "Elisa Ewers, Adjunct Senior
# Fellow with ...", "Enrique Mora, the European Union official overseeing the negotiations,".
APPOSITIVE_HEADS = {
    "official",
    "fellow",
    "analyst",
    "researcher",
    "scholar",
    "professor",
    "expert",
    "economist",
    "historian",
    "editor",
    "correspondent",
    "commentator",
}


def _title_after(sentence: Sentence, last: int) -> tuple[str | None, int]:
    """An appositive title: 'Mao Zedong, the Chairman of the Central Committee,'."""
    tokens = sentence.tokens
    if (
        last + 2 >= len(tokens)
        or tokens[last + 1].text != ","
        or _POSSESSIVE.search(tokens[last].text)
    ):
        return None, last
    index = last + 2
    if tokens[index].lower in ("the", "a", "an"):
        index += 1
    head_seen = False
    begin = index
    end = index - 1
    while index < len(tokens) and index - begin < 12:
        token = tokens[index]
        lower = _plain(token.text)
        if lower in TITLE_HEADS or lower in APPOSITIVE_HEADS:
            head_seen = True
            end = index
        elif head_seen and (
            lower in ("at", "with", "in", "on", "from")
            or (lower.endswith("ing") and token.text.islower() and len(lower) > 5)
        ):
            # "a senior adviser at the Foundation for Defense of Democracies in Washington,"
            comma = next(
                (j for j in range(index, min(len(tokens), index + 16)) if tokens[j].text == ","),
                None,
            )
            if comma is not None:
                end = comma - 1
            break
        elif (
            _title_word(token) or lower in NATIONALITIES or (token.is_capitalized and token.is_word)
        ):
            end = index
        elif lower in ("of", "for", "the") and head_seen:
            pass
        else:
            break
        index += 1
    if not head_seen:
        return None, last
    closing = tokens[end + 1].text if end + 1 < len(tokens) else "."
    if closing not in (",", ".", ";", ")") and not (
        # "Wang Wenbin, the Chinese Foreign Ministry spokesperson condemned ...": the
        # closing comma left out before the verb.
        tokens[begin - 1].lower == "the" and is_verb(closing) and closing not in AUXILIARIES
    ):
        return None, last
    text = sentence.text[tokens[begin].start : tokens[end].end]
    if (
        not tokens[begin].is_capitalized
        and _plain(tokens[begin].text) not in TITLE_HEADS | TITLE_MODIFIERS
    ):
        return None, last
    return _normalise_title(text), end


def _normalise_title(title: str) -> str:
    """Capitalise title words used as a title: 'Foreign minister' -> 'Foreign Minister'."""
    words = title.split()
    fixed = []
    for word in words:
        bare = _plain(word)
        if (
            word.islower()
            and not word.startswith(("d'", "d’"))  # "Chargé d'affaires"
            and (bare in TITLE_HEADS or bare in TITLE_MODIFIERS)
            and bare not in ("of", "for", "the", "and")
        ):
            word = word[0].upper() + word[1:]
        fixed.append(word)
    if len(fixed) > 1 and fixed[-1].lower() in ("sheikh", "sir", "dame", "emir"):
        fixed.pop()  # "Qatar's Prime Minister Sheikh Mohammed ...": an honorific, not the office
    if fixed and fixed[-1].endswith("s") and fixed[-1][:-1].lower() in TITLE_HEADS:
        # "Presidents John F. Kennedy and ...", "Foreign Ministers Ararat Mirzoyan and ...":
        # each of them holds the office.
        fixed[-1] = fixed[-1][:-1]
    return " ".join(fixed)


def _bare_titles(
    sentences: list[Sentence], people: list[Official], claimed: dict[int, list[tuple[int, int]]]
) -> list[Official]:
    """Titles standing alone: linked to a person where the text makes it plain."""
    anonymous: dict[str, Official] = {}
    by_title = {}
    for person in people:
        for title in person.titles:
            by_title.setdefault(_title_key(title), []).append(person)
    for sentence in sentences:
        tokens = sentence.tokens
        used = claimed.get(sentence.index, [])
        for index, token in enumerate(tokens):
            lowercase = not token.is_capitalized
            if lowercase and not _refers_back(tokens, index):
                continue
            if not lowercase and not is_title_head(token.text):
                continue
            if any(a <= index <= b for a, b in used):
                continue
            if index + 1 < len(tokens) and (
                _title_word(tokens[index + 1]) or is_name_word(tokens[index + 1])
            ):
                continue  # part of a longer title, or a name the finder rejected
            begin = index
            while begin > 0 and (
                _title_word(tokens[begin - 1])
                or _plain(tokens[begin - 1].text) in NATIONALITIES
                or (
                    tokens[begin - 1].is_capitalized
                    and _POSSESSIVE.search(tokens[begin - 1].text)
                    and _plain(tokens[begin - 1].text) in COUNTRIES
                )
            ):
                begin -= 1
            while (
                lowercase
                and begin > 0
                and tokens[begin - 1].is_capitalized
                and tokens[begin - 1].lower not in ("the", "a", "an")
            ):
                begin -= 1  # "the Kremlin spokesman"
            if begin == index and not (index > 0 and tokens[index - 1].lower == "the"):
                continue
            if (
                begin > 0
                and tokens[begin - 1].text[:1].isupper()
                and tokens[begin - 1].is_word
                and begin - 1 != 0
            ):
                continue  # inside a capitalised name such as "Office of the President"
            title = _normalise_title(sentence.text[tokens[begin].start : token.end])
            title = strip_possessive(title)
            if title.lower() in COURTESY_TITLES:
                continue
            mention = Mention(
                sentence=sentence.index,
                start=tokens[begin].start,
                end=token.end,
                name_start=tokens[begin].start,
                name_end=token.end,
                form="title",
                title=title,
                possessive=bool(_POSSESSIVE.search(token.text)),
            )
            owner = _owner_of_title(title, sentence.index, people, by_title)
            if owner is None:
                owner = _holder_of_head(title, sentence.index, people)
            if owner is None and lowercase and not _stands_alone(title, people):
                continue  # "the spokesperson" with no one person it can mean
            if owner is not None:
                owner.mentions.append(mention)
                if not lowercase and title.lower() not in (t.lower() for t in owner.titles):
                    owner.titles.append(title)
                continue
            if begin == index:
                continue  # "the President" alone is too vague to stand as an official
            official = anonymous.setdefault(_title_key(title), Official(name=None, titles=[title]))
            official.mentions.append(mention)
    return list(anonymous.values())


# Lowercase heads by which a text refers back to someone it has named: "the spokesperson
# said", "the Kremlin official told reporters".
REFERRING_HEADS = {
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "official",
    "minister",
    "president",
    "premier",
    "chancellor",
    "diplomat",
    "envoy",
    "ambassador",
    "secretary",
    "senator",
    "leader",
    "chairman",
}


def _refers_back(tokens: list[Token], index: int) -> bool:
    """'the spokesperson', 'The Kremlin spokesman': a lowercase head after 'the' and its
    modifiers, not followed by a name ('the official Xinhua news agency')."""
    if _plain(tokens[index].text) not in REFERRING_HEADS:
        return False
    if index + 1 < len(tokens) and tokens[index + 1].is_capitalized and tokens[index + 1].is_word:
        return False
    begin = index
    while begin > 0 and (
        (
            tokens[begin - 1].is_capitalized
            and tokens[begin - 1].is_word
            and tokens[begin - 1].lower not in ("the", "a", "an")
        )
        or _plain(tokens[begin - 1].text) in TITLE_MODIFIERS
    ):
        begin -= 1
    if begin < index and _POSSESSIVE.search(tokens[begin].text):
        return _plain(tokens[begin].text) in COUNTRIES  # "Iran's foreign minister"
    return begin > 0 and tokens[begin - 1].lower == "the"


def _stands_alone(title: str, people: list[Official]) -> bool:
    """'the Russian ambassador', 'Iran's foreign minister': an official the text does not
    name, known by country and office, where no named person holds that office."""
    words = _title_key(title).split()
    if len(words) < 2 or not any(w in NATIONALITIES or w in COUNTRIES for w in words[:-1]):
        return False
    return not any(
        re.split(r"\s+(?:of|for)\s+", _title_key(held))[0].split()[-1] == words[-1]
        for person in people
        for held in person.titles
    )


def _holder_of_head(title: str, sentence_index: int, people: list[Official]) -> Official | None:
    """The one person named earlier whose title has this head and these modifiers:
    'the spokesperson' -> 'Foreign Ministry Spokesperson Joanne Ou', 'the Kremlin official'
    -> 'Kremlin spokesman Dmitry Peskov'."""
    words = _title_key(title).split()
    head, modifiers = words[-1], set(words[:-1])
    holders = _holders(head, modifiers, sentence_index, people)
    if not holders:
        # "the Russian minister" for "Foreign Minister Sergey Lavrov", "the former German
        # leader" for "former German Chancellor Gerhard Schroeder": a country the title
        # did not repeat, or "leader" for the leader's own title.
        countries = {w for w in modifiers if w in NATIONALITIES or w in COUNTRIES}
        holders = [
            person
            for person in _holders(head, modifiers - countries, sentence_index, people)
            if not any(
                w in NATIONALITIES or w in COUNTRIES
                for held in person.titles
                for w in _title_key(held).split()
            )
        ]
    return holders[0] if len(holders) == 1 else None


_LEADER_HEADS = {"president", "chancellor", "minister", "premier", "leader", "king", "queen"}


def _holders(
    head: str, modifiers: set[str], sentence_index: int, people: list[Official]
) -> list[Official]:
    holders = []
    for person in people:
        if not any(m.sentence < sentence_index for m in person.mentions):
            continue
        for held in person.titles:
            # "Angolan Minister of Foreign Affairs": the head comes before its complement
            held_words = re.split(r"\s+(?:of|for)\s+", _title_key(held))[0].split()
            same_head = held_words and (
                held_words[-1] == head or (head == "leader" and held_words[-1] in _LEADER_HEADS)
            )
            if (same_head and modifiers <= set(held_words)) or (
                modifiers and head == "official" and modifiers <= set(held_words)
            ):
                holders.append(person)
                break
    return holders


def _title_key(title: str) -> str:
    return " ".join(_plain(word) for word in title.split())


def _owner_of_title(
    title: str, sentence_index: int, people: list[Official], by_title: dict[str, list[Official]]
) -> Official | None:
    holders = by_title.get(_title_key(title), [])
    if len(holders) == 1:
        return holders[0]
    head = _title_key(title).split()[-1]
    if not any(head == leader.split()[-1] for leader in LEADER_TITLES):
        return None
    # A leader's title shortly after the only untitled person in view.
    recent = [
        p
        for p in people
        if not p.titles
        and any(0 <= sentence_index - m.sentence <= 6 for m in p.mentions if m.form != "pronoun")
    ]
    if len(recent) == 1:
        return recent[0]
    return None


# "he said", "she added", "He described ...", "quoted him as saying": pronouns that stand for
# a speaker named before.
_SPEAKING_PRONOUN = re.compile(
    r"\b(?:(?P<subject>he|she)\s+(?:also\s+|then\s+|later\s+)?(?:said|says|added|adds|noted|"
    r"stressed|told|stated|explained|argued|insisted|declared|wrote|warned|continued|"
    r"emphasized|emphasised|claimed|asserted|recalled|replied|responded|pointed|urged|"
    r"described|called|went)\b|(?:quoted|[Aa]ccording\s+to)\s+(?P<object>him|her)\b)"
)


def _add_pronouns(sentences: list[Sentence], officials: list[Official]) -> None:
    """Link a speaking pronoun to the person it stands for: the person named earlier in its
    own sentence, or else the subject of the nearest sentence before it that names someone
    (a news story quotes its speaker over several one-sentence paragraphs)."""
    people = [o for o in officials if o.name and o.kind == "person"]
    for sentence in sentences:
        for match in _pronouns_in(sentence):
            start = match.start("subject") if match.group("subject") else match.start("object")
            pronoun = (match.group("subject") or match.group("object")).lower()
            gender = "female" if pronoun in ("she", "her") else "male"
            fitting = [p for p in people if _gender(p) in (gender, None)]
            owner = _antecedent(sentences, sentence, start, fitting)
            if owner is None:
                continue
            position = next((i for i, t in enumerate(sentence.tokens) if t.start == start), None)
            if position is None:
                continue
            pronoun = sentence.tokens[position]
            owner.mentions.append(
                Mention(
                    sentence=sentence.index,
                    start=pronoun.start,
                    end=pronoun.end,
                    name_start=pronoun.start,
                    name_end=pronoun.end,
                    form="pronoun",
                )
            )


def _gender(person: Official) -> str | None:
    """'female' or 'male' where a first name or a title tells, else None."""
    first = person.name.split()[0].lower() if person.name else ""
    titles = " ".join(person.titles).lower()
    if first in FEMALE_FIRST_NAMES or re.search(r"\b(?:spokeswoman|mrs\.?|ms\.?|queen)\b", titles):
        return "female"
    if first in MALE_FIRST_NAMES or re.search(r"\b(?:spokesman|mr\.?|king)\b", titles):
        return "male"
    return None


def _pronouns_in(sentence: Sentence) -> list[re.Match]:
    found = list(_SPEAKING_PRONOUN.finditer(sentence.text))
    opening = re.match(r"(?P<subject>He|She)\b", sentence.text)
    if opening and not any(m.start() == 0 for m in found):
        found.insert(0, opening)
    return found


def _subject_of(
    sentences: list[Sentence],
    sentence_index: int,
    people: list[Official],
    before: int | None = None,
):
    """The person a sentence is about: its first mention that is not a possessive, outside
    quotation marks where the sentence names someone outside them ('“President Vucic and
    Prime Minister Kurti have agreed ...,” Borrell said' is about Borrell)."""
    sentence = sentences[sentence_index]
    quoted = _quoted_spans(sentence.text)
    mentions = sorted(
        (m.start, person, m)
        for person in people
        for m in person.mentions
        if m.sentence == sentence_index
        and not m.possessive
        and not m.attributive
        and (before is None or m.end <= before)
    )
    outside = [x for x in mentions if not any(a <= x[0] < b for a, b in quoted)]
    if outside:
        mentions = outside
    if before is not None:
        # "Zhao said ..., and he added": the latest one that speaks or acts in the sentence,
        # not someone the words are about ("... under the leadership of Patrick Cammaert of
        # the Netherlands, he said").
        acting = [x for x in mentions if _acts_after(sentence, x[2])]
        return acting[-1][1] if acting else None
    return mentions[0][1] if mentions else None


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in re.finditer(r"“[^”]*”?", text)]
    spans += [(m.start(), m.end()) for m in re.finditer(r'"[^"]*"', text)]
    return spans


def _acts_after(sentence: Sentence, mention: Mention) -> bool:
    """Whether a verb follows the mention: 'Zhao said', 'Obama met', 'Lavrov, in turn, said'."""
    tokens = sentence.tokens
    index = next((i for i, t in enumerate(tokens) if t.start >= mention.end), None)
    if index is None:
        return False
    if tokens[index].text == ",":
        return verb_after_appositive(tokens, index - 1) is not None or (
            index + 1 < len(tokens) and tokens[index + 1].lower in ("who", "in", "however")
        )
    while index < len(tokens) and (
        tokens[index].lower in ADVERBS or tokens[index].lower.endswith("ly")
    ):
        index += 1
    if index >= len(tokens):
        return False
    word = tokens[index].text
    return word.islower() and (
        is_verb(word) or word.lower() in REPORTING_VERBS or word.endswith("s")
    )


def _antecedent(
    sentences: list[Sentence], sentence: Sentence, start: int, people: list[Official]
) -> Official | None:
    same = _subject_of(sentences, sentence.index, people, before=start)
    if same is not None:
        return same
    for back in range(1, 5):
        index = sentence.index - back
        if index < 0 or sentences[index].is_caption:
            break
        subject = _subject_of(sentences, index, people)
        if subject is not None:
            return subject
    return None
