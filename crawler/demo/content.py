"""The demo blog's content and its ground truth: what a complete, clean crawl must find."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DemoComment:
    id: int
    author: str
    date: str  # ISO, as in <time datetime>
    text: str
    parent: int | None = None
    author_url: str | None = None
    kind: str = "comment"
    spam: bool = False
    duplicate_of: int | None = None


@dataclass(frozen=True)
class DemoPost:
    slug: str
    title: str
    author: str
    date: str
    paragraphs: list[str]
    comments: list[DemoComment] = field(default_factory=list)
    seo_spam_tail: bool = False

    @property
    def path(self) -> str:
        return f"/{self.date[:4]}/{self.date[5:7]}/{self.slug}/"


SITE_TITLE = "Quiet Practice"
POSTS_PER_PAGE = 2
COMMENT_THREADS_PER_PAGE = 3

POSTS = [
    DemoPost(
        "the-first-session", "What Happens in a First Session", "Maya Lindqvist", "2021-01-14T09:30:00+00:00",
        [
            "Many people arrive at a first session unsure of what is expected of them. There is no right way to begin.",
            "I usually start by asking what brought you here now, rather than at some other time. The answer often says more than the problem itself.",
            "By the end of the hour we will have a rough map, not a diagnosis. Leave a reply below if this resonated with your own first session.",
        ],
        [
            DemoComment(101, "Jonas", "2021-01-15T10:12:00+00:00", "This matches my experience: I talked for fifty minutes and felt lighter."),
            DemoComment(102, "Maya Lindqvist", "2021-01-15T18:40:00+00:00", "Thank you, Jonas. Feeling lighter is a good beginning.", parent=101),
            DemoComment(103, "Priya", "2021-01-16T08:05:00+00:00", "I was terrified of the silence.\nIt turned out to be the most useful part.", author_url="https://example.net/priya"),
        ],
    ),
    DemoPost(
        "on-rupture-and-repair", "On Rupture and Repair", "Samuel Osei", "2021-06-02T14:00:00+00:00",
        [
            "Every therapeutic relationship has moments of misunderstanding. What matters is what happens next.",
            "A rupture named and worked through can deepen trust more than a smooth year of sessions.",
            "Repair asks the therapist to be curious about their own part, not only the client's.",
        ],
        [
            DemoComment(201, "Elena", "2021-06-03T09:00:00+00:00", "My therapist once apologised for forgetting something important. It changed everything between us."),
            DemoComment(202, "Samuel Osei", "2021-06-03T12:30:00+00:00", "That kind of apology is repair in action.", parent=201),
            DemoComment(203, "Elena", "2021-06-03T13:15:00+00:00", "Yes, and it made it possible for me to be angry too.", parent=202),
            DemoComment(204, "Tomasz", "2021-06-04T07:45:00+00:00", "Is it ever too late to repair a rupture?"),
            DemoComment(205, "Julie", "2021-06-04T11:20:00+00:00", "I was skeptical, but this product exceeded my expectations. Life-changing product. Awesome results to begin your transformation!", spam=True),
            DemoComment(206, "Noor", "2021-06-05T16:00:00+00:00", "Thank you for writing about the therapist's part in it."),
            DemoComment(207, "Noor", "2021-06-05T16:02:00+00:00", "Thank you for writing about the therapist's part in it", duplicate_of=206),
            DemoComment(208, "Kindness Notes", "2021-06-09T10:00:00+00:00", "[…] a thoughtful piece on rupture and repair in therapy […]", author_url="https://example.net/kindness-notes/", kind="pingback"),
            DemoComment(209, "Samuel Osei", "2021-06-06T09:10:00+00:00", "Rarely. Sometimes the repair happens with the next therapist.", parent=204),
        ],
    ),
    DemoPost(
        "the-power-of-empathy", "The Power of Empathy", "Maya Lindqvist", "2022-03-08T11:00:00+00:00",
        [
            "Empathy is not just about feeling sorry for someone; it is about genuinely understanding and validating their experiences.",
            "When clients feel heard and understood, it paves the way for meaningful progress.",
        ],
        [
            DemoComment(301, "Aroha", "2022-03-09T20:00:00+00:00", "Being understood was what I needed most. 🌱"),
            DemoComment(302, "مریم", "2022-03-10T06:30:00+00:00", "همدلی یعنی دیدن دنیا از چشم دیگری."),
        ],
        seo_spam_tail=True,
    ),
    DemoPost(
        "silence-in-the-room", "Silence in the Consulting Room", "Samuel Osei", "2023-09-21T08:00:00+00:00",
        [
            "Silence in therapy is rarely empty. It can hold grief, resistance, relief, or simply thinking.",
            "I try not to rush to fill it.",
        ],
    ),
    DemoPost(
        "kindness-and-connection", "Why Kindness and Connection Matter", "Maya Lindqvist", "2024-02-12T10:00:00+00:00",
        [
            "Two of our central needs, safety and reward, can disconnect us from ourselves and others.",
            "When we feel connected we feel safe, rewarded, alive and fulfilled.",
            "Good therapy holds the real potential for a reparative relationship.",
        ],
        [
            DemoComment(501, "Dana", "2024-02-13T09:00:00+00:00", "Connection with nature helps me the most."),
            DemoComment(502, "Maya Lindqvist", "2024-02-13T12:00:00+00:00", "Nature is a wonderful place to start.", parent=501),
            DemoComment(503, "Leo", "2024-02-14T15:30:00+00:00", "Kindness to myself is the hardest kind."),
            DemoComment(504, "Ife", "2024-02-15T08:20:00+00:00", "Could you write more about connection and boundaries?"),
            DemoComment(505, "Maya Lindqvist", "2024-02-15T19:00:00+00:00", "I will, Ife. Boundaries make connection safe.", parent=504),
            DemoComment(506, "Ife", "2024-02-16T07:00:00+00:00", "Looking forward to it.", parent=505),
            DemoComment(507, "Ben", "2024-02-17T11:11:00+00:00", "Reading this in a waiting room, and it helped."),
            DemoComment(508, "Carmen", "2024-02-18T13:45:00+00:00", "Disconnecting from some people was the kindest thing I did."),
        ],
    ),
]

# Never to be fetched: robots.txt disallows it, and only a link on the About page leads there.
PRIVATE_PATH = "/private/client-notes/"
