"""The newsroom's presence in the discussion: featured comments (a "Featured" tab, a badge,
an email to the author who asked for email), "Staff" and "Author" badges that come from the
account and never from a typed name, and one thread pinned to the top.

(Their own module rather than test_services/test_selectors: the workflows, the pages, the
admin and the email of one feature read best together.)"""

import re
import threading
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments import notifications, selectors, services
from comments.models import Comment, ModerationDecision, ModerationRules, Subscription
from outbox.tasks import deliver
from tests.articles.test_structured_data import json_ld
from tests.comments.test_concurrency import at_once
from tests.factories import (
    ArticleFactory,
    CommentFactory,
    ContributorFactory,
    CreditFactory,
    account,
)
from tests.utils import PAGE_QUERY_LIMIT, comment_threads, page_text, tags

pytestmark = pytest.mark.django_db

Action = ModerationDecision.Action
QUEUE = "/admin/comments/comment/"


@pytest.fixture
def article():
    return ArticleFactory(headline="Harbour wall gives way")


@pytest.fixture
def moderator_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def minutes_ago(minutes):
    return timezone.now() - timedelta(minutes=minutes)


def threads(response):
    """The top-level comments in page order."""
    nesting, order = comment_threads(response)
    return [pk for pk in order if nesting[pk] is None]


def shown(response):
    """Every comment on the page, in page order."""
    return comment_threads(response)[1]


def badges(response, comment):
    """The badges in a comment's header, as a reader reads them."""
    html = response.content.decode()
    start = html.index(f'<li id="comment-{comment.pk}"')
    header = html[start : html.index("</header>", start)]
    return re.findall(r'<span class="comment__badge[^"]*">([^<]*)</span>', header)


def sort_labels(response):
    html = response.content.decode()
    if 'aria-label="Sort comments"' not in html:
        return []
    start = html.index('aria-label="Sort comments"')
    nav = html[start : html.index("</nav>", start)]
    return [a.split(">", 1)[1].split("<", 1)[0].strip() for a in nav.split("<a ")[1:]]


def actions(comment):
    return list(
        ModerationDecision.objects.filter(comment=comment)
        .order_by("created_at", "pk")
        .values_list("action", "moderator__username")
    )


def feature(comment, moderator=None, **kwargs):
    return services.comment_feature(comment=comment, moderator=moderator, **kwargs)


def pin(comment, moderator=None, **kwargs):
    return services.comment_pin(comment=comment, moderator=moderator, **kwargs)


# --- Featuring ------------------------------------------------------------------------------


def test_a_moderator_features_a_comment_from_the_queue_and_readers_see_it(
    article, moderator, moderator_client
):
    comment = CommentFactory(article=article, body="The wall was cracked for years.")
    other = CommentFactory(article=article, body="Nobody listened.")
    url = article.get_absolute_url()
    assert "Featured" not in sort_labels(Client().get(url))

    confirm = moderator_client.get(f"{QUEUE}{comment.pk}/feature/")
    assert confirm.status_code == 200
    assert "Feature this comment?" in page_text(confirm)
    assert Comment.objects.get(pk=comment.pk).featured_at is None  # a GET changes nothing

    done = moderator_client.post(f"{QUEUE}{comment.pk}/feature/", follow=True)

    assert f"The comment by {comment.author_name} is featured." in page_text(done)
    page = Client().get(url)
    assert badges(page, comment) == ["Featured"]
    assert badges(page, other) == []
    assert sort_labels(page) == ["Newest", "Oldest", "Most Voted", "Featured"]
    featured = Client().get(f"{url}?sort=featured")
    assert shown(featured) == [comment.pk]
    assert actions(comment) == [(Action.FEATURE, "moderator")]


def test_unfeaturing_takes_the_badge_and_the_tab_away(article, moderator, moderator_client):
    comment = feature(CommentFactory(article=article), moderator)

    moderator_client.post(f"{QUEUE}{comment.pk}/unfeature/")

    page = Client().get(article.get_absolute_url())
    assert badges(page, comment) == []
    assert "Featured" not in sort_labels(page)
    assert actions(comment) == [(Action.FEATURE, "moderator"), (Action.UNFEATURE, "moderator")]


def test_featuring_twice_changes_and_records_nothing_more(article, moderator):
    comment = feature(CommentFactory(article=article), moderator)
    first = Comment.objects.get(pk=comment.pk).featured_at

    feature(comment, moderator)

    assert Comment.objects.get(pk=comment.pk).featured_at == first
    assert actions(comment) == [(Action.FEATURE, "moderator")]


@pytest.mark.parametrize("status", ["pending", "rejected", "spam", "deleted"])
def test_only_a_published_comment_can_be_featured(article, moderator, moderator_client, status):
    comment = CommentFactory(article=article, status=status)

    with pytest.raises(services.CommentRefused):
        feature(comment, moderator)
    response = moderator_client.post(f"{QUEUE}{comment.pk}/feature/", follow=True)

    assert "Only a published comment can be featured." in page_text(response)
    assert Comment.objects.get(pk=comment.pk).featured_at is None
    assert actions(comment) == []


def test_the_bulk_actions_feature_the_published_ones_and_say_which_could_not_be(
    article, moderator_client
):
    published = CommentFactory.create_batch(2, article=article)
    held = CommentFactory(article=article, pending=True)
    ids = [c.pk for c in [*published, held]]

    response = moderator_client.post(
        QUEUE, {"action": "feature_comments", "_selected_action": ids, "index": 0}, follow=True
    )

    assert "2 comments featured. 1 is not published and cannot be featured." in page_text(response)
    featured = set(Comment.objects.filter(featured_at__isnull=False).values_list("pk", flat=True))
    assert featured == {c.pk for c in published}

    moderator_client.post(
        QUEUE, {"action": "unfeature_comments", "_selected_action": ids, "index": 0}
    )
    assert not Comment.objects.filter(featured_at__isnull=False).exists()


def test_the_queue_marks_featured_comments_and_filters_them(article, moderator_client):
    comment = feature(CommentFactory(article=article, body="A featured remark."))
    CommentFactory(article=article, body="An ordinary remark.")

    response = moderator_client.get(f"{QUEUE}?featured=yes")

    text = page_text(response)
    assert "A featured remark." in text
    assert "An ordinary remark." not in text
    assert "featured" in text
    links = {a.get("href") for a in tags(response, "a")}
    assert any(link.startswith(f"{QUEUE}{comment.pk}/unfeature/") for link in links)


def test_the_featured_tab_lists_featured_comments_and_replies_latest_featured_first(
    article, move_clock_to
):
    thread = CommentFactory(article=article, body="A thread.")
    reply = CommentFactory(parent=thread, body="A featured reply.")
    top = CommentFactory(article=article, body="A featured thread.")
    CommentFactory(article=article, body="Not featured.")
    now = timezone.now()
    move_clock_to(now - timedelta(hours=1))
    feature(top)
    move_clock_to(now)
    feature(reply)

    response = Client().get(f"{article.get_absolute_url()}?sort=featured")

    assert shown(response) == [reply.pk, top.pk]
    assert threads(response) == [reply.pk, top.pk]  # each on its own, out of its thread
    text = page_text(response)
    assert "Not featured." not in text
    assert "A thread." not in text
    sorts = [a for a in tags(response, "a") if "hreflang" not in a]  # not the languages
    current = [a["href"] for a in sorts if a.get("aria-current") == "true"]
    assert current == ["?sort=featured#comments"]
    # The reply shown on its own links to its place in its thread.
    html = response.content.decode()
    item = html[html.index(f'<li id="comment-{reply.pk}"') :]
    item = item[: item.index("</li>")]
    assert f'href="/comments/{reply.pk}/"' in item
    assert "Show in its thread" in item


def test_the_featured_tab_is_paged_like_the_others(article, set_rules, move_clock_to):
    set_rules(threads_per_page=2)
    comments = CommentFactory.create_batch(3, article=article)
    now = timezone.now()
    for minutes, comment in enumerate(comments):
        move_clock_to(now - timedelta(minutes=10 - minutes))
        feature(comment)
    url = f"{article.get_absolute_url()}?sort=featured"

    first, second = Client().get(url), Client().get(f"{url}&page=2")

    assert shown(first) == [comments[2].pk, comments[1].pk]
    assert shown(second) == [comments[0].pk]
    assert Client().get(f"{url}&page=3").status_code == 404


def test_an_article_without_featured_comments_says_so_under_its_featured_link(article):
    CommentFactory(article=article, body="Nothing special.")

    response = Client().get(f"{article.get_absolute_url()}?sort=featured")

    assert response.status_code == 200
    assert shown(response) == []
    assert "No featured comments on this article" in page_text(response)
    assert sort_labels(response)[-1] == "Featured"


@pytest.fixture
def shared_pages(settings):
    """The shared page cache on (tests run without it)."""
    settings.PAGE_CACHE_SECONDS = 300


def test_the_featured_page_is_cached_and_renewed_when_a_comment_is_featured(
    article, django_assert_num_queries, shared_pages
):
    first = CommentFactory(article=article, body="Featured first.")
    second = CommentFactory(article=article, body="Featured later.")
    feature(first)
    url = f"{article.get_absolute_url()}?sort=featured"
    assert "Featured first." in page_text(Client().get(url))

    with django_assert_num_queries(0):  # the next reader gets the page from the cache
        assert "Featured first." in page_text(Client().get(url))

    feature(second)
    assert shown(Client().get(url)) == [second.pk, first.pk]

    feature(first, featured=False)
    assert shown(Client().get(url)) == [second.pk]


# --- Telling the author ---------------------------------------------------------------------


def subscribe(comment, kind, *, email=None, confirmed=True, user=None):
    return Subscription.objects.create(
        article=comment.article,
        kind=kind,
        comment=comment if kind == Subscription.Kind.COMMENT else None,
        email=email or comment.author_email,
        user=user,
        confirmed_at=timezone.now() if confirmed else None,
    )


@pytest.mark.parametrize("kind", ["comment", "replies"])
def test_the_author_who_asked_for_email_about_their_comments_is_told_once(
    article, committed, mailoutbox, site_url, kind
):
    comment = CommentFactory(
        article=article, author_email="ana@example.org", body="The wall was cracked."
    )
    subscribe(comment, kind)

    with committed():
        feature(comment)
    with committed():  # unfeatured and featured again: nothing more
        feature(comment, featured=False)
        feature(comment)

    [message] = mailoutbox
    assert message.to == ["ana@example.org"]
    assert message.subject == "Your comment on “Harbour wall gives way” is featured"
    assert "The wall was cracked." in message.body
    assert f"{site_url}{article.get_absolute_url()}?sort=featured#comments" in message.body
    assert f"{site_url}/comments/{comment.pk}/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.parametrize(
    "subscription",
    ["none", "unconfirmed", "follow-ups only", "replies to another comment", "someone else"],
)
def test_an_author_who_did_not_ask_for_email_about_their_comments_gets_none(
    article, committed, mailoutbox, subscription
):
    comment = CommentFactory(article=article, author_email="ana@example.org")
    match subscription:
        case "unconfirmed":
            subscribe(comment, "replies", confirmed=False)
        case "follow-ups only":
            subscribe(comment, "follow-ups")
        case "replies to another comment":
            subscribe(CommentFactory(article=article, author_email="ana@example.org"), "comment")
        case "someone else":
            subscribe(comment, "replies", email="ben@example.org")

    with committed():
        feature(comment)

    assert mailoutbox == []
    assert Comment.objects.get(pk=comment.pk).featured_at is not None


def test_an_account_is_told_through_its_own_subscription(article, committed, mailoutbox):
    kim = account("kim")
    comment = CommentFactory(article=article, user=kim, author_email="")
    subscribe(comment, "replies", email="kim@example.org", user=kim)

    with committed():
        feature(comment)

    assert [m.to for m in mailoutbox] == [["kim@example.org"]]


def test_no_email_goes_out_once_the_comment_is_no_longer_featured(article, mailoutbox):
    comment = feature(CommentFactory(article=article, author_email="ana@example.org"))
    subscribe(comment, "replies")
    email = notifications.featured_record(comment=comment)  # recorded, not sent yet

    feature(comment, featured=False)
    deliver(email.pk)

    assert mailoutbox == []


# --- Badges ---------------------------------------------------------------------------------


def test_staff_and_the_articles_contributors_carry_badges_that_a_name_cannot_take(
    article, editor, get_page
):
    editor.first_name, editor.last_name = "Eda", "Newsroom"
    editor.save()
    reporter = account("reporter")
    CreditFactory(article=article, contributor=ContributorFactory(user=reporter))
    outsider = account("outsider")
    CreditFactory(contributor=ContributorFactory(user=outsider))  # on another article
    by_staff = CommentFactory(article=article, user=editor, author_name="Eda Newsroom")
    by_reporter = CommentFactory(article=article, user=reporter, author_name="reporter")
    by_outsider = CommentFactory(article=article, user=outsider, author_name="outsider")
    # Guests with the same names: comments not written from those accounts.
    guest_as_staff = CommentFactory(article=article, author_name="Eda Newsroom")
    guest_as_reporter = CommentFactory(parent=by_reporter, author_name="reporter")

    response = get_page(article.get_absolute_url())

    assert badges(response, by_staff) == ["Staff"]
    assert badges(response, by_reporter) == ["Author"]
    assert badges(response, by_outsider) == []
    assert badges(response, guest_as_staff) == []
    assert badges(response, guest_as_reporter) == []


def test_a_guest_cannot_post_under_a_staff_members_name(browser, article, editor, post_comment):
    editor.first_name, editor.last_name = "Eda", "Marsh"
    editor.save()

    response = post_comment(browser(), article, "I speak for the paper.", name="Eda Marsh")

    assert response.status_code == 400
    assert "This name is kept for the newsroom" in page_text(response)
    assert not Comment.objects.filter(body="I speak for the paper.").exists()


def test_a_staff_member_credited_on_the_article_carries_both_badges(article, editor, get_page):
    CreditFactory(article=article, contributor=ContributorFactory(user=editor))
    comment = CommentFactory(article=article, user=editor)

    assert badges(get_page(article.get_absolute_url()), comment) == ["Staff", "Author"]


def test_badges_show_on_a_threads_own_page_too(article, editor, get_page):
    reporter = account("reporter")
    CreditFactory(article=article, contributor=ContributorFactory(user=reporter))
    top = CommentFactory(article=article)
    by_staff = CommentFactory(parent=top, user=editor)
    by_reporter = CommentFactory(parent=top, user=reporter)

    response = get_page(f"/comments/{top.pk}/thread/")

    assert badges(response, by_staff) == ["Staff"]
    assert badges(response, by_reporter) == ["Author"]


def test_badges_cost_no_query_per_comment(article, editor, set_rules):
    """The article page runs the same queries with two comments as with two hundred by
    staff, contributors and guests (measured cold, as a first reader finds it)."""
    set_rules(threads_per_page=50)
    reporters = [account(f"reporter{n}") for n in range(3)]
    for reporter in reporters:
        CreditFactory(article=article, contributor=ContributorFactory(user=reporter))
    url = article.get_absolute_url()

    def measure():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = Client().get(url)
        assert response.status_code == 200
        assert len(queries) <= PAGE_QUERY_LIMIT
        return len(queries), response

    CommentFactory(article=article, user=editor)
    CommentFactory(article=article)
    few, _ = measure()
    for n in range(50):
        top = CommentFactory(article=article, user=reporters[n % 3])
        CommentFactory(parent=top, user=editor)
        CommentFactory(parent=top)
        CommentFactory(parent=top, user=account(f"somebody{n}"))
    many, response = measure()

    assert many == few
    assert page_text(response).count("Author") >= 50


# --- Pinning --------------------------------------------------------------------------------


@pytest.fixture
def discussion(article, set_rules):
    """Five threads, newest first: t4 … t0, two a page; t0 has the most votes and a reply."""
    set_rules(threads_per_page=2)
    made = [
        CommentFactory(article=article, created_at=minutes_ago(50 - n), upvotes=n, score=n)
        for n in range(5)
    ]
    made[0].upvotes = made[0].score = 10
    made[0].save()
    reply = CommentFactory(parent=made[0], body="A reply in the pinned thread.")
    return made, reply


@pytest.mark.parametrize("sort", ["", "?sort=oldest", "?sort=votes", "?sort=featured"])
def test_the_pinned_thread_comes_first_on_the_first_page_of_every_sort(
    article, discussion, moderator_client, sort
):
    made, _ = discussion
    pinned = made[2]
    moderator_client.post(f"{QUEUE}{pinned.pk}/pin/")
    url = article.get_absolute_url()

    first = Client().get(f"{url}{sort}")

    assert threads(first)[0] == pinned.pk
    assert badges(first, pinned) == ["Pinned"]
    every_page = [threads(first)]
    page = 2
    while (response := Client().get(f"{url}{sort or '?'}&page={page}")).status_code == 200:
        every_page.append(threads(response))
        page += 1
    seen = [pk for page_threads in every_page for pk in page_threads]
    assert seen.count(pinned.pk) == 1  # not repeated further down
    if sort != "?sort=featured":
        assert sorted(seen) == sorted(c.pk for c in made)  # and none lost


def test_the_pinned_thread_keeps_its_replies_and_the_pages_count_without_it(article, discussion):
    made, reply = discussion
    pin(made[0])
    url = article.get_absolute_url()

    first = Client().get(url)

    nesting, order = comment_threads(first)
    assert order[:2] == [made[0].pk, reply.pk]
    assert nesting[reply.pk] == made[0].pk
    assert threads(first) == [made[0].pk, made[4].pk, made[3].pk]
    assert threads(Client().get(f"{url}?page=2")) == [made[2].pk, made[1].pk]
    assert Client().get(f"{url}?page=3").status_code == 404


def test_pinning_another_thread_unpins_the_first(article, discussion, moderator):
    made, _ = discussion
    pin(made[1], moderator)

    pin(made[3], moderator)

    pinned = list(Comment.objects.filter(pinned_at__isnull=False).values_list("pk", flat=True))
    assert pinned == [made[3].pk]
    assert actions(made[1]) == [(Action.PIN, "moderator"), (Action.UNPIN, "moderator")]
    assert actions(made[3]) == [(Action.PIN, "moderator")]
    assert threads(Client().get(article.get_absolute_url()))[0] == made[3].pk


def test_the_database_keeps_one_pinned_thread_an_article(article):
    CommentFactory(article=article, pinned_at=timezone.now())

    with pytest.raises(IntegrityError), transaction.atomic():
        CommentFactory(article=article, pinned_at=timezone.now())
    CommentFactory(pinned_at=timezone.now())  # another article's


def test_unpinning_puts_the_thread_back_in_its_place(article, discussion, moderator_client):
    made, _ = discussion
    pin(made[0])

    moderator_client.post(f"{QUEUE}{made[0].pk}/unpin/")

    assert threads(Client().get(article.get_absolute_url())) == [made[4].pk, made[3].pk]
    assert Comment.objects.get(pk=made[0].pk).pinned_at is None


@pytest.mark.parametrize("which", ["reply", "pending", "rejected"])
def test_only_a_published_thread_can_be_pinned(article, moderator_client, which):
    comment = {
        "reply": lambda: CommentFactory(parent=CommentFactory(article=article)),
        "pending": lambda: CommentFactory(article=article, pending=True),
        "rejected": lambda: CommentFactory(article=article, rejected=True),
    }[which]()

    with pytest.raises(services.CommentRefused):
        pin(comment)
    response = moderator_client.post(f"{QUEUE}{comment.pk}/pin/", follow=True)

    assert "can be pinned" in page_text(response)
    assert not Comment.objects.filter(pinned_at__isnull=False).exists()


def test_the_pinned_page_is_renewed_for_everyone_when_a_thread_is_pinned(
    article, discussion, django_assert_num_queries, shared_pages
):
    made, _ = discussion
    url = article.get_absolute_url()
    assert threads(Client().get(url))[0] == made[4].pk
    with django_assert_num_queries(0):
        Client().get(url)  # from the cache

    pin(made[1])

    assert threads(Client().get(url))[0] == made[1].pk


def test_permalinks_lead_to_the_page_that_shows_the_comment(article, discussion):
    made, reply = discussion
    pin(made[0])

    def page_of(comment):
        return Client().get(f"/comments/{comment.pk}/")["Location"]

    url = article.get_absolute_url()
    assert page_of(reply) == f"{url}#comment-{reply.pk}"  # in the pinned thread, page 1
    assert page_of(made[3]) == f"{url}#comment-{made[3].pk}"
    assert page_of(made[2]) == f"{url}?page=2#comment-{made[2].pk}"
    assert page_of(made[1]) == f"{url}?page=2#comment-{made[1].pk}"


def test_a_featured_comment_in_the_pinned_thread_is_shown_there_not_twice(article, discussion):
    made, reply = discussion
    pin(made[0])
    feature(reply)
    feature(made[3])

    response = Client().get(f"{article.get_absolute_url()}?sort=featured")

    assert shown(response) == [made[0].pk, reply.pk, made[3].pk]
    assert badges(response, reply) == ["Featured"]


def test_the_pinned_thread_is_in_the_pages_structured_data_once(article, discussion):
    made, _ = discussion
    pin(made[0])

    data = json_ld(Client().get(article.get_absolute_url()))

    ids = [item["url"].rsplit("/", 2)[-2] for item in data["comment"]]
    assert ids[0] == str(made[0].pk)
    assert len(ids) == len(set(ids)) == 3
    assert data["comment"][0]["comment"][0]["text"] == "A reply in the pinned thread."


def test_the_discussion_selector_counts_its_queries_with_a_pinned_thread(
    article, discussion, django_assert_num_queries
):
    made, _ = discussion
    pin(made[0])
    feature(made[1])
    rules = ModerationRules.current()
    selectors.discussion_counts(article)  # cached, as on a page

    for sort in ["newest", "featured"]:
        with django_assert_num_queries(2):  # the threads; their replies with the pinned one
            result = selectors.discussion_for(article=article, viewer=None, sort=sort, rules=rules)
        assert result.entries[0].pinned
        assert result.entries[0].comment.id == made[0].pk


# --- Moderators at the same moment (PostgreSQL) ---------------------------------------------


ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent writers on separate connections: runs in CI's PostgreSQL pass",
)


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_moderators_pinning_threads_at_once_leave_one_pinned_and_every_change_logged():
    article = ArticleFactory()
    candidates = CommentFactory.create_batch(6, article=article)

    results = at_once(
        [lambda c=c: services.comment_pin(comment=c, moderator=None) for c in candidates]
    )

    assert all(isinstance(r, Comment) for r in results), results
    pinned = Comment.objects.filter(article=article, pinned_at__isnull=False)
    assert pinned.count() == 1
    logged = ModerationDecision.objects.filter(comment__article=article)
    assert logged.filter(action=Action.PIN).count() == 6
    assert logged.filter(action=Action.UNPIN).count() == 5


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_pin_made_while_another_is_being_written_waits_for_it_and_replaces_it():
    """The second moderator's pin starts while the first one's is written but not yet
    committed: it must wait, then unpin the first, not fail on the one-pin constraint."""
    article = ArticleFactory()
    first, second = CommentFactory.create_batch(2, article=article)
    first_written = threading.Event()

    def slow_first():
        with transaction.atomic():
            services.comment_pin(comment=first, moderator=None)
            first_written.set()
            time.sleep(1)  # still uncommitted while the second pin starts
        return "committed"

    def then_second():
        first_written.wait(timeout=30)
        return services.comment_pin(comment=second, moderator=None)

    results = at_once([slow_first, then_second])

    assert results[0] == "committed"
    assert isinstance(results[1], Comment), results[1]
    pinned = Comment.objects.filter(article=article, pinned_at__isnull=False)
    assert list(pinned.values_list("pk", flat=True)) == [second.pk]


def test_an_editor_links_a_contributor_to_their_account_and_their_comments_say_author(
    article, editor_client, shared_pages
):
    reporter = account("reporter")
    contributor = ContributorFactory(name="Ana Lima")
    CreditFactory(article=article, contributor=contributor)
    comment = CommentFactory(article=article, user=reporter, author_name="Ana Lima")
    url = article.get_absolute_url()
    assert badges(Client().get(url), comment) == []  # and the page is in the cache

    response = editor_client.post(
        f"/admin/articles/contributor/{contributor.pk}/change/",
        {"name": "Ana Lima", "slug": contributor.slug, "bio": "", "user": reporter.pk},
    )

    assert response.status_code == 302
    assert badges(Client().get(url), comment) == ["Author"]
