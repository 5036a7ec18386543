"""What a plain-text capture of a blog page prints besides the post and its comments. Data only.

A text capture has no markup to say where the post ends, so these are whole-line patterns (matched after
spaces, no-break spaces included, are collapsed), grouped by what the line is. ``text_capture`` reads them.
The HTML side's vocabulary is reused from ``boilerplate``: ``FORM_BLOCK`` (form and counter lines) and
``SEO_SPAM_LEADS`` (link-farm sentences, found by ``find_seo_lead``), so one phrase is never listed twice.
"""

from __future__ import annotations

import re
from types import MappingProxyType

from .boilerplate import FORM_BLOCK, SEO_SPAM_LEADS, find_seo_lead

__all__ = [
    "FORM_BLOCK", "SEO_SPAM_LEADS", "find_seo_lead", "DROP", "MENU_CHAIN", "MENU_SEPARATORS", "PLACEHOLDER", "THREAD_HEADING",
    "THREAD_END", "POST_FOOTER", "ABOUT_AUTHOR", "BIO_OPENING", "NO_LETTERS", "DATE_LINE", "DATE_START", "BYLINES",
    "BY_PREFIX", "TIME_ONLY", "COMMENT_HEADERS", "STRONG_HEADERS", "NUMBERED_NAME", "PINGBACK", "PINGBACK_EXCERPT",
    "IN_REPLY_TO", "SENTENCE_INSIDE", "NAME_ABBREVIATION", "NOT_A_NAME",
]


def _lines(*alternatives: str) -> re.Pattern:
    """One pattern that matches a whole line equal to any of ``alternatives``."""
    return re.compile(r"^(?:" + "|".join(alternatives) + r")$", re.I)


_NUMBER_WORD = r"(?:\d+|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"

# Lines dropped wherever they stand, by concept (read-only: callers do not add to it).
DROP = MappingProxyType({
    # WordPress.com / Jetpack login widget above the comment box; the alt text of its service icons
    "login widget": _lines(
        r"you are commenting using your\b.* account\.? *\(? *log ?out */? *change *\)?",
        r"fill in your details below or click an icon to log in:?( logo)?",
        r"(wordpress\.com|gravatar|google|twitter|x|facebook|openid) (photo|picture|logo|icon|avatar)",
        r"logo", r"connecting to %s", r"comment as:?.*", r"sign in with (google|twitter|facebook|wordpress\.com)",
        r"enter your comment here\.*", r"you must be (logged in|registered) to post a comment\.?",
    ),
    # the comment form: labels, checkboxes, buttons, policy lines
    "comment form": _lines(
        r"(name|e-?mail|email address|website|url|comment|message|your (name|e-?mail|comment|website))"
        r"( \((required|optional)\))?( \(address never made public\))? ?\*?:?",
        r"save my name,? e-?mail,? and website in this browser.*", r"notify me of (follow-up|new) .*",
        r"(post|submit|publish|preview|send) ?(comment|reply)?", r"\u0394", r"cancel reply",
        r"your email address will not be published\.?.*", r"required fields are marked \*",
        r"this site uses akismet to reduce spam\..*", r"want to join the discussion\?.*", r"feel free to contribute!?",
        r"your comment is awaiting moderation\.?", r"note: only a member of this blog may post a comment\.?",
    ),
    # arithmetic and "are you human" captchas: "2 + three =", "seven × 4 = ?"
    "captcha": _lines(
        rf"{_NUMBER_WORD} *[-+×x*] *{_NUMBER_WORD}? *= *(\?|\d+|{_NUMBER_WORD}|\.)?",
        rf"{_NUMBER_WORD}? *[-+×x*] *{_NUMBER_WORD} *= *{_NUMBER_WORD}?",
        r"please enter an answer in digits:?", r"time limit is exhausted\..*", r"(re)?captcha( code)?:?",
        r"i'?m not a robot", r"privacy ?- ?terms", r"(type|enter) the (characters|text|code|word)s? .*",
    ),
    # share and like buttons, their counters and labels
    "share and like": _lines(
        r"share( this( post| article| story)?)?:?", r"like this:?", r"like( \(\d+\))?", r"\d+ likes?",
        r"(like )?liked by .*", r"be the first to like this\.?", r"loading\.*|loading…", r"reblog",
        r"(twitter|facebook|pinterest|linkedin|reddit|tumblr|whatsapp|telegram|pocket|threads|bluesky|"
        r"mastodon|email|e-mail|print|more|x|tweet|pin it)",
        r"(click to|share on|share to|share via) .*", r"(email this|blogthis!|share to \w+)+.*",
        r"subscribe(d)?", r"follow", r"(restack|restacks)( \d+)?", r"listen", r"\d+ min(ute)? read",
        r"member-only story",
    ),
    # the buttons and counters under one comment
    "comment actions": _lines(
        r"reply( ↓)?", r"log in to reply", r"reply to this comment", r"delete", r"replies", r"report( comment)?",
        r"edit", r"permalink", r"quote", r"flag", r"collapse", r"expand", r"\d+ more repl(y|ies)",
        r"(show|load|view|see) (more|all|\d+)( more)?( replies| comments)?\.*", r"hide replies",
        r"[↓↑^↩↪]", r"(up|down)vote", r"\d+ points?", r"add comment", r"sort by:?.*",
        r"(most recent|newest|oldest|most liked|top|best|popular)( first)?",
    ),
    # navigation printed before the title
    "navigation": _lines(
        r"skip to (main )?content", r"(main |open |close )?menu", r"toggle (navigation|menu)", r"search( for:?)?",
        r"close", r"home",
    ),
    # cookie banners
    "cookies": _lines(
        r"(we|this (site|website|blog)) uses? cookies\b.*", r"accept( all)?( cookies)?",
        r"cookie (settings|policy|preferences)", r"privacy policy",
    ),
    # the HTML side's form, counter and stray-label lines
    "form and counters": FORM_BLOCK,
})
# Menus, share bars and comment buttons whose words a text dump runs together: "Home About",
# "HomeAboutSubscribe", "ShareTweetPin it", "ReplyDelete", "Newer PostOlder PostHome". Matched against the
# line lower-cased with its spaces and bullets removed.
CHAIN_WORDS = (
    "home", "about", "aboutme", "aboutus", "contact", "contactus", "blog", "archive", "archives", "subscribe",
    "signin", "signup", "login", "logout", "search", "menu", "shop", "services", "resources", "faq", "podcast",
    "newsletter", "share", "tweet", "pinit", "email", "print", "facebook", "twitter", "linkedin", "pinterest",
    "reddit", "whatsapp", "reply", "delete", "like", "follow", "listen", "newerpost", "olderpost", "newerposts",
    "olderposts", "leaveacomment", "previous", "next", "more",
)
MENU_CHAIN = re.compile(r"^(?:" + "|".join(sorted(CHAIN_WORDS, key=len, reverse=True)) + r")+$")
MENU_SEPARATORS = re.compile(r"[\s•·|/»›>-]+")
# Image placeholders and empty form boxes that text browsers print: "[x]", "[avatar]", "[IMG]", "[      ]".
PLACEHOLDER = re.compile(r"\[(?:x|img|image|photo|picture|avatar|gravatar|icon|logo)\b[^\]]{0,60}\]|\[\s*\]",
                         re.I)

# Opens a comment thread: "26 replies", "3 comments:", "One thought on “Kindness”", "Comments".
THREAD_HEADING = _lines(
    rf"({_NUMBER_WORD}|no) (comments?|repl(y|ies)|responses?|thoughts?|reactions?)( (on|to) .*)?:?",
    r"comments( \(\d+\))?:?", r"responses:?", r"discussion( about this (post|article))?", r"reader comments",
    r"top comments", r"comments and restacks",
)
# Closes a comment thread (and ends a post): the comment form's heading, page and blog footers, sidebars.
THREAD_END = _lines(
    r"(leave|post|add|write|join) (a|the) (reply|comment|response|discussion|conversation)( to .*)?"
    r"( cancel reply)?\.*",
    r"leave a comment\.*", r"comments are (closed|off)\.?", r"(newer|older) posts?", r"(newer|older) post home",
    r"subscribe to:? post comments \(atom\)", r"(blog|website) at wordpress\.com\.?",
    r"powered by (blogger|wordpress)\.?",
    r"create a (free )?(website|blog|website or blog) at wordpress\.com\.?", r"privacy & cookies:.*",
    r"[«←]? *(previous|next|older|newer) (post|entry|article)s? *[»→]?(:.*)?", r"« older comments|newer comments »",
    r"recent (posts|comments)", r"archives", r"blogroll", r"back to top", r"(copyright *)?© *.*|copyright \d{4}.*",
    r"ready for more\?",
    r"(discover|start writing|get the app).*substack.*", r"sign up for more like this\.?",
    r"subscribe to (our|my|the) newsletter\.?",
)
# Ends a post (never part of it): category and tag lines, permalink line, related posts, post navigation.
POST_FOOTER = _lines(
    r"this entry was posted .*", r"bookmark the permalink\.?", r"(posted|filed) (in|under):? [^.]*",
    r"tagged:? .*", r"tags: .*", r"categor(y|ies): .*", r"labels: .*", r"posted by .+ at .+",
    r"about the author", r"view all posts by .*", r"related( posts| articles| reading)?:?",
    r"you (may|might) also (like|enjoy):?.*", r"more (posts|from .*)", r"share this:?", r"like this:?",
    r"email thisblogthis!.*", r"(written|posted|published) by [^.]{1,60}", r"posted",
    r"((posted|written) )?by", r"author:?",
)
# The theme's author box: "About norasblog" above a line or two of biography.
ABOUT_AUTHOR = re.compile(r"^about (?P<name>[^\s.?!:,;][^.?!:;]{0,38})$", re.I)
BIO_OPENING = re.compile(r"^(i am|i'm|i’m|i have|i’ve|i've|i work|my name|my practice|he is|she is|they are|"
                         r"he's|she's|(?P<name>.+?) (is|has|was|works|writes|lives))\b", re.I)
NO_LETTERS = re.compile(r"^[\W_]*$")  # ", , ," left by an empty tag list, "|", "•"

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_TIME = r"\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
# A line that is a date and nothing else, as blogs print them for posts and comments.
DATE_LINE = re.compile(
    rf"^(?:(?:posted on|posted|published|updated|on|at)\s+)?(?:{_TIME},?\s+)?"
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?"
    rf"(?:\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}}(?:[T ][\d:.+Z-]+)?|\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}})"
    rf"(?:,?\s*(?:at|@|-|–|·)?\s*{_TIME})?\.?$"
    r"|^\d+\s+(?:second|sec|minute|min|hour|hr|day|week|month|year|yr)s?\s+ago$",
    re.I,
)
# Who wrote the post and when, under the title or in its footer; ``author`` and ``date`` are checked after.
BYLINES = (
    re.compile(r"^posted in .+? on (?P<date>.+?)(?:\s+by\s+(?P<author>.+?))?$", re.I),
    re.compile(r"^(?:posted|written|published)\s+by\s+(?P<author>.+?)(?:\s+(?:on|at)\s+(?P<date>.+?))?\.?$", re.I),
    re.compile(r"^(?:posted|published|written)\s+on\s+(?P<date>.+?)(?:\s+by\s+(?P<author>.+?))?\.?$", re.I),
    re.compile(r"^by\s+(?P<author>.+?)(?:\s*(?:[,|·•–—]|\bon\b)\s*(?P<date>.+?))?$", re.I),
    re.compile(r"^(?P<date>.+?)\s+(?:by|[|·•–—])\s+(?P<author>.+?)$", re.I),
    re.compile(r"^this entry was posted (?:in .+? )?on (?P<date>.+?)(?: by (?P<author>.+?))?\.(?: .*)?$", re.I),
)
# The line that names a comment's author, most specific first; STRONG_HEADERS are WordPress's own wording,
# enough on their own to open a thread.
COMMENT_HEADERS = (
    ("says-date", re.compile(r"^(?P<name>.+?)\s+on\s+(?P<date>.+?)\s+(?:said|says|wrote)\s*:?$", re.I)),
    ("says-date", re.compile(r"^on\s+(?P<date>.+?),?\s+(?P<name>.+?)\s+(?:said|wrote)\s*:?$", re.I)),
    ("says-date", re.compile(r"^(?P<name>.+?)\s+(?:says|said|wrote)\s*:\s*(?P<date>.+)$", re.I)),
    ("says", re.compile(r"^(?P<name>.+?)\s+says\s*:?$", re.I)),
    ("said", re.compile(r"^(?P<name>.+?)\s+(?:said|wrote|writes)\s*(?::|\.\.\.|…)?$", re.I)),
)
STRONG_HEADERS = frozenset({"says", "says-date"})
# A numbered list item holding a name: "23. Julie" (lynx and reader views number the comment list).
NUMBERED_NAME = re.compile(r"^(?P<number>\d{1,4})[.)]\s+(?P<name>.+)$")
# Where a date can start inside a line ("Julie · March 4, 2021", "SofiaJanuary 16, 2024 at 4:11 AM").
DATE_START = re.compile(r"(?=jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|\d)", re.I)
# WordPress shows a pingback as the linking post's title over an excerpt in "[…] ... […]".
PINGBACK_EXCERPT = re.compile(r"^\[(…|\.\.\.|&#8230;|&hellip;)\]")
PINGBACK = re.compile(r"^(?P<kind>pingback|trackback)\s*:\s*(?P<rest>.+)$", re.I)
IN_REPLY_TO = re.compile(r"^in reply to\s+(?P<name>.+?)\s*[.:]?$", re.I)
# What tells a name from a sentence: a sentence break or a link inside it (titles and initials aside).
SENTENCE_INSIDE = re.compile(r"[.!?]\s|https?://|www\.", re.I)
NAME_ABBREVIATION = re.compile(r"\b(dr|mr|mrs|ms|mx|prof|rev|revd|st|jr|sr|fr|[a-z])\.", re.I)  # "Dr. J. Park"
TIME_ONLY = re.compile(r"^\d{1,2}[:.]\d{2}(\s*[ap]\.?m\.?)?$", re.I)  # Blogger's "Posted by Nora at 4:15 PM"
BY_PREFIX = re.compile(r"^(?:(?:posted|written|published)\s+)?by\s+(?P<rest>.+)$", re.I)
# First words of a sentence, never of a name: "And then he said:" is prose, "Anonymous said..." a byline.
NOT_A_NAME = frozenset(
    "and but so then he she they it i we you my his her our their its as when if because while who what "
    "someone somebody everyone everybody nobody people one this that there here also".split()
)
