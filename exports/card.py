"""The dataset card of an hf export (README.md): what the data is, where it came from, how it was cleaned
and made private, what it cannot be trusted for, and why mental-health text needs care."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .dataset import Summary
    from .private_view import Privacy

_SIZES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"))


def size_category(records: int) -> str:
    return next((name for upto, name in _SIZES if records < upto), "1M<n<10M")


def dataset_card(summary: Summary, privacy: Privacy, license_id: str, splits: list[str]) -> str:
    """The card's text, built with huggingface_hub's DatasetCard (its YAML header is what the Hub reads)."""
    from huggingface_hub import DatasetCard, DatasetCardData

    data = DatasetCardData(
        license=license_id, language=sorted(summary.languages) or None,
        size_categories=[size_category(summary.posts)], task_categories=["text-classification", "text-generation"],
        tags=["mental-health", "psychotherapy", "blogs", "comments", "web-archive"], pretty_name="therapy-archive export",
        configs=[{"config_name": "default", "data_files": [{"split": s, "path": f"data/{s}.parquet"} for s in splits]}],
    )
    return str(DatasetCard.from_template(data, template_str=_TEMPLATE, **_fields(summary, privacy, splits)))


def _fields(summary: Summary, privacy: Privacy, splits: list[str]) -> dict:
    sources = "\n".join(f"- {site} (captured {first[:10] if first else '?'} to {last[:10] if last else '?'})"
                        for site, (first, last) in sorted(summary.sites.items())) or "- (none)"
    redacted = ", ".join(f"{count} {label}" for label, count in sorted(summary.privacy.redacted.items())) or "none found"
    if privacy.redact:
        redaction = (f"Emails (also written as 'name at domain dot com'), phone numbers, street addresses, @handles "
                     f"and URLs of people's profiles in titles, posts and comments are replaced by typed placeholders "
                     f"(`[EMAIL]`, `[PHONE]`, `[ADDRESS]`, `[HANDLE]`, `[PROFILE_URL]`): {redacted}. A commenter's "
                     "name written in another comment of the thread is replaced by their pseudonym.")
    else:
        redaction = ("**NOT REDACTED**: this export was made with `--no-redact`. Emails, phone numbers, addresses "
                     "and handles in the text are as their authors wrote them. Do not publish it.")
    left = summary.left_out
    return {
        "posts": summary.posts, "comments": summary.comments,
        "split_counts": ", ".join(f"{s}: {summary.splits.get(s, 0)} posts" for s in splits),
        "sources": sources, "redaction": redaction,
        "authors": ("Post authors are replaced by pseudonyms too (`--pseudonymize-authors`)." if
                    privacy.pseudonymize_authors else "Post authors are kept: they published under that name."),
        "spam": left.spam_comments, "removed": left.removed_comments, "short": left.short_posts,
        "without": left.posts_without_comments, "near": summary.near_duplicates,
        "commenters": len(summary.privacy.commenters),
    }


_TEMPLATE = """---
{{ card_data }}
---

# therapy-archive export

Blog posts about psychotherapy and mental health, each with its comment thread, cleaned and archived by
therapy-archive. {{ posts }} posts and {{ comments }} comments ({{ split_counts }}).

## Sensitive content

These are people writing in public about therapy, grief, trauma, self-harm and other mental-health
matters, often about themselves. Published is not the same as consenting to be studied: use the data
under an ethics review, do not try to identify anyone, do not republish single comments verbatim where
a quote could be searched back to its author, and honour removal requests (`therapy-archive forget`).

## Sources

{{ sources }}

## Fields

One record per post: `id`, `url`, `site`, `title`, `author`, `published` (UTC), `language`, `platform`,
`split`, `text`, and `comments`, its thread: each comment with `id`, `parent_id` (the comment it answers;
empty for a comment on the post), `author` (a pseudonym), `published` (UTC), `text`, `is_spam`,
`duplicate_of` and `kind` (comment, pingback, trackback). Every post and comment carries its provenance:
`capture_url`, `fetched_at`, `warc_file`, `warc_offset`, `warc_record_id` (the WARC record it was read
from) and `normalizer` (the software that cleaned it). See docs/dataset-schema.md in therapy-archive.

## How it was made

Crawled politely (robots.txt obeyed) into WARC files; posts and comments extracted from the captured
pages (or the platforms' comment APIs) with navigation, widgets, forms, share buttons, captchas and SEO
link spam removed; spam comments flagged and repeated comments linked to their first copy.
`therapy-archive verify` re-reads the WARC records and checks every row still matches.

## Privacy treatment

- Commenters' names are replaced by stable pseudonyms (a keyed hash; the key stays with the archive):
  {{ commenters }} commenters. Commenters' websites and avatar images are never exported.
- {{ authors }}
- {{ redaction }}

## Left out

- {{ spam }} spam or repeated comments.
- {{ removed }} comments that a later crawl found gone from their site (deleted, or held for moderation).
- {{ near }} posts that repeat another post's text (near-duplicates by MinHash).
- {{ short }} posts below the minimum length asked for.
- {{ without }} posts left without comments, when only threads were asked for.

## Known limitations

- Names in prose (a therapist, a relative, a public figure) are not removed; only the placeholder kinds
  above are. Read before you quote.
- Comment extraction can miss comments on unusual themes, or keep a stray line of a form.
- Spam flags come from rules and may be wrong in either direction.
- Dates without a time zone were taken as UTC.
"""
