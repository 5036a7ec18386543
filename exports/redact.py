"""Personal data taken out of post and comment text, replaced with typed placeholders.

``redact(text, names)`` replaces e-mail addresses (also written out: "jane at gmail dot com",
"jane [at] example [dot] org", "jane(at)example.com", "jane @ example . com") with ``[EMAIL]``, phone
numbers of the regions in ``PHONE_REGIONS`` with ``[PHONE]``, street addresses and PO boxes with
``[ADDRESS]``, @handles with ``[HANDLE]``, links to a person's page on a social site with
``[PROFILE_URL]``, and the names in ``names`` (a thread's commenters) with the pseudonyms given for them.

What it does not do, on purpose or for now:

- Names in prose stay: "Carl Rogers wrote", "my therapist Dr. Lee". This is not named-entity removal;
  only the names the caller passes are replaced.
- Addresses are found only in the shapes in this module (a house number with a street name and a
  street type, "12 rue de la Paix", "Hauptstraße 5", "Via Roma 12", PO boxes); a postcode alone counts
  only after "postcode", "zip code" and the like. Precision comes before recall: a missed address is
  more likely than a sentence cut by a wrong one.
- Every phone number goes, a public helpline's too: the text alone does not tell whose number it is.
  Numbers of fewer than 7 digits (116 123, 988) stay.
- A profile link is a link on a social site whose path names a person: facebook.com/NAME,
  twitter.com/NAME and x.com/NAME (a tweet's link too: it names its author), instagram.com/NAME,
  linkedin.com/in/NAME, github.com/NAME (and the person's repositories), youtube.com/@NAME or /user/,
  reddit.com/user/NAME, bsky.app/profile/NAME, and any host's /@NAME (Medium, TikTok, Threads,
  Mastodon, substack.com/@NAME). A site's own subdomain (NAME.substack.com, NAME.medium.com,
  NAME.wordpress.com) stays: it is a publication, public by its author's choice, and often a blog this
  archive holds. Other links stay, and nothing inside any link is redacted.
- ``"@home"`` is a handle to this module; ``"me @ home"`` and ``"@ 5pm"`` are not.
- A name in ``names`` is matched in any case ("thanks jonas"), except a first name that is also an
  everyday word (Hope, Will, Grace, Mark: ``_NAMES_THAT_ARE_WORDS``), which in lower case is the word. Inside an e-mail, a handle or a link a name goes with the item ("@Jonas" is ``[HANDLE]``) or stays
  (a link that names no one is kept whole).

Placeholders already in the text are left alone, so redacting twice gives what redacting once gave.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Mapping
from urllib.parse import urlsplit

from phonenumbers import Leniency, PhoneNumberMatcher

EMAIL, PHONE, ADDRESS, HANDLE, PROFILE_URL, NAME = "EMAIL", "PHONE", "ADDRESS", "HANDLE", "PROFILE_URL", "NAME"
LABELS = (EMAIL, PHONE, ADDRESS, HANDLE, PROFILE_URL)
"""The labels that have a placeholder, ``[LABEL]``; a name's replacement is the caller's (counted as NAME)."""

PHONE_REGIONS = ("US", "GB", "DE", "FR", "IN", "AU", "CA", "NL", "IE", "ES", "IT", "BR", "ZA", "NZ",
                 "AT", "CH", "BE", "SE", "DK", "NO", "PL", "PT", "MX", "SG")
"""Where a number written without its country code may be from; ``+CC`` numbers are found from anywhere."""

MIN_PHONE_DIGITS = 7  # 116 123 (Samaritans), 988, "2019": too short to be anyone's own number
_MAX_PASSES = 4  # a second pass finds what an overlapping match hid in the first; rarely more


@dataclass(frozen=True)
class Redacted:
    """Text with its personal data replaced, and how many replacements of each label were made."""

    text: str
    found: dict[str, int]


def redact(text: str, names: Mapping[str, str] | None = None) -> Redacted:
    """Replace e-mails, phones, addresses, handles and profile links with placeholders, and each name in
    ``names`` (any case, but see ``_NAMES_THAT_ARE_WORDS``; whole words, longest first, names of 2 letters or fewer ignored) with its
    replacement. Placeholders in ``text`` stay as they are."""
    name_pattern = _names_pattern(tuple(sorted(names.items()))) if names else None
    found: dict[str, int] = {}
    for _ in range(_MAX_PASSES):  # again on its own output until nothing changes: idempotent by design
        new_text, counts = _one_pass(text, name_pattern)
        if new_text == text:
            break
        text = new_text
        for label, count in counts.items():
            found[label] = found.get(label, 0) + count
    return Redacted(text, found)


# ---- one pass: every detector over the same text, overlaps settled by priority -------------------

_KEEP = None  # a span nothing else may touch: a placeholder, a link that names no one


def _one_pass(text: str, name_pattern: _NamePattern | None) -> tuple[str, dict[str, int]]:
    detectors = (_placeholders, _fediverse_handles, _links, _emails, _obfuscated_emails, _addresses, _phones,
                 _handles)
    taken: list[tuple[int, int, str | None, str]] = []
    for detector in detectors:
        _take(taken, detector(text))
    if name_pattern is not None:
        _take(taken, name_pattern.spans(text))
    parts, counts, at = [], {}, 0
    for start, end, label, replacement in sorted(s for s in taken if s[2] is not _KEEP):
        parts += [text[at:start], replacement]
        counts[label] = counts.get(label, 0) + 1
        at = end
    parts.append(text[at:])
    return "".join(parts), counts


def _take(taken: list, spans: Iterator[tuple[int, int, str | None, str]]) -> None:
    """Add the spans that overlap none already taken (detectors run in order of priority)."""
    for span in spans:
        if all(span[1] <= s[0] or span[0] >= s[1] for s in taken):
            taken.append(span)


def _label(start: int, end: int, label: str | None) -> tuple[int, int, str | None, str]:
    return start, end, label, f"[{label}]" if label else ""


# ---- placeholders and links ---------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\[(?:%s)\]" % "|".join(LABELS))


def _placeholders(text: str):
    if "[" in text:
        for m in _PLACEHOLDER.finditer(text):
            yield _label(m.start(), m.end(), _KEEP)


_SOCIAL = r"(?:facebook|fb|twitter|x|instagram|linkedin|tiktok|github|medium|youtube|reddit|threads|bsky|substack|pinterest|patreon)"
_LINK = re.compile(
    r"(?:https?://|www\.|(?<![\w.@/-])(?:[\w-]+\.)*" + _SOCIAL + r"\.(?:com|net|app)/)[^\s<>\"'\]\[{}|\\^`]+",
    re.IGNORECASE)
_LINK_TRAILING = ".,;:!?'\")"

# Paths on these sites that are the site's own pages, not a person's.
_RESERVED = {
    "facebook.com": {"groups", "events", "pages", "hashtag", "sharer", "sharer.php", "share", "watch", "help",
                     "policies", "privacy", "photo.php", "permalink.php", "story.php", "login", "marketplace",
                     "gaming", "business", "ads", "legal", "terms", "reel", "photos", "videos", "l.php", "dialog"},
    "twitter.com": {"home", "search", "hashtag", "intent", "share", "i", "explore", "settings", "login", "signup",
                    "tos", "privacy", "notifications", "messages", "compose"},
    "instagram.com": {"p", "reel", "reels", "explore", "accounts", "about", "direct", "tv", "legal"},
    "github.com": {"features", "about", "pricing", "topics", "orgs", "marketplace", "login", "join", "settings",
                   "explore", "sponsors", "collections", "trending", "site", "security", "enterprise",
                   "customer-stories", "readme", "team", "contact", "events", "apps", "notifications", "search",
                   "blog", "issues", "pulls", "new", "codespaces"},
}
_RESERVED["pinterest.com"] = {"pin", "search", "ideas", "today", "business", "login", "about", "_"}
_RESERVED["patreon.com"] = {"posts", "about", "login", "signup", "search", "explore", "c", "policy", "creators"}
_RESERVED["fb.com"] = _RESERVED["facebook.com"]
_RESERVED["x.com"] = _RESERVED["twitter.com"]
_PERSON_UNDER = {"linkedin.com": {"in", "pub"}, "youtube.com": {"user", "c", "channel"},
                 "reddit.com": {"user", "u"}, "bsky.app": {"profile"}, "instagram.com": {"stories"},
                 "open.spotify.com": {"user"}}


def is_profile_url(url: str) -> bool:
    """Whether ``url`` (with or without its scheme) is a social site's page of a person, or a page whose
    path names one (see the module's docstring for the sites)."""
    parts = urlsplit(url if "://" in url else "https://" + url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.").removeprefix("mobile.")
    segments = [s for s in parts.path.split("/") if s]
    if not segments:
        return False
    first = segments[0].lower()
    if first.startswith("@") and len(first) > 1:
        return True
    if host in _PERSON_UNDER and first in _PERSON_UNDER[host]:
        return len(segments) > 1
    if host in ("facebook.com", "fb.com") and first == "profile.php":
        return "id=" in parts.query
    if host == "psychologytoday.com":  # the directory: /us/therapists/jane-doe-new-york-ny/123456
        return len(segments) > 2 and segments[1] in ("therapists", "psychiatrists", "treatment-rehab")
    return host in _RESERVED and first not in _RESERVED[host]


def _links(text: str):
    if "/" not in text and "www." not in text:
        return
    for m in _LINK.finditer(text):
        url = m.group().rstrip(_LINK_TRAILING)
        if url.count("(") > url.count(")"):  # "(see https://x.org/a)" keeps its bracket
            url = m.group()[: len(url) + 1] if m.group()[len(url):len(url) + 1] == ")" else url
        yield _label(m.start(), m.start() + len(url), PROFILE_URL if is_profile_url(url) else _KEEP)


# ---- e-mails and handles ------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]*\w@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}\b", re.IGNORECASE)
_FEDIVERSE = re.compile(r"(?<![\w@])@\w+@[a-z0-9-]+(?:\.[a-z0-9-]+)+\b", re.IGNORECASE)


def _fediverse_handles(text: str):
    """@name@server.social is one handle, not a handle and an e-mail."""
    if "@" in text:
        for m in _FEDIVERSE.finditer(text):
            yield _label(m.start(), m.end(), HANDLE)


def _emails(text: str):
    if "@" in text:
        for m in _EMAIL.finditer(text):
            yield _label(m.start(), m.end(), EMAIL)


# Written-out addresses. The separators say how sure a match is: a bracketed (at) or a spaced @ is meant
# as an address; the word "at" only with "dot" (or a mail provider's domain), since "shopping at
# amazon.com" and "I was at work. It" are prose. Top-level domains in lower case (or all capitals) only.
_AT_MEANT = r"(?:\s*[\[({<]\s*at\s*[\])}>]\s*|\s+@\s*|@\s+)"
_DOT_ANY = r"(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+|\s*\.\s*)"
_DOT_WORD = r"(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+)"
_TLDS = ("com org net edu gov info io co uk de fr nl ie es it au ca nz za br in ch at be se dk no pl pt eu us me fm "
         "tv app dev online")
_TLD = ("(?-i:" + "|".join(_TLDS.split() + _TLDS.upper().split()) + r")(?![\w.@-]|\s*\.\s*\w|\s+dot\b)")
_LOCAL = r"(?<![\w.+@-])[a-z0-9](?:[\w+-]*|(?:[\w+-]*(?:\.|" + _DOT_WORD + r")[a-z0-9][\w+-]*)+)"
_LABEL = r"[a-z][a-z0-9-]*"
_PROVIDERS = (r"(?:gmail|googlemail|yahoo|hotmail|outlook|live|icloud|aol|protonmail|proton|gmx|web|posteo|"
              r"btinternet|yandex|zoho|fastmail|mailbox|t-online|orange|free|libero|uol|bigpond|xtra)")
_OBFUSCATED_EMAIL = re.compile(
    _LOCAL + _AT_MEANT + _LABEL + r"(?:" + _DOT_ANY + _LABEL + r")*?" + _DOT_ANY + _TLD
    + "|" + _LOCAL + r"\s+at\s+" + _LABEL + r"(?:" + _DOT_WORD + _LABEL + r")*?" + _DOT_WORD + _TLD
    + "|" + _LOCAL + r"\s+at\s+" + _PROVIDERS + r"(?:\.[a-z]{2,3})?\.[a-z]{2,3}\b(?![.@]\w)",
    re.IGNORECASE)
_OBFUSCATED_HINT = re.compile(r"dot|@|[\[({<]\s*at\b|\bat\s+" + _PROVIDERS + r"\.", re.IGNORECASE)


def _obfuscated_emails(text: str):
    if _OBFUSCATED_HINT.search(text):
        for m in _OBFUSCATED_EMAIL.finditer(text):
            yield _label(m.start(), m.end(), EMAIL)


# A handle starts with a letter or "_": "@5pm" and "@ home" are not handles.
_HANDLE = re.compile(r"(?<![\w@./:+-])@[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*(?![\w@])")
_REDDIT_USER = re.compile(r"(?<![\w/.])/?u/[A-Za-z0-9_-]{3,20}\b")


def _handles(text: str):
    if "@" in text:
        for m in _HANDLE.finditer(text):
            if len(m.group()) > 2:
                yield _label(m.start(), m.end(), HANDLE)
    if "u/" in text:
        for m in _REDDIT_USER.finditer(text):
            yield _label(m.start(), m.end(), HANDLE)


# ---- addresses ----------------------------------------------------------------------------------
# Shapes, not a gazetteer: each needs a house number and a word that says "street". Precision first.

_NUM = r"\d{1,5}[A-Za-z]?(?:[-–]\d{1,5}[A-Za-z]?)?"
# words that title-case headings put before "Road", "Way" or "Walk" and no street is named with
_NOT_A_STREET_NAME = (r"(?!(?:The|A|An|And|Of|On|In|To|My|Your|Our|Their|His|Her|For|With|At|By|From|Is|It|I|We|"
                      r"You|They|This|That|Ways|Things|Steps|Tips|Reasons|Days|Years|Weeks|Months|Minutes|Hours|"
                      r"Times|Miles|Rocky|Hard|Open|Whole)\b)")
_NAME_WORD = _NOT_A_STREET_NAME + r"(?:[A-Z][A-Za-z'’-]+|\d{1,3}(?:st|nd|rd|th))"
_STREET_TYPE = (r"(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Place|Pl|Terrace|Way|"
                r"Close|Crescent|Parade|Highway|Hwy|Square|Sq|Gardens|Grove|Mews|Row|Parkway|Pkwy|Circle|Trail|"
                r"Alley|Esplanade|Quay|Embankment)\b")
_CITY = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}"
_POSTCODE = (r"(?:[A-Z]{2}\s+\d{5}(?:-\d{4})?"  # US state and ZIP
             r"|Dublin\s+(?:6W|1\d|2[0-4]|[1-9])"  # Dublin's postal districts
             r"|(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\s+\d{4}"  # Australian state and postcode
             r"|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"  # UK
             r"|(?:[A-Z]{2}\s+)?[A-Z]\d[A-Z]\s?\d[A-Z]\d"  # Canada, with its province
             r"|[ACDEFHKNPRTVWXY]\d[\dW]\s?[0-9ACDEFHKNPRTVWXY]{4})\b")  # Irish Eircode
# a postcode, or a city (and its district) with a number after it: "Cape Town 8001", "Bengaluru 560001"
_TAIL = (r"(?:,?\s+(?:(?:" + _CITY + r",?\s+){0,2}" + _POSTCODE + r"|(?:" + _CITY + r",\s+)?" + _CITY
         + r"\s+(?:\d{4}|\d{3}\s?\d{3})\b))?")
_CONTINENTAL_TAIL = r"(?:,?\s+\d{4,5}(?:-\d{3})?\s?(?:[A-Z]{2}\s+)?[A-Z][\w-]+)?"  # 10117 Berlin, 1012 AB Amsterdam

_ENGLISH_ADDRESS = (
    r"(?:(?:Flat|Apt|Apartment|Unit|Suite)\.?\s+\w{1,4},?\s+)?(?P<num>" + _NUM + r"),?\s+"
    r"(?:(?:North|South|East|West|N|S|E|W)\.?\s+)?" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){0,3}\s+" + _STREET_TYPE
    + r"(?:\s+(?:NW|NE|SW|SE|N|S|E|W|North|South|East|West)\b)?(?:\.?,?\s+(?:Apt|Apartment|Suite|Ste|Unit|Flat)\.?\s*#?\w{1,5}\b)?" + _TAIL)
_FRENCH_ADDRESS = (
    _NUM + r"(?:\s*(?:bis|ter)\b)?,?\s+(?:[Rr]ue|[Aa]venue|[Bb]oulevard|[Bb]d|[Pp]lace|[Cc]hemin|[Aa]llée|[Ii]mpasse|"
    r"[Qq]uai|[Rr]oute|[Cc]ours)\s+(?:(?:de\s+la|de\s+l'|de|du|des|d'|l'|la|le)\s*)?[A-ZÉÈ][\w'’-]+"
    r"(?:\s+(?:de|du|des|la|le|[A-ZÉ][\w'’-]+)){0,3}" + _CONTINENTAL_TAIL)
_GERMANIC_ADDRESS = (
    r"(?:[A-ZÄÖÜ][\w-]*(?:straße|strasse|str\.|weg|allee|gasse|platz|damm|ufer|gracht|straat|laan|plein|kade|"
    r"singel|steeg|dreef)|[A-ZÄÖÜ][\w-]+\s+(?:Straße|Strasse|Str\.|Weg|Allee|Gasse|Platz|Damm))"
    r"\s+\d{1,3}[a-z]?\b(?![.:]?\d)" + _CONTINENTAL_TAIL)  # no 4-digit house numbers: "Talstraße 2016" is an event
_ROMANCE_ADDRESS = (
    r"(?:Via|Viale|Piazza|Piazzale|Corso|Largo|Vicolo|Calle|Carrer|Avenida|Av\.|Rua|Travessa|Alameda|Plaza|Paseo|"
    r"Praça|Rambla)\s+(?:(?:de|del|della|delle|dei|di|da|do|dos|das|la|las|los|el|dels)\s+)*[A-ZÁÉÍÓÚÂÊÔÃÕÇ][\w'’.-]*"
    r"(?:\s+(?:(?:de|del|della|di|da|do|dos|das|la|las|los)\s+)*[A-ZÁÉÍÓÚ][\w'’.-]*){0,3},?\s+(?:n[.º°o]*\s*)?"
    r"\d{1,5}[A-Za-z]?\b(?!\s*[a-z%])" + _CONTINENTAL_TAIL)  # "Via Zoom 2 times" is not an address
_PO_BOX = (r"(?:P\.?\s?O\.?\s?Box|Post\s+Office\s+Box|Postfach|Postbus|Apartado(?:\s+de\s+Correos)?|"
           r"Casella\s+Postale|Caixa\s+Postal|Boîte\s+[Pp]ostale)\s+\d{1,6}(?:\s\d{2,3}){0,2}\b" + _TAIL)
_ADDRESS = re.compile(r"(?<![\w$£€.,/:+-])(?:" + "|".join(
    (_ENGLISH_ADDRESS, _FRENCH_ADDRESS, _GERMANIC_ADDRESS, _ROMANCE_ADDRESS, _PO_BOX)) + ")")
_POSTCODE_AFTER_WORD = re.compile(
    r"\b(?:post\s?code|postal\s+code|zip(?:\s?code)?|PLZ|code\s+postal|Eircode|CEP)(?:\s+(?:is|was)\b)?\s*:?\s*"
    r"(" + _POSTCODE + r"|\d{5}(?:-\d{3,4})?\b|\d{4}\s?[A-Z]{2}\b)", re.IGNORECASE)
_YEAR_AFTER = re.compile(r"\b(?:in|since|by|of|until|from|to|before|after|around|circa)\s+$", re.IGNORECASE)
# "Chapter 7 Park Avenue Blues": a number that counts something else, not a house
_COUNTED_BEFORE = re.compile(r"\b(?:chapter|page|step|part|week|day|session|no|number|vol|volume|episode|season|track|"
                             r"bus|route|platform|gate|level|room|figure|table|line|verse)\.?\s+$", re.IGNORECASE)


_A_DIGIT = re.compile(r"\d")


def _addresses(text: str):
    if not _A_DIGIT.search(text):  # every address form has a number in it
        return
    for m in _ADDRESS.finditer(text):
        num = m.group("num")
        if num and len(num) == 4 and num[:2] in ("19", "20") and _YEAR_AFTER.search(text, 0, m.start()):
            continue  # "in 2019 Oxford Street was closed": a year
        if num and _COUNTED_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue
        yield _label(m.start(), m.end(), ADDRESS)
    for m in _POSTCODE_AFTER_WORD.finditer(text):
        yield _label(m.start(1), m.end(1), ADDRESS)


# ---- phone numbers ------------------------------------------------------------------------------

_DIGITS = "0123456789"
_PHONE_CANDIDATE = re.compile(r"(?:\(?\+|\()?\d[\d \t\u00a0().\-/–]*\d")
_PHONE_CONTEXT = 12  # characters either side the matcher sees: it rejects "10:30", "$", "ISBN"-like shapes by them
# What the matcher lets through on real pages: dates with a time after them ("29.10.19 18:30 Uhr"), date
# ranges ("28.01. - 05.02."), compact dates (20160709), year ranges, thousands (61.783.588), counting.
_NOT_A_PHONE = re.compile(
    r"\d{1,2}\.\s?\d{1,2}\.|\d{1,4}([./-])\d{1,2}\1\d{1,4}|(?:19|20)\d\d\s*[/–-]\s*(?:19|20)\d\d"
    r"|^(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$|^\d{1,3}(?:[.,]\d{3})+$")
_SINGLE_DIGITS = re.compile(r"(?<!\d)\d(?!\d)")
_JOINED_BEFORE = re.compile(r"[\w/=.-]")  # the character just before a number that is part of something else
_JOINED_AFTER = re.compile(r"[\w/=]|[.-]\w|:\d")
_ISBN_BEFORE = re.compile(r"ISBN(?:-1[03])?:?\s*$", re.IGNORECASE)


def _phones(text: str):
    """Numbers phonenumbers finds valid (Leniency.VALID) for one of PHONE_REGIONS, in the stretches of
    digits and separators that hold at least MIN_PHONE_DIGITS digits; the longest where regions differ."""
    if sum(map(text.count, _DIGITS)) < MIN_PHONE_DIGITS:
        return
    for cand in _PHONE_CANDIDATE.finditer(text):
        if sum(c.isdigit() for c in cand.group()) < MIN_PHONE_DIGITS:
            continue
        lo = max(0, cand.start() - _PHONE_CONTEXT)
        window = text[lo:cand.end() + _PHONE_CONTEXT]
        found: dict[int, int] = {}
        # a +CC number reads the same from any region; most others are found by the first few regions
        regions = PHONE_REGIONS[:1] if cand.group().lstrip("(").startswith("+") else PHONE_REGIONS
        for region in regions:
            for m in PhoneNumberMatcher(window, region, leniency=Leniency.VALID):
                start, end = lo + m.start, lo + m.end
                end = min(end, cand.end())  # "ext. 204" after the number stays: it identifies no one
                if cand.start() <= start < end and end > found.get(start, 0):
                    found[start] = end
            if found.get(cand.start()) == cand.end():
                break  # the whole stretch is one number: no region can find a longer one
        yield from _longest(text, found)


def _longest(text: str, found: dict[int, int]):
    """Of overlapping matches the longest, less dates and ISBNs the matcher lets through."""
    spans = sorted(found.items(), key=lambda s: (s[0] - s[1], s[0]))
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if any(start < e and end > s for s, e in kept):
            continue
        number = text[start:end]
        if _NOT_A_PHONE.search(number) or _ISBN_BEFORE.search(text, max(0, start - 12), start):
            continue
        if len(_SINGLE_DIGITS.findall(number)) >= 3:  # "1 2 3 4 5 6 7 8 9 10": counting, not dialling
            continue
        if sum(c.isdigit() for c in number) < MIN_PHONE_DIGITS:
            continue
        # part of a word, a link's path or a time: "artikel/48/48756/1.html", "1.3067250", "20:34", "22:38"
        if (start and _JOINED_BEFORE.match(text, start - 1)) or _JOINED_AFTER.match(text, end):
            continue
        kept.append((start, end))
        yield _label(start, end, PHONE)


# ---- names the caller gives ---------------------------------------------------------------------

@dataclass(frozen=True)
class _NamePattern:
    pattern: re.Pattern
    replacements: dict[str, str]
    capitalised: frozenset[str]  # names that are also words (Hope, Will), given with a capital: only so

    def spans(self, text: str):
        for m in self.pattern.finditer(text):
            key = " ".join(m.group().split()).casefold()
            if key in self.capitalised and m.group()[0].islower():
                continue  # "I hope", not the commenter Hope
            yield m.start(), m.end(), NAME, self.replacements[key]


# First names that are everyday words: written in lower case in a thread, they are the word ("I hope",
# "you will"), not the commenter; other names are found in any case ("thanks jonas").
_NAMES_THAT_ARE_WORDS = frozenset(
    "hope grace will faith joy rose may june april mark bill pat sue frank grant dawn summer autumn iris "
    "violet art ray rich rob jack max guy chance honey ruby amber jade pearl holly ivy lily daisy heather "
    "sky rain storm river bud buck chip dean drew gene glen hunter mason miles noble reed sandy spring "
    "sunny trinity angel beau bliss charity destiny harmony justice liberty love patience prudence unity".split())


@lru_cache(maxsize=256)  # an export asks again with the same commenters for every comment of a thread
def _names_pattern(names: tuple[tuple[str, str], ...]) -> _NamePattern | None:
    replacements: dict[str, str] = {}
    capitalised = set()
    for name, replacement in names:
        name = " ".join(name.split())
        if len(name) > 2:
            replacements.setdefault(name.casefold(), replacement)
            if name[0].isupper() and name.casefold() in _NAMES_THAT_ARE_WORDS:
                capitalised.add(name.casefold())
    if not replacements:
        return None
    ordered = sorted(replacements, key=lambda n: (-len(n), n))
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in ordered)
    return _NamePattern(re.compile(r"(?<![\w-])(?:" + alternatives + r")(?![\w-])", re.IGNORECASE), replacements,
                        frozenset(capitalised))
