"""The words comment threads are named by, in class and id tokens and in the text around them.

Data only: the thread finder (``thread_finder.py``) reads these. Grouped by what the word marks.
Several languages, because blogs name their markup in their own one ("kommentar", "commentaire").
"""

from __future__ import annotations

import re

# A class or id token naming a comment, a thread of them, or the section they live in.
COMMENT_TOKEN = re.compile(
    r"comment|kommentar|commentaire|comentario|commento|reacties|reactie|discussion|responses|"
    r"replies|reactions|isso|disqus|thread|^c-?\d+$|^reply-\d+$",
    re.I,
)
# ... but these name a form, a count, a widget or a link about comments, never a comment.
NOT_COMMENT_TOKEN = re.compile(
    r"form|respond|reply-?link|reply-?title|reply-?button|count|number|link|feed|rss|icon|closed|"
    r"navigation|nav|pagination|pager|subscri|notify|policy|rules|guidelines|toggle|button|btn|"
    r"widget|recent|latest|popular|sidebar|excerpt|teaser|summary|meta|header|footer|title|login|logged",
    re.I,
)
# Ancestors that make a block furniture, whatever it looks like: sidebars, widgets, menus, teasers.
FURNITURE_TOKEN = re.compile(
    r"^(sidebar|side-bar|widget|widgets|widget-area|secondary|menu|breadcrumbs?|related|related-posts|"
    r"recentcomments|recent-comments|recent_comments|widget_recent_comments|most-commented|"
    r"popular-posts|footer-widgets|site-footer|teasers?|author-bio|about-author|author-box)$|"
    r"^widget[_-]|[_-]widget$|sidebar|"
    # forms to write a comment, and hidden templates a script fills in
    r"(^|[-_])(comment-?|reply-?)?form([-_]|$)|commentform|replyform|respond|comment-write|write-comment|"
    r"compose|new-comment|add-comment",
    re.I,
)
# Hidden from readers: templates a script fills in, text for screen readers only.
HIDDEN_TOKEN = re.compile(r"^(hidden|d-none|hide|is-hidden|dummy|template|sr-only|screen-reader-text|"
                          r"visually-hidden|invisible)$|^dummy-|-template$", re.I)
FURNITURE_TAGS = frozenset(("aside", "nav", "header"))  # forms: thread_finder.is_hidden
FURNITURE_ROLES = frozenset(("complementary", "navigation", "banner", "search", "contentinfo"))

# Tokens (class, id, itemprop) of the parts of one comment.
AUTHOR_TOKEN = re.compile(r"author|^fn$|user|name$|name-|nick|poster|commenter|^by$|byline|p-author|h-card|"
                          r"signature|^cite$", re.I)
NOT_AUTHOR_TOKEN = re.compile(r"avatar|photo|image|img|pic|url|link-?only|email|form|bio|role|badge|label", re.I)
DATE_TOKEN = re.compile(r"date|time|stamp|published|posted|^ago$|datum|zeit|dt-published|created", re.I)
CONTENT_TOKEN = re.compile(r"(content|text|body|message|msg|entry|inhalt|texte)$|"
                           r"^(content|text|body|message)[-_]", re.I)
# Parts of a comment that are never its text.
META_TOKEN = re.compile(
    r"meta|header|footer|author|avatar|vcard|date|time|stamp|reply|antworten|repondre|actions?|tools|"
    r"toolbar|edit|like|vote|rating|share|permalink|report|flag|moderat|awaiting|badge|signature|"
    r"children|replies|login|button|btn|count|menu|more",
    re.I,
)

# ... of which these are buttons, even inside the comment's text element.
ACTION_TOKEN = re.compile(r"reply|actions?$|tools|toolbar|edit|like|vote|rating|share|permalink|report|flag|"
                          r"button|btn|menu", re.I)

# A heading that opens a comment section: "12 Comments", "One response to ...", "Kommentare (3)".
THREAD_HEADING = re.compile(
    r"^\W*(\d+|one|two|three|no|ein|eine|zwei|drei)?\s*"
    r"(comments?|responses?|replies|reply|thoughts|reactions|kommentare?|antworten|reaktionen|"
    r"commentaires?|réponses?|comentarios?|commenti|reacties|discussion|diskussion|leserbriefe|"
    r"reader comments|leserkommentare)\b",
    re.I,
)
# "NAME says:" and its kin: the author line of many themes.
SAYS = re.compile(r"\s*(says|said|wrote|writes|schreibt|sagt|meint|schrieb|a dit|a écrit|dice|dijo|scrive|"
                  r"zegt|schreef)\s*:?\s*$", re.I)
# Whole lines in a comment that are its furniture, not its text.
ACTION_LINE = re.compile(
    r"^(reply|antworten|antwort|répondre|repondre|responder|rispondi|beantwoorden|report|melden|"
    r"like|gefällt mir|j'aime|liked by .*|like liked by .*|edit|bearbeiten|permalink|quote|zitieren|"
    r"log in to reply|melde dich an.*antworten|share|flag|↓|↑|\^|#|\d+ likes?|\d+ points?|"
    r"(\d+ )?(replies|antworten|réponses)|collapse|expand|show more|mehr anzeigen|weiterlesen)\s*[.!]?$",
    re.I,
)
# depth-2, level-3, comment-depth-1, lvl2, indent-1: how flat renderings show nesting.
DEPTH_TOKEN = re.compile(r"(?:^|[-_])(?:depth|level|lvl|indent|nest|ebene)[-_]?(\d+)$", re.I)
# Tokens that differ between comments of one thread and say nothing of their kind.
VARYING_TOKEN = re.compile(
    r"\d|^(odd|even|alt|thread-odd|thread-even|thread-alt|bypostauthor|byuser|parent|has-children|"
    r"first|last|new|unread|highlighted?|selected|active|collapsed|expanded|clearfix|clear|"
    r"group|row|col|mine|own|is-author|admin|moderator|staff)$|^(comment-author-|by-|role-)",
    re.I,
)

# Dates in text, for a comment whose date is not marked: 12.03.2019, 2019-03-12, March 12, 2019, 12 mars 2019
_TIME = (r"(?:,?\s+(?:at\s+|um\s+|à\s+|-\s+)?(?:\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?\s?m\.?)?(?:\s*uhr)?|"
         r"\d{1,2}\s*[ap]\.?\s?m\b\.?|noon|midnight))?")
DATE_TEXT = re.compile(
    r"(?:\b\d{1,2}[./]\s?\d{1,2}[./]\s?\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|"
    r"\b\d{1,2}\.?\s+[A-Za-zäéû]{3,10}\.?\s+\d{4}\b|\b[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b)" + _TIME
    + r"|\b\d+\s+(minutes?|hours?|days?|weeks?|months?|years?)\s+ago\b|"
    r"\bvor\s+\d+\s+(minuten|stunden|tagen|wochen|monaten|jahren)\b",
    re.I,
)
# Marks printed beside a name that are not part of it: "Nora moderator", "Ana (author)", a permalink "¶".
BESIDE_NAME_TOKEN = re.compile(r"badge|label|role|permalink|moderator|staff|admin|owner|verified", re.I)
# What separates a name from a date on one line: "Ana on March 3, 2021", "March 3, 2021 - Ana", "Ana | 3.3.2021"
NAME_DATE_GLUE = re.compile(r"^[\s,|·•–—:-]*(?:(?:on|am|le|el|il|at|um)(?=\s))?[\s,|·•–—:-]*|"
                            r"(?:(?<=\s)(?:on|am|le|at|um|said|says|wrote|schrieb))?[\s,|·•–—:¶#-]*$", re.I)
# What a thread shows where a comment was withdrawn: a placeholder, not a comment.
REMOVED_TEXT = re.compile(
    r"^\W*(this comment (has been|was) (removed|deleted)( by (the|a) (author|moderator|administrator))?|"
    r"comment (removed|deleted)|\[?(deleted|removed)\]?|dieser kommentar wurde (gelöscht|entfernt)|"
    r"ce commentaire a été supprimé|este comentario (ha sido|fue) eliminado)\W*$",
    re.I,
)
