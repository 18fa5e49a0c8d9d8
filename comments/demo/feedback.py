"""Demo passages open for inline feedback, readers' feedback on them, and subscriptions.

`load_demo_feedback()` is safe to run again: passages are matched by their text, a passage
that already has comments gets no demo feedback, and subscriptions are one per address,
article and kind anyway. The text is our own, about the invented town of Kestrel Bay.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article
from comments.feedback import locate
from comments.models import Comment, Passage, Subscription
from comments.text import render_comment

# slug -> [(passage, question, open?, [(author, feedback), ...])]
PASSAGES = {
    "route-7-evening-buses-cut": [
        (
            "the nine journeys it is withdrawing each weekday carried an average of 11 "
            "passengers last year",
            "Do you ride the evening Route 7? How full is your bus?",
            True,
            [
                (
                    "Maureen Tolley",
                    "The 21.30 from the hospital is never down to eleven on my shifts. It is "
                    "standing room until the retail park.",
                ),
                (
                    "Ifan Rhys",
                    "Averages hide the shape of it: the last two buses are nearly empty, the "
                    "ones after the hospital shift change are packed.",
                ),
            ],
        ),
        (
            "If the funding comes back, the buses come back.",
            "Should the council find the £164,000?",
            True,
            [
                (
                    "Dev Chaudhry",
                    "Cheaper than the taxi vouchers the hospital will end up paying for night "
                    "staff, I would bet.",
                ),
            ],
        ),
    ],
    "millbrook-library-repair-cafe": [
        (
            "The repair café has run in the library's community room for a year and a half.",
            "Have you had something mended there?",
            True,
            [
                (
                    "Sunita Barr",
                    "My mother's sewing machine, in March. Colm let me do the last screw "
                    "myself, as promised.",
                ),
            ],
        ),
    ],
    "ashcombe-clean-up-record-volunteers": [
        (
            "3.1 tonnes, down from 4.4 tonnes at the last comparable clean-up five years ago",
            "",
            False,  # closed: the feedback stays, no new feedback is taken
            [
                (
                    "Rosa Pengelly",
                    "Fewer tonnes partly because the culvert was cleared in the spring, so it "
                    "is not all good news for the river.",
                ),
            ],
        ),
    ],
}

# (slug, kind, address): confirmed subscriptions of demo readers.
SUBSCRIPTIONS = [
    ("route-7-evening-buses-cut", Subscription.Kind.FOLLOW_UPS, "maureen-tolley@example.com"),
    ("route-7-evening-buses-cut", Subscription.Kind.REPLIES, "ifan-rhys@example.com"),
    ("millbrook-library-repair-cafe", Subscription.Kind.FOLLOW_UPS, "sunita-barr@example.com"),
    (
        "ashcombe-clean-up-record-volunteers",
        Subscription.Kind.REPLIES,
        "rosa-pengelly@example.com",
    ),
]


@dataclass(frozen=True)
class DemoFeedbackSummary:
    passages: int
    feedback: int
    subscriptions: int

    def __str__(self):
        return (
            f"Demo inline feedback: {self.passages} new passages, {self.feedback} new comments "
            f"on them; {self.subscriptions} new confirmed subscriptions."
        )


def load_demo_feedback(*, now=None) -> DemoFeedbackSummary:
    now = now or timezone.now()
    articles = {a.slug: a for a in Article.objects.published().filter(slug__in=PASSAGES)}
    new_passages = new_feedback = new_subscriptions = 0
    with transaction.atomic():
        for slug, passages in PASSAGES.items():
            article = articles.get(slug)
            if article is None:
                continue
            for text, question, is_open, feedback in passages:
                position = locate(article.body_html, text)
                if position is None:
                    raise ValueError(f"Demo passage not in {slug}: {text!r}")
                passage, created = Passage.objects.get_or_create(
                    article=article,
                    text=text,
                    defaults={"question": question, "is_open": is_open, "position": position},
                )
                new_passages += created
                if passage.comments.exists():
                    continue
                for minutes, (author, body) in enumerate(feedback, start=1):
                    Comment.objects.create(
                        article=article,
                        passage=passage,
                        author_name=author,
                        author_email=f"{slugify(author)}@example.com",
                        browser_key=f"demo-{slugify(author)}",
                        body=body,
                        body_html=render_comment(body),
                        status=Comment.Status.APPROVED,
                        created_at=now - timedelta(hours=2) + timedelta(minutes=7 * minutes),
                    )
                    new_feedback += 1
        for slug, kind, email in SUBSCRIPTIONS:
            if slug not in articles:
                continue
            _, created = Subscription.objects.get_or_create(
                article=articles[slug],
                kind=kind,
                email=email,
                comment=None,
                defaults={"confirmed_at": now},
            )
            new_subscriptions += created
    return DemoFeedbackSummary(
        passages=new_passages, feedback=new_feedback, subscriptions=new_subscriptions
    )
