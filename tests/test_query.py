"""A query as a researcher types it finds what they mean, run against real SQLite FTS5, and whatever they
type either becomes an expression FTS5 accepts or an error that says how to write it."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.query import MAX_DEPTH, ParsedQuery, QuerySyntaxError, parse_query

DOCS = {
    "grief": "Writing about grief helped me after the loss of my mother.",
    "divorce": "The grief of a divorce is a grief too.",
    "self-care": "Self-care is not selfish.",
    "self": "On being self reliant at work.",
    "kindness": "Small acts of kindness, every day.",
    "phrase": "Comments are open: please leave a reply below.",
    "scattered": "Reply to a comment when you leave the page.",
    "café": "We met at the café on Tuesdays.",
    "cafe": "The cafe downstairs closed early.",
    "punctuation": "Note: I can't code in C++ and don't want to.",
}


@pytest.fixture(scope="module")
def db():
    conn = sqlite3.connect(":memory:")
    # the tokenizer the archive's search is meant to use: case and diacritics fold in SQLite, not in Python
    conn.execute("create virtual table docs using fts5(name, text, tokenize='porter unicode61 remove_diacritics 2')")
    conn.executemany("insert into docs (name, text) values (?, ?)", DOCS.items())
    yield conn
    conn.close()


def found(db: sqlite3.Connection, query: str) -> set[str]:
    """The names of the documents ``query`` finds (its text only: filters are the caller's)."""
    return {row[0] for row in db.execute("select name from docs where docs match ?", (parse_query(query).fts,))}


@pytest.mark.parametrize("query, expected", [
    ("grief -divorce", {"grief"}),
    ("grief NOT divorce", {"grief"}),
    ("grief -divorce -mother", set()),
    ('grief -"my mother"', {"divorce"}),
    ('"leave a reply"', {"phrase"}),
    ("leave reply", {"phrase", "scattered"}),
    ("self-care", {"self-care"}),
    ("self", {"self-care", "self"}),
    ("kind*", {"kindness"}),
    ("café", {"café", "cafe"}),
    ("cafe", {"café", "cafe"}),
    ("CAFÉ", {"café", "cafe"}),
    ("grief OR kindness", {"grief", "divorce", "kindness"}),
    ("grief or kindness", set()),  # lower-case or is a word
    ("(grief OR kindness) -divorce", {"grief", "kindness"}),
    ("NEAR(leave reply, 2)", {"phrase"}),
    ("NEAR(leave reply, 10)", {"phrase", "scattered"}),
    ("c++ can't", {"punctuation"}),
    ("don't", {"punctuation"}),
    ("note: code", {"punctuation"}),  # note: is no filter: a word
    ("“leave a reply”", {"phrase"}),  # curly quotes pasted from a word processor
    ("grief :)", {"grief", "divorce"}),  # parentheses that do not balance are punctuation
])
def test_finds_what_a_person_means(db, query, expected):
    assert found(db, query) == expected


@pytest.mark.parametrize("query, fts", [
    ("grief -divorce", '"grief" NOT "divorce"'),
    ("a -b -c", '"a" NOT ("b" OR "c")'),
    ("a b -c", '("a" AND "b") NOT "c"'),
    ("grief OR loss burnout", '("grief" OR "loss") AND "burnout"'),
    ("self-care", '"self-care"'),
    ("kind*", '"kind"*'),
    ('"leave a re"*', '"leave a re"*'),
    ("NEAR(grief loss, 5)", 'NEAR("grief" "loss", 5)'),
    ("NEAR(grief", '"NEAR" AND "grief"'),  # not a well-formed NEAR: words
    ("https://example.org/x", '"https://example.org/x"'),
    ("grief -", '"grief"'),  # a lone - is punctuation
])
def test_the_expression_it_makes(query, fts):
    assert parse_query(query).fts == fts


def test_filters_are_taken_out_of_the_search(db):
    parsed = parse_query('author:"Daniel Okafor" grief')
    assert parsed == ParsedQuery('"grief"', {"author": "Daniel Okafor"})
    assert found(db, 'author:"Daniel Okafor" grief') == {"grief", "divorce"}


def test_every_filter():
    parsed = parse_query("Type:Comment since:2021-03-01 until:2022 site:example.org platform:wordpress "
                         "language:en author:Jonas kindness")
    assert parsed.fts == '"kindness"'
    assert parsed.filters == {"type": "comment", "since": "2021-03-01", "until": "2022", "site": "example.org",
                              "platform": "wordpress", "language": "en", "author": "Jonas"}


def test_only_filters_lists_rows_without_a_search():
    assert parse_query("author:Jonas") == ParsedQuery(None, {"author": "Jonas"})


@pytest.mark.parametrize("query, needle", [
    ("", "empty search query"),
    ("   ", "empty search query"),
    ('"leave a reply', 'between two quotes, e.g. "leave a reply"'),
    ('author:"Daniel Okafor', "unbalanced quote"),
    ("-divorce", "a search needs at least one word to find, e.g. 'grief -divorce'"),
    ("NOT divorce -separation", "a search needs at least one word to find"),
    ("*", "cannot start with *"),
    ("*kind", "cannot start with *; a prefix search ends with it, e.g. kind*"),
    ("!!!", "nothing to search for"),
    ("grief OR", "OR needs a word to find on each side"),
    ("grief OR -divorce", "OR needs a word to find on each side"),
    ("grief NOT", "NOT needs a word after it"),
    ("(grief author:Jonas)", "filters the whole search"),
    ("grief OR author:Jonas", "filters the whole search"),
    ("grief -author:Jonas", "filters the whole search"),
    ("author: Jonas", "author: needs a value right after the colon"),
    ("since:yesterday", "since:yesterday is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
    ("until:2022-13", "is not a date"),
    ("type:page", "use type:post or type:comment"),
    ("author:a author:b", "author: is given twice"),
    ("(" * (MAX_DEPTH + 1) + "grief" + ")" * (MAX_DEPTH + 1), "parentheses nest more than"),
])
def test_what_cannot_be_read_is_one_line_that_says_how_to_fix_it(query, needle):
    with pytest.raises(QuerySyntaxError) as raised:
        parse_query(query)
    assert needle in str(raised.value) and "\n" not in str(raised.value)


@pytest.mark.parametrize("shape", ["a OR (b {} -c) -d", "NEAR(a b) (x OR NEAR(c d) {} -e)", "a OR b (c OR {} -e)"])
def test_the_deepest_nesting_allowed_is_accepted_by_fts5(db, shape):
    # shapes whose every level of parentheses makes the most operators: FTS5's parser stack overflows
    # at a fixed depth of operators, not of parentheses
    query = "grief"
    for _ in range(MAX_DEPTH):
        query = shape.format(query)
    db.execute("select name from docs where docs match ?", (parse_query(query).fts,)).fetchall()


# pieces of FTS5's and the query language's syntax, so that random queries reach them often
SYNTAX = st.sampled_from(['"', "(", ")", "-", "*", " ", "OR", "AND", "NOT", "NEAR(", ",", "5", ":", "^", "+",
                          "author:", "since:", "type:", "grief", "é", "\x00", "\t", "“"])


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(), st.lists(st.one_of(SYNTAX, st.text(max_size=3)), max_size=30).map("".join)))
def test_any_text_is_an_error_or_an_expression_fts5_accepts(db, text):
    try:
        parsed = parse_query(text)
    except QuerySyntaxError as error:
        assert "\n" not in str(error)
        return
    if parsed.fts is None:
        assert parsed.filters
    else:
        db.execute("select name from docs where docs match ?", (parsed.fts,)).fetchall()
