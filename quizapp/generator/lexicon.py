"""Word lists the extractors share.

These are general English and news vocabulary (month names, titles of office,
reporting verbs, country names), not phrases of any one article.
"""

from __future__ import annotations

MONTHS = {
    "january": 1, "jan": 1,
    "february": 2, "feb": 2,
    "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "may": 5,
    "june": 6, "jun": 6,
    "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}

MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]

SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}

WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "dozen": 12,
}

SCALE_WORDS = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
               "trillion": 1_000_000_000_000}

# Head words of a title of office. A title phrase must contain one of them.
TITLE_HEADS = {
    "president", "vice-president", "premier", "chancellor", "minister", "secretary",
    "secretary-general", "spokesperson", "spokesman", "spokeswoman", "ambassador",
    "envoy", "councilor", "councillor", "chairman", "chairwoman", "chair", "king",
    "queen", "emperor", "empress", "pope", "senator", "sen.", "governor", "mayor",
    "director", "adviser", "advisor", "commander", "general", "gen.", "admiral",
    "adm.", "colonel", "col.", "lieutenant", "lt.", "marshal", "leader", "deputy",
    "representative", "rep.", "attorney", "justice", "judge", "commissioner",
    "speaker", "chief", "head", "prince", "princess", "sheikh", "emir", "sultan",
    "shah", "tsar", "czar", "kaiser", "consul", "diplomat", "negotiator", "prosecutor",
    "president-elect", "premier-elect", "assistant", "minister-president", "chancellor-elect",
    "governor-general", "taoiseach", "ayatollah", "dr.", "mr.", "mrs.", "ms.",
}

# Courtesy titles say nothing about an office: they are kept off answers.
COURTESY_TITLES = {"mr.", "mrs.", "ms.", "dr."}

# Words that may sit inside a title phrase before or after the head.
TITLE_MODIFIERS = {
    "foreign", "defense", "defence", "state", "prime", "vice", "deputy", "general",
    "first", "press", "executive", "special", "senior", "chief", "supreme", "acting",
    "interim", "national", "security", "affairs", "finance", "trade", "interior",
    "home", "economy", "health", "energy", "treasury", "war", "navy", "army",
    "presidential", "permanent", "high", "grand", "crown", "lord", "former", "then",
    "outgoing", "incoming", "majority", "minority", "party", "communist", "central",
    "top", "joint", "staff", "assistant", "under", "undersecretary", "principal",
}

# Heads of state or government: the only titles a later bare mention
# ("the Russian president") may be linked back to a person by.
LEADER_TITLES = {"president", "premier", "prime minister", "chancellor", "king", "queen",
                 "leader", "emperor", "general secretary", "chairman"}

REPORTING_VERBS = {
    "said", "says", "stressed", "stresses", "emphasized", "emphasised", "emphasizes",
    "called", "calls", "described", "describes", "referred", "refers", "told", "tells",
    "noted", "notes", "added", "adds", "argued", "argues", "stated", "states",
    "wrote", "writes", "asked", "asks", "urged", "urges", "warned", "warns",
    "insisted", "insists", "declared", "declares", "announced", "announces",
    "claimed", "claims", "explained", "explains", "remarked", "remarks", "replied",
    "responded", "suggested", "suggests", "affirmed", "reaffirmed", "pledged",
    "vowed", "promised", "acknowledged", "admitted", "denied", "denies", "confirmed",
    "confirms", "reiterated", "underlined", "underscored", "highlighted", "praised",
    "criticized", "criticised", "condemned", "welcomed", "welcomes", "characterized",
    "characterised", "labeled", "labelled", "termed", "dubbed", "hailed", "proposed",
    "raised", "proclaimed", "asserted", "asserts", "observed", "commented", "tweeted",
    "expressed", "recalled", "predicted", "believes", "believed", "thinks", "thought",
    "suspected", "accused", "accuses", "demanded", "demands", "recognized",
    "recognizes", "considered", "considers", "reported", "reports", "signaled",
    "signalled", "indicated", "indicates", "mentioned", "mentions", "cited", "cites",
}

AUXILIARIES = {
    "has", "have", "had", "was", "were", "is", "are", "will", "would", "could",
    "should", "may", "might", "must", "can", "did", "does", "do", "shall",
}

IRREGULAR_PAST = {
    "said", "told", "wrote", "met", "led", "made", "took", "gave", "came", "saw",
    "sought", "thought", "began", "became", "held", "went", "spoke", "brought", "won",
    "lost", "kept", "left", "sent", "set", "put", "read", "rose", "fell", "stood",
    "understood", "knew", "grew", "drew", "chose", "broke", "ran", "built", "bought",
    "found", "felt", "got", "heard", "hid", "hit", "let", "meant", "paid", "quit",
    "sat", "shot", "shut", "sold", "spent", "split", "spread", "struck", "swore",
    "taught", "threw", "undertook", "withdrew", "wore", "fought", "forbade", "forgave",
    "froze", "overtook", "oversaw", "foresaw", "rode", "shook", "slid", "stole",
    "stuck", "sank", "flew", "forgot", "arose", "awoke", "bore", "beat",
    "bent", "bid", "bound", "bled", "cast", "caught", "clung", "cost", "cut", "dealt",
    "dug", "fed", "fled", "forecast", "hung", "hurt", "laid", "lent", "lit", "overcame",
    "proved", "rang", "sang", "shone", "sprang", "strove", "swept", "swung", "upheld",
    "wept", "wound", "wrung", "outlined",
}

# Lowercase words that end in -ed or -s but are not verbs after a name.
NOT_VERBS = {
    "united", "red", "bed", "need", "speed", "seed", "feed", "reed", "creed", "greed",
    "shed", "hundred", "sacred", "naked", "wicked", "beloved", "aged", "learned",
    "alleged", "supposed", "so-called", "advanced", "limited", "detailed", "armed",
    "embed", "indeed", "breed", "led", "news", "series", "species", "status", "its",
    "his", "this", "thus", "us", "as", "is", "was", "has", "various", "previous",
}

ADVERBS = {
    "also", "therefore", "then", "later", "repeatedly", "reportedly", "again",
    "still", "already", "once", "further", "subsequently", "ultimately", "initially",
    "eventually", "even", "never", "always", "often", "himself", "herself",
    "itself", "themselves", "too", "quickly", "publicly", "jointly", "formally",
    "officially", "recently", "previously", "earlier", "first",
    "finally", "immediately", "personally", "privately", "openly", "explicitly",
    "famously", "notably", "thus", "however", "meanwhile", "nonetheless",
    "nevertheless", "soon", "now", "not", "only", "just", "frequently",
    "consistently", "firmly", "strongly", "clearly", "directly", "in", "turn",
}

# Temporal prepositions: a date after one of these says when something happened.
TIME_PREPOSITIONS = {
    "in", "on", "by", "since", "until", "till", "from", "during", "before", "after",
    "through", "around", "circa", "as of", "throughout", "between", "at",
}

# Words that open a new clause: a subject may follow them.
CLAUSE_OPENERS = {
    "when", "after", "before", "until", "because", "as", "while", "since", "that",
    "and", "but", "though", "although", "whereas", "once", "where", "if",
}

# Words that open a sentence-initial adverbial phrase ("In October, ...").
INTRO_WORDS = {
    "in", "on", "at", "during", "earlier", "later", "after", "before", "since",
    "by", "meanwhile", "however", "still", "nevertheless", "then", "now", "last",
    "this", "next", "speaking", "asked", "addressing", "following", "amid", "despite",
    "according", "over", "under", "with", "without", "for", "from", "as", "while",
    "when", "ultimately", "eventually", "finally", "yet", "also", "separately",
    "instead", "moreover", "furthermore", "similarly", "likewise", "notably",
    "initially", "afterwards", "subsequently", "until", "throughout", "within",
    "upon", "unlike", "like", "besides", "nonetheless", "thus", "hence", "therefore",
}

COUNTRIES = {
    "afghanistan", "albania", "algeria", "angola", "argentina", "armenia", "australia",
    "austria", "azerbaijan", "bahrain", "bangladesh", "belarus", "belgium", "bolivia",
    "bosnia", "brazil", "britain", "bulgaria", "burma", "cambodia", "cameroon",
    "canada", "chile", "china", "colombia", "congo", "croatia", "cuba", "cyprus",
    "czechia", "czechoslovakia", "denmark", "egypt", "england", "estonia", "ethiopia",
    "europe", "finland", "france", "georgia", "germany", "ghana", "greece",
    "guatemala", "haiti", "honduras", "hungary", "iceland", "india", "indonesia",
    "iran", "iraq", "ireland", "israel", "italy", "japan", "jordan", "kazakhstan",
    "kenya", "korea", "kosovo", "kuwait", "kyrgyzstan", "laos", "latvia", "lebanon",
    "libya", "lithuania", "luxembourg", "malaysia", "mali", "mexico", "moldova",
    "mongolia", "montenegro", "morocco", "mozambique", "myanmar", "nepal",
    "netherlands", "nicaragua", "niger", "nigeria", "norway", "oman", "pakistan",
    "palestine", "panama", "paraguay", "peru", "philippines", "poland", "portugal",
    "qatar", "romania", "russia", "rwanda", "scotland", "serbia", "singapore",
    "slovakia", "slovenia", "somalia", "spain", "sudan", "sweden", "switzerland",
    "syria", "taiwan", "tajikistan", "tanzania", "thailand", "tibet", "tunisia",
    "turkey", "turkmenistan", "uganda", "ukraine", "uruguay", "usa", "ussr",
    "uzbekistan", "venezuela", "vietnam", "wales", "yemen", "yugoslavia", "zambia",
    "zimbabwe", "america", "asia", "africa", "eu", "nato", "un", "uk", "u.s.", "u.k.",
    "prc", "dprk", "crimea", "kashmir", "gaza", "chechnya", "siberia", "manchuria",
}

# Capitals and seats of government that news uses for governments ("Beijing said").
GOVERNMENT_SEATS = {
    "beijing", "moscow", "washington", "london", "paris", "berlin", "tokyo", "kyiv",
    "kiev", "minsk", "brussels", "ankara", "tehran", "delhi", "new delhi", "islamabad",
    "seoul", "pyongyang", "taipei", "canberra", "ottawa", "rome", "madrid", "warsaw",
    "budapest", "prague", "vienna", "bern", "stockholm", "oslo", "helsinki",
    "copenhagen", "athens", "cairo", "riyadh", "baghdad", "damascus", "kabul",
    "jerusalem", "tel aviv", "hanoi", "bangkok", "jakarta", "manila", "havana",
    "caracas", "brasilia", "buenos aires", "mexico city", "pretoria", "nairobi",
    "the kremlin", "the white house", "the pentagon", "downing street", "whitehall",
    "the elysee", "zhongnanhai", "the quai d'orsay", "foggy bottom", "tbilisi",
    "yerevan", "baku", "astana", "tashkent", "belgrade", "bucharest", "sofia",
}

NATIONALITIES = {
    "american", "russian", "chinese", "soviet", "british", "french", "german",
    "japanese", "indian", "pakistani", "iranian", "iraqi", "israeli", "palestinian",
    "syrian", "turkish", "ukrainian", "belarusian", "polish", "italian", "spanish",
    "canadian", "mexican", "brazilian", "korean", "vietnamese", "egyptian", "saudi",
    "afghan", "european", "western", "eastern", "african", "asian", "arab", "cuban",
    "chilean", "australian", "dutch", "belgian", "swedish", "norwegian", "finnish",
    "danish", "greek", "hungarian", "czech", "slovak", "romanian", "bulgarian",
    "serbian", "croatian", "georgian", "armenian", "azerbaijani", "kazakh", "mongolian",
    "taiwanese", "thai", "indonesian", "filipino", "nigerian", "kenyan", "ethiopian",
    "libyan", "lebanese", "jordanian", "qatari", "emirati", "yemeni", "venezuelan",
    "colombian", "argentine", "argentinian", "peruvian", "latvian", "lithuanian",
    "estonian", "moldovan", "uzbek", "portuguese", "irish", "scottish", "welsh",
    "english", "austrian", "swiss", "north", "south", "u.s.", "u.k.", "un", "eu",
    "nato", "allied", "bangladeshi", "nepali", "burmese", "cambodian", "laotian",
    "malaysian", "singaporean", "tibetan", "sudanese", "somali", "algerian",
    "moroccan", "tunisian", "chechen", "crimean", "yugoslav", "prussian", "ottoman",
}

# Capitalised words that mark a name as an organisation, place or thing.
NON_PERSON_WORDS = {
    "club", "forum", "party", "council", "committee", "commission", "union", "states",
    "kingdom", "republic", "federation", "ministry", "department", "office", "agency",
    "bank", "fund", "organization", "organisation", "treaty", "agreement", "accord",
    "accords", "pact", "alliance", "convention", "protocol", "act", "charter",
    "summit", "conference", "war", "crisis", "sea", "ocean", "river", "mountains",
    "port", "province", "city", "county", "district", "region", "island", "islands",
    "street", "square", "palace", "house", "hall", "center", "centre", "institute",
    "university", "college", "school", "academy", "library", "museum", "news",
    "times", "post", "press", "initiative", "program", "programme",
    "policy", "plan", "system", "strategy", "doctrine", "declaration", "communique",
    "communiqué", "army", "navy", "force", "forces", "corps", "guard", "group",
    "company", "corporation", "inc", "ltd", "association", "movement", "front",
    "tribunal", "court", "senate", "congress", "parliament", "assembly", "duma",
    "cabinet", "government", "administration", "embassy", "consulate", "mission",
    "station", "railway", "airport", "base", "camp", "fort", "bay", "gulf", "strait",
    "peninsula", "valley", "desert", "canal", "lake", "north", "south", "east",
    "west", "northeast", "northwest", "southeast", "southwest", "central", "world",
    "cold", "missile", "missiles", "talks", "round", "revolution",
    "blockade", "airlift", "trials", "trial", "economic", "means", "vehicles",
    "nations", "community", "communities", "market", "markets", "woods", "new", "old", "day", "year", "age", "era", "bomb", "bomber", "defense", "defence",
    "security", "affairs", "foreign", "state", "capitol", "kremlin", "pentagon",
    "facebook", "twitter", "photo", "getty", "images", "reuters", "xinhua", "ap", "afp",
}

FUNCTION_WORDS = {
    "the", "a", "an", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by",
    "with", "from", "as", "that", "this", "these", "those", "it", "its", "is", "are",
    "was", "were", "be", "been", "has", "have", "had", "not", "no", "he", "she", "they",
    "we", "i", "you", "his", "her", "their", "our", "my", "your", "which", "who",
    "whom", "what", "when", "where", "why", "how", "if", "then", "than", "so", "such",
    "there", "here", "all", "any", "some", "each", "both", "either", "neither", "also",
    "into", "onto", "over", "under", "about", "after", "before", "since", "until",
    "while", "during", "between", "among", "amid", "via", "per", "do", "does", "did",
    "will", "would", "can", "could", "should", "may", "might", "must", "shall", "one",
    "other", "another", "more", "most", "very", "just", "only", "even", "still", "yet",
    "up", "down", "out", "off", "again", "further", "once", "own", "same", "too",
}

TREATY_WORDS = {
    "treaty", "treaties", "agreement", "agreements", "accord", "accords", "pact",
    "convention", "conventions", "protocol", "charter", "communique", "communiqué",
    "alliance", "act", "declaration", "understanding", "armistice", "entente",
}

# Treaties that may stand in as distractors when a text names too few of its own.
WELL_KNOWN_TREATIES = [
    "Treaty of Versailles",
    "North Atlantic Treaty",
    "Warsaw Pact",
    "Anti-Ballistic Missile Treaty",
    "Intermediate-Range Nuclear Forces Treaty",
    "Treaty on the Non-Proliferation of Nuclear Weapons",
    "Helsinki Final Act",
    "Comprehensive Nuclear-Test-Ban Treaty",
    "Treaty of Westphalia",
    "Treaty of Paris",
    "Partial Test Ban Treaty",
    "Strategic Arms Reduction Treaty",
]

# Treaty event verbs: past form -> (base form, whether the treaty is the object).
TREATY_EVENTS = {
    "signed": ("sign", True),
    "ratified": ("ratify", True),
    "extended": ("extend", True),
    "negotiated": ("negotiate", True),
    "concluded": ("conclude", True),
    "renewed": ("renew", True),
    "abrogated": ("abrogate", True),
    "terminated": ("terminate", True),
    "suspended": ("suspend", True),
    "adopted": ("adopt", True),
    "collapsed": ("collapse", False),
    "expired": ("expire", False),
    "lapsed": ("lapse", False),
    "ended": ("end", False),
    "entered into force": ("enter into force", False),
    "came into force": ("come into force", False),
    "took effect": ("take effect", False),
}

TREATY_EVENT_NOUNS = {
    "signing": "signed",
    "signature": "signed",
    "ratification": "ratified",
    "expiration": "expired",
    "expiry": "expired",
    "collapse": "collapsed",
    "extension": "extended",
    "renewal": "renewed",
    "termination": "terminated",
    "entry into force": "entered into force",
}

# Nouns a count or amount can measure; anything else after a number is checked
# for being a plural noun.
UNIT_NOUNS = {
    "percent", "per cent", "percentage", "points", "year", "years", "month", "months",
    "week", "weeks", "day", "days", "hour", "hours", "decade", "decades", "century",
    "centuries", "dollars", "euros", "pounds", "yuan", "rubles", "roubles", "yen",
    "people", "troops", "soldiers", "members", "countries", "nations", "states",
    "warheads", "missiles", "launchers", "interceptors", "sites", "bombers",
    "vehicles", "kilometers", "kilometres", "miles", "tons", "tonnes", "barrels",
    "ounce", "ounces", "votes", "seats", "senators", "delegates", "times",
}
