"""Search queries as researchers type them, made into a valid FTS5 MATCH expression and field filters.

``grief -divorce``, ``"leave a reply"``, ``kind*``, ``self-care OR burnout``, ``NEAR(grief loss, 5)``,
``author:"Daniel Okafor" since:2021``: every word reaches FTS5 as a quoted string, so punctuation
(``self-care``, ``can't``, ``c++``, ``note:``) is never read as FTS5 syntax or as a column filter.
Case and diacritics are left to the FTS5 tokenizer (unicode61 folds them)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate

# the filters a query may hold inline, each with the example its error messages show
FILTER_EXAMPLES = {
    "author": 'author:"Daniel Okafor"', "site": "site:example.org", "type": "type:comment",
    "since": "since:2021-03-01", "until": "until:2022", "platform": "platform:wordpress", "language": "language:en",
}
_TYPES = ("post", "comment")
_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
# FTS5's parser overflows its stack ("parser stack overflow") at 33 levels of '"a" AND (...)'; one level of
# a person's parentheses can become several (an OR inside an AND before a NOT): the worst shapes measured
# pass at 13 levels (tests/test_query.py tries them at this depth)
MAX_DEPTH = 8
# a word or "phrase" (either may end in * for a prefix search) inside NEAR(...)
_NEAR_TERM = re.compile(r'"([^"]*)"(\*?)|([^\s"(),]+)')
_LEX = re.compile(rf"""
    \s+
  | NEAR\(\s*(?P<near>(?:{_NEAR_TERM.pattern})(?:\s+(?:{_NEAR_TERM.pattern}))*)\s*(?:,\s*(?P<distance>\d+)\s*)?\)
  | (?P<name>(?i:{"|".join(FILTER_EXAMPLES)})):(?:"(?P<quoted>[^"]*)"|(?P<bare>[^\s"()]*))
  | (?P<minus>-)(?=[^\s)-])
  | "(?P<phrase>[^"]*)"(?P<star>\*?)
  | (?P<paren>[()])
  | (?P<word>[^\s"()]+)
""", re.VERBOSE)
# curly quotes pasted from a word processor mean what " means
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"'})


class QuerySyntaxError(ValueError):
    """A search query that cannot be read; the message says what is wrong and how to write it."""


@dataclass(frozen=True)
class ParsedQuery:
    """What a query asks for: ``fts`` for FTS5's MATCH (None when it holds only filters) and the
    inline ``filters`` by name (``author``, ``site``, ``type``, ``since``, ``until``, ``platform``, ``language``)."""

    fts: str | None
    filters: dict[str, str] = field(default_factory=dict, hash=False)


def parse_query(text: str) -> ParsedQuery:
    """Read ``text`` as a researcher types it; raise QuerySyntaxError, saying how to fix it, if it cannot be read."""
    query = text.replace("\x00", " ").translate(_QUOTES)  # FTS5 would end a string at NUL
    if not query.strip():
        raise QuerySyntaxError("empty search query; type a word to find, e.g. grief")
    if query.count('"') % 2:
        raise QuerySyntaxError(f"unbalanced quote in {text!r}: put a phrase between two quotes, e.g. \"leave a reply\"")
    parser = _Parser(_tokens(query))
    fts = parser.group(0)
    if fts is None and not parser.filters:
        raise QuerySyntaxError(f"nothing to search for in {text!r}: type a word of letters or digits, e.g. grief")
    return ParsedQuery(fts, parser.filters)


def _tokens(query: str) -> list[tuple[str, object]]:
    """The query as (kind, value) tokens: term (FTS5 text, or None if it holds no word), and, or, not,
    parentheses (dropped when they do not balance: then they are punctuation, as in "grief :)") and filter."""
    tokens, pos = [], 0
    while pos < len(query):
        match = _LEX.match(query, pos)  # every character starts an alternative: quotes are paired already
        pos = match.end()
        if (token := _token(match)) is not None:
            tokens.append(token)
    depths = list(accumulate({"(": 1, ")": -1}.get(kind, 0) for kind, _ in tokens)) or [0]
    balanced = min(depths) >= 0 and depths[-1] == 0
    return tokens if balanced else [t for t in tokens if t[0] not in ("(", ")")]


def _token(match: re.Match) -> tuple[str, object] | None:
    """One token from a match of _LEX; None for white space."""
    if match["near"] is not None:
        return "term", _near(match["near"], match["distance"])
    if match["name"]:
        value = match["quoted"] if match["quoted"] is not None else match["bare"]
        return "filter", (match["name"].lower(), value)
    if match["minus"]:
        return "not", "-"
    if match["phrase"] is not None:
        return "term", _phrase(match["phrase"], match["star"])
    if match["paren"]:
        return match["paren"], None
    if match["word"] in ("AND", "OR", "NOT"):  # FTS5's operators are upper case; "or" is a word
        return match["word"].lower(), match["word"]
    return ("term", _word(match["word"])) if match["word"] else None


def _phrase(text: str, star: str) -> str | None:
    """``text`` as an FTS5 string (it holds no quote), or None when it holds no word: FTS5 would make it
    an empty phrase, which makes an AND find nothing."""
    return f'"{text}"{star}' if any(c.isalnum() for c in text) else None


def _word(word: str) -> str | None:
    """A bare word as an FTS5 string, a trailing * kept outside the quotes for a prefix search."""
    if word.startswith("*"):
        raise QuerySyntaxError(f"{word!r}: a search cannot start with *; a prefix search ends with it, e.g. kind*")
    stem = word.rstrip("*")
    return _phrase(stem, "*" if stem != word else "")


def _near(terms: str, distance: str | None) -> str | None:
    """NEAR(a "b c", 5) with each word and phrase quoted."""
    found = [_phrase(m[1], m[2]) if m[3] is None else _word(m[3]) for m in _NEAR_TERM.finditer(terms)]
    found = [term for term in found if term]
    return f"NEAR({' '.join(found)}{', ' + distance if distance else ''})" if found else None


class _Parser:
    """Reads tokens as people mean them: a group is words to find, AND-ed, each possibly an OR of
    words, and words to exclude (NOT word, -word); the group finds its words NOT any excluded one."""

    def __init__(self, tokens: list[tuple[str, object]]):
        self.tokens, self.pos, self.filters = tokens, 0, {}

    def _peek(self) -> str:
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else "end"

    def _take(self) -> tuple[str, object]:
        self.pos += 1
        return self.tokens[self.pos - 1] if self.pos <= len(self.tokens) else ("end", None)

    def group(self, depth: int) -> str | None:
        """A group up to its ")" or the end, as FTS5: None if it holds no word."""
        found, excluded = [], []
        while (kind := self._peek()) not in ("end", ")"):
            if kind == "filter" and depth == 0:
                self._filter(*self._take()[1])
            elif kind == "and":
                self._take()
            elif kind == "not":
                excluded.append(self._unary(self._take()[1], depth))
            else:
                found.append(self._either(depth))
        found, excluded = [f for f in found if f], [e for e in excluded if e]
        if excluded and not found:
            raise QuerySyntaxError("a search needs at least one word to find, e.g. 'grief -divorce'")
        if not excluded:
            return _join(found, "AND") if found else None
        return f"{_atom(_join(found, 'AND'))} NOT {_atom(_join(excluded, 'OR'))}"

    def _either(self, depth: int) -> str | None:
        """Terms joined by OR."""
        terms = [self._unary("OR", depth)]
        while self._peek() == "or":
            self._take()
            terms.append(self._unary("OR", depth))
        terms = [t for t in terms if t]
        return _join(terms, "OR") if terms else None

    def _unary(self, after: str, depth: int) -> str | None:
        """A term or a (group), the operand of the operator ``after``."""
        kind, value = self._take()
        if kind == "term":
            return value
        if kind == "(":
            if depth >= MAX_DEPTH:
                raise QuerySyntaxError(f"parentheses nest more than {MAX_DEPTH} deep; write the search more simply")
            inner = self.group(depth + 1)
            self._take()  # its ")": parentheses that do not balance are dropped by _tokens
            return inner
        if kind == "filter":
            name, value = value
            raise QuerySyntaxError(f"{name}:{value} filters the whole search: put it outside parentheses, OR and NOT, "
                                   f"e.g. 'grief {name}:{value}'")
        if after == "OR":
            raise QuerySyntaxError("OR needs a word to find on each side, e.g. 'grief OR loss' "
                                   "(to find the word itself, quote it: \"OR\")")
        example = "grief -divorce" if after == "-" else "grief NOT divorce"
        raise QuerySyntaxError(f"{after} needs a word after it, e.g. '{example}'")

    def _filter(self, name: str, value: str) -> None:
        """Keep a filter, checked: given once, with a value of its kind."""
        value = value.strip()
        if not value:
            raise QuerySyntaxError(f"{name}: needs a value right after the colon, e.g. {FILTER_EXAMPLES[name]}")
        if name in self.filters:
            raise QuerySyntaxError(f"{name}: is given twice; a search takes one, e.g. {FILTER_EXAMPLES[name]}")
        if name == "type" and value.lower() not in _TYPES:
            raise QuerySyntaxError(f"type:{value} is not a type; use type:post or type:comment")
        if name in ("since", "until") and not _DATE.fullmatch(value):
            raise QuerySyntaxError(f"{name}:{value} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD, "
                                   f"e.g. {FILTER_EXAMPLES[name]}")
        self.filters[name] = value.lower() if name == "type" else value


def _join(items: list[str], operator: str) -> str:
    """Items joined by an FTS5 operator, each in parentheses unless it is one term."""
    return f" {operator} ".join(_atom(item) for item in items) if len(items) > 1 else items[0]


_ATOM = re.compile(r'"[^"]*"\*?|NEAR\((?:"[^"]*"\*?|[\s,\d])*\)')


def _atom(expression: str) -> str:
    """``expression`` as one operand: in parentheses unless it is a single string or NEAR group."""
    return expression if _ATOM.fullmatch(expression) else f"({expression})"
