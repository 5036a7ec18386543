"""exports/redact.py against hand-labelled sentences (tests/redaction_cases.py), and the properties every
text must keep: redacting is idempotent, placeholders survive whole, and no text makes it raise."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exports.redact import LABELS, Redacted, is_profile_url, redact
from tests.redaction_cases import CASES

_PLACEHOLDER = re.compile(r"\[(%s)\]" % "|".join(LABELS))


def _param(case):
    marks = [pytest.mark.xfail(strict=True, reason=case.miss)] if case.miss else []
    return pytest.param(case, marks=marks, id=case.text[:60])


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_case(case):
    assert redact(case.text, case.names).text == case.expected


@pytest.mark.parametrize("case", [pytest.param(c, id=c.text[:60]) for c in CASES])
def test_idempotent(case):
    once = redact(case.text, case.names).text
    assert redact(once, case.names).text == once


def test_counts_by_label():
    result = redact("Mail a@example.org or b@example.org, call +44 20 7946 0958, thanks Jonas",
                    {"Jonas": "commenter-3f2a"})
    assert result == Redacted("Mail [EMAIL] or [EMAIL], call [PHONE], thanks commenter-3f2a",
                              {"EMAIL": 2, "PHONE": 1, "NAME": 1})
    assert redact("Nothing personal here.").found == {}


def test_names_longest_first_and_short_names_ignored():
    names = {"Mary": "c-2", "Mary Ann": "c-1", "Jo": "c-3", "": "c-4"}
    assert redact("Mary Ann, Mary and Jo", names).text == "c-1, c-2 and Jo"


def test_names_do_not_touch_placeholders():
    """A commenter called Email or Phone must not break the placeholders around them."""
    result = redact("[EMAIL] and [PHONE] from Email", {"Email": "commenter-e", "Phone": "commenter-p"})
    assert result.text == "[EMAIL] and [PHONE] from commenter-e"


def test_names_inside_other_items_follow_them():
    names = {"Jonas": "commenter-3f2a"}
    assert redact("@Jonas and jonas@example.org", names).text == "[HANDLE] and [EMAIL]"
    assert redact("https://example.org/jonas-story stays", names).text == "https://example.org/jonas-story stays"


def test_profile_urls():
    assert is_profile_url("linkedin.com/in/jane-doe")
    assert is_profile_url("https://mastodon.social/@jane")
    assert not is_profile_url("https://www.linkedin.com/company/mind")
    assert not is_profile_url("https://janedoe.substack.com/p/first")
    assert not is_profile_url("https://twitter.com/")


# Fragments that make the detectors fire and overlap; hypothesis joins them with arbitrary text.
_FRAGMENTS = ["[EMAIL]", "[PHONE]", "[ADDRESS]", "[HANDLE]", "[PROFILE_URL]", "[", "]", "@", " at ", " dot ",
              "(at)", "[dot]", ".", "com", "jane", "Jonas", "gmail", "+44 20 7946 0958", "020", "7946", "0958",
              " ", "12", "Baker Street", "rue de la Paix", "Hauptstraße 5", "https://", "x.com/", "github.com/",
              "/@", "www.", "PO Box 12", "SW1A 1AA", "postcode ", "-", "/", ":", "\n", "EMAIL", "PHONE"]
_TEXT = st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=8)), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.booleans())
def test_never_raises_and_placeholders_survive_whole(text, with_names):
    names = {"Jonas": "commenter-3f2a", "Email": "commenter-e"} if with_names else None
    result = redact(text, names)
    assert redact(result.text, names).text == result.text
    before = _count_placeholders(text)
    after = _count_placeholders(result.text)
    for label in LABELS:  # each old placeholder is still there, whole, and each new one was counted
        assert after.get(label, 0) == before.get(label, 0) + result.found.get(label, 0)


def _count_placeholders(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for m in _PLACEHOLDER.finditer(text):
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    return counts
