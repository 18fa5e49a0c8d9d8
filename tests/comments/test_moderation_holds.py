"""Automatic holds, each recorded with its reasons: who is held, who is published at once,
and what the moderators read about why."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Credit
from comments import services
from comments.identity import Reader
from comments.models import (
    Comment,
    DiscussionSettings,
    EmailDomainRule,
    ModerationDecision,
    ModerationRules,
    Sanction,
)
from tests.factories import ArticleFactory, CommentFactory, ContributorFactory, account
from tests.utils import page_text

pytestmark = pytest.mark.django_db

Status = Comment.Status
FIRST = "first comment from this author"


@pytest.fixture
def article():
    return ArticleFactory(headline="Harbour wall gives way")


def post(article, body="A fair point about the harbour.", *, user=None, email="", key="k1"):
    reader = Reader(user=user, browser_key=key, ip="203.0.113.7")
    return services.comment_post(
        article=article,
        reader=reader,
        body=body,
        author_name="" if user else "Ana Lima",
        author_email=email if user is None else "",
        seconds_taken=60.0,
    )


def verified_reader(name="tidewatcher", approved=0, rejected=0, days_ago=1):
    user = account(name, email=f"{name}@example.org")
    when = timezone.now() - timedelta(days=days_ago)
    for _ in range(approved):
        CommentFactory(user=user, created_at=when)
    for _ in range(rejected):
        CommentFactory(user=user, rejected=True, created_at=when)
    return user


# --- Every reason is kept ---------------------------------------------------------------------


def test_a_held_comment_lists_every_rule_that_held_it(article, set_rules, moderator):
    set_rules(moderation_words="harbour\nwall")

    comment = post(
        article,
        "The harbour wall: https://a.example and https://b.example",
        email="new@mailinator.com",
    )

    assert comment.status == Status.PENDING
    assert comment.reasons_shown() == [
        "2 links",
        "moderation word “harbour”",
        "moderation word “wall”",
        FIRST,
        "disposable email address (mailinator.com)",
    ]
    # Stored as codes, in no language; held_because sorts by the first.
    assert comment.hold_reasons[:2] == [
        {"code": "links", "count": 2},
        {"code": "moderation_word", "word": "harbour"},
    ]
    assert comment.held_because == "links"
    [decision] = ModerationDecision.objects.filter(comment=comment)
    assert decision.action == ModerationDecision.Action.HOLD
    assert "disposable email address" in decision.explanation_shown()

    client = Client()
    client.force_login(moderator)
    queue = page_text(client.get("/admin/comments/comment/?status__exact=pending"))
    page = page_text(client.get(f"/admin/comments/comment/{comment.pk}/change/"))
    for reason in comment.reasons_shown():
        assert reason in queue
        assert reason in page


def test_spam_is_still_the_first_rule_that_matched(article, set_rules):
    set_rules(block_words="casino")

    comment = post(article, "casino https://a.example https://b.example", email="x@example.org")

    assert comment.status == Status.SPAM
    assert comment.reasons_shown() == ["blocked word “casino”"]


# --- New commenters ---------------------------------------------------------------------------


def test_new_commenters_are_held_until_enough_of_their_comments_were_approved(article, set_rules):
    set_rules(approved_to_trust=3)
    user = verified_reader(approved=2)

    held = post(article, user=user)
    CommentFactory(user=user)
    published = post(article, "Third time lucky.", user=user)

    assert held.status == Status.PENDING
    assert held.reasons_shown() == ["new commenter: fewer than 3 approved comments"]
    assert published.status == Status.APPROVED


def test_approved_comments_count_only_for_a_verified_identity(article):
    unverified = account("drifter", email="drifter@example.org", verified=False)
    CommentFactory.create_batch(3, user=unverified)
    # A guest who types an address with approved comments, from another browser.
    CommentFactory(author_email="ana@example.org", browser_key="ana-browser")

    assert post(article, user=unverified).reasons_shown() == [FIRST]
    assert post(article, email="ana@example.org", key="other").reasons_shown() == [FIRST]


# --- Recent history ---------------------------------------------------------------------------


def test_an_author_rejected_too_often_lately_is_held_though_trusted(article):
    user = verified_reader(approved=2, rejected=2)

    comment = post(article, user=user)

    assert comment.status == Status.PENDING
    assert comment.reasons_shown() == ["2 of 4 comments rejected in 30 days"]


@pytest.mark.parametrize(
    ("approved", "rejected", "days_ago", "rules", "held"),
    [
        (6, 3, 1, {}, False),  # 30 % exactly: not above the rate
        (0, 1, 1, {}, False),  # two decisions are too few to judge
        (1, 2, 40, {}, False),  # rejected long ago
        (1, 2, 40, {"history_days": 60}, True),
        (1, 2, 1, {"rejected_share_percent": 0}, False),  # the rule is off
        (1, 2, 1, {"rejected_share_min_decisions": 5}, False),
    ],
)
def test_the_history_rule_is_a_rate_over_recent_decisions(
    article, set_rules, approved, rejected, days_ago, rules, held
):
    set_rules(**rules)
    user = verified_reader(approved=approved, rejected=rejected, days_ago=days_ago)
    CommentFactory(user=user)  # trusted as a new commenter either way: one more approved

    comment = post(article, user=user)

    assert (comment.status == Status.PENDING) is held


def test_a_guests_history_is_counted_by_address(article):
    for status in ["rejected", "rejected", "approved"]:
        CommentFactory(author_email="troll@example.org", status=status)

    comment = post(article, email="Troll@Example.org")

    assert "2 of 3 comments rejected in 30 days" in comment.reasons_shown()


# --- Always pre-moderate ----------------------------------------------------------------------


def test_an_author_a_moderator_put_under_premoderation_is_always_held(article, moderator):
    user = verified_reader(approved=5)
    sanction = Sanction.objects.create(
        kind=Sanction.Kind.PREMODERATION, user=user, reason="Baiting.", created_by=moderator
    )

    assert post(article, user=user).reasons_shown() == ["always pre-moderated by a moderator"]

    sanction.lifted_at = timezone.now()
    sanction.save()
    assert post(article, "Again.", user=user).status == Status.APPROVED


def test_premoderation_of_a_guest_follows_their_address(article, set_rules):
    set_rules(hold=ModerationRules.Hold.NONE)
    Sanction.objects.create(
        kind=Sanction.Kind.PREMODERATION, email="ana@example.org", reason="Baiting."
    )
    Sanction.objects.create(
        kind=Sanction.Kind.PREMODERATION,
        email="ben@example.org",
        reason="Over.",
        ends_at=timezone.now() - timedelta(hours=1),
    )

    assert post(article, email="ANA@example.org").reasons_shown() == [
        "always pre-moderated by a moderator"
    ]
    assert post(article, email="ben@example.org", key="k2").status == Status.APPROVED


# --- Email domains ----------------------------------------------------------------------------


def test_a_domain_rule_bans_or_premoderates_every_address_there(article, set_rules):
    set_rules(hold=ModerationRules.Hold.NONE)
    EmailDomainRule.objects.create(domain="@Trolls.Example", action="ban")
    EmailDomainRule.objects.create(domain="newsdesk.example", action="premoderate")

    banned = post(article, email="a@trolls.example", key="k1")
    held = post(article, email="b@newsdesk.example", key="k2")
    elsewhere = post(article, email="c@other.example", key="k3")

    assert (banned.status, banned.reasons_shown()) == (Status.SPAM, ["banned email domain"])
    assert held.reasons_shown() == ["pre-moderated email domain newsdesk.example"]
    assert elsewhere.status == Status.APPROVED


@pytest.mark.parametrize(
    ("email", "held"),
    [
        ("a@mailinator.com", True),
        ("a@eu.mailinator.com", True),  # a subdomain of a throwaway service
        ("a@example.org", False),
        ("a@harbour-news.example", False),
    ],
)
def test_throwaway_addresses_are_premoderated_from_the_maintained_list(
    article, set_rules, email, held
):
    set_rules(hold=ModerationRules.Hold.NONE)

    assert (post(article, email=email).status == Status.PENDING) is held


def test_the_throwaway_rule_can_be_turned_off(article, set_rules):
    set_rules(hold=ModerationRules.Hold.NONE, premoderate_disposable=False)

    assert post(article, email="a@mailinator.com").status == Status.APPROVED


# --- The newsroom's own voice ------------------------------------------------------------------


def test_staff_are_published_at_once_whatever_would_hold_them(article, set_rules):
    set_rules(hold=ModerationRules.Hold.ALL, moderation_words="harbour")
    staff = account("kim", email="kim@mailinator.com", is_staff=True)

    comment = post(article, "Harbour: https://a.example https://b.example", user=staff)

    assert comment.status == Status.APPROVED
    assert comment.reasons_shown() == []


def test_staff_still_meet_the_spam_rules(article, set_rules):
    set_rules(block_words="casino")
    staff = account("kim", is_staff=True)

    assert post(article, "casino", user=staff).status == Status.SPAM


def test_a_contributor_credited_on_the_article_is_published_at_once(article, set_rules):
    set_rules(hold=ModerationRules.Hold.ALL)
    user = account("reporter", email="reporter@example.org")
    contributor = ContributorFactory(user=user)
    Credit.objects.create(article=article, contributor=contributor, role=Credit.Role.AUTHOR)

    assert post(article, user=user).status == Status.APPROVED
    # Under another article, they are a reader like any other.
    assert post(ArticleFactory(), "Elsewhere.", user=user).status == Status.PENDING


# --- The article's own mode ---------------------------------------------------------------------


def test_a_premoderated_article_holds_even_trusted_authors(article):
    DiscussionSettings.objects.create(article=article, mode="premoderate")
    user = verified_reader(approved=3)

    comment = post(article, user=user)

    assert comment.reasons_shown() == ["every comment on this article is held"]
    assert post(ArticleFactory(), "Elsewhere.", user=user).status == Status.APPROVED


def test_a_postmoderated_article_publishes_new_commenters_but_keeps_other_holds(article):
    DiscussionSettings.objects.create(article=article, mode="postmoderate")

    assert post(article, email="new@example.org").status == Status.APPROVED
    assert post(
        article, "Links https://a.example https://b.example", key="k2"
    ).reasons_shown() == ["2 links"]


@pytest.mark.parametrize(
    ("typed", "stored"), [("@Spam.Example", "spam.example"), ("spam.example", "spam.example")]
)
def test_moderators_add_a_domain_rule_in_the_admin(moderator, typed, stored):
    client = Client()
    client.force_login(moderator)

    response = client.post(
        "/admin/comments/emaildomainrule/add/",
        {"domain": typed, "action": "premoderate", "reason": "Sock puppets."},
    )

    assert response.status_code == 302
    rule = EmailDomainRule.objects.get()
    assert (rule.domain, rule.created_by) == (stored, moderator)


@pytest.mark.parametrize("typed", ["localhost", "troll@spam.example", "spam example.org"])
def test_a_domain_rule_must_name_a_domain(moderator, typed):
    client = Client()
    client.force_login(moderator)

    response = client.post(
        "/admin/comments/emaildomainrule/add/", {"domain": typed, "action": "ban"}
    )

    assert response.status_code == 200
    assert "Enter a domain such as example.com." in page_text(response)
    assert not EmailDomainRule.objects.exists()
