"""The discussion under an article: which comments a reader sees, in what order, how many at
first, and in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.utils import timezone

from comments.models import Vote
from comments.selectors import discussion_counts, replies_cap
from comments.services import discussion_changed
from tests.factories import ArticleFactory, CommentFactory, vote_for
from tests.utils import LOGGED_IN_QUERY_LIMIT, PAGE_QUERY_LIMIT, comment_threads, page_text, tags

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory()


def minutes_ago(minutes):
    return timezone.now() - timedelta(minutes=minutes)


def threads(response):
    """The top-level comments in page order."""
    nesting, order = comment_threads(response)
    return [pk for pk in order if nesting[pk] is None]


def sort_tabs(response):
    """{label: (href, is it marked as the current one)} of the sort links."""
    html = response.content.decode()
    start = html.index('aria-label="Sort comments"')
    nav = html[start : html.index("</nav>", start)]
    links = tags(nav, "a")
    labels = [part.split("<", 1)[0] for part in nav.split(">")[1:] if part.split("<", 1)[0]]
    labels = [label.strip() for label in labels if label.strip()]
    return {
        label: (link["href"], link.get("aria-current") == "true")
        for label, link in zip(labels, links, strict=True)
    }


# --- What is shown --------------------------------------------------------------------------


def test_the_heading_counts_published_comments_and_replies(get_page, article):
    top = CommentFactory(article=article)
    CommentFactory(parent=top)
    for status in ["pending", "rejected", "spam", "deleted"]:
        CommentFactory(article=article, status=status)
    CommentFactory()  # on another article

    response = get_page(article.get_absolute_url())

    assert "2 comments" in page_text(response)


def test_an_article_without_comments_invites_the_first(get_page, article):
    text = page_text(get_page(article.get_absolute_url()))

    assert "0 comments" in text
    assert "No comments yet. Be the first to share your thoughts." in text
    assert "Sort comments" not in text


def test_only_published_comments_are_shown_to_readers(get_page, article):
    shown = CommentFactory(article=article, body="Published words.")
    for status in ["pending", "rejected", "spam"]:
        CommentFactory(article=article, status=status, body=f"Words that are {status}.")

    response = get_page(article.get_absolute_url())

    assert threads(response) == [shown.pk]
    assert "Published words." in page_text(response)
    assert "Words that are" not in page_text(response)


def test_a_deleted_comment_shows_only_to_keep_its_replies_in_place(get_page, article):
    lonely = CommentFactory(article=article, deleted=True, created_at=minutes_ago(3))
    with_reply = CommentFactory(article=article, deleted=True, created_at=minutes_ago(2))
    reply = CommentFactory(parent=with_reply, body="Still here.")
    with_deleted_reply = CommentFactory(article=article, deleted=True, created_at=minutes_ago(1))
    CommentFactory(parent=with_deleted_reply, deleted=True)
    with_held_reply = CommentFactory(article=article, deleted=True)
    CommentFactory(parent=with_held_reply, pending=True)

    response = get_page(article.get_absolute_url())

    nesting, _ = comment_threads(response)
    assert nesting == {with_reply.pk: None, reply.pk: with_reply.pk}
    assert lonely.pk not in nesting
    assert page_text(response).count("This comment was deleted.") == 1


def test_each_published_comment_has_vote_buttons_its_score_and_a_reply_link(get_page, article):
    comment = CommentFactory(article=article, upvotes=5, downvotes=2, score=3)

    response = get_page(article.get_absolute_url())

    buttons = {b.get("aria-label"): b for b in tags(response, "button")}
    assert buttons["Vote up"]["value"] == "up"
    assert buttons["Vote down"]["value"] == "down"
    assert buttons["Vote up"]["aria-pressed"] == "false"
    html = response.content.decode()
    assert 'class="vote__score" title="5 up, 2 down">3</span>' in html
    assert f"/comments/{comment.pk}/reply/" in [a.get("href") for a in tags(response, "a")]
    # Without JavaScript a press posts the page's vote form to this comment's address.
    votes = [buttons["Vote up"], buttons["Vote down"]]
    form_ids = [b.get("form") for b in votes]
    actions = {b.get("formaction") for b in votes}
    (vote_form,) = [f for f in tags(response, "form") if f.get("id") in form_ids]
    assert form_ids == [vote_form["id"]] * 2
    assert vote_form["method"] == "post"
    assert actions == {f"/comments/{comment.pk}/vote/"}


def test_a_negative_score_is_shown_as_such(get_page, article):
    CommentFactory(article=article, upvotes=1, downvotes=4, score=-3)

    html = get_page(article.get_absolute_url()).content.decode()

    assert 'title="1 up, 4 down">-3</span>' in html


def test_the_readers_own_vote_is_shown_pressed(get_page, browser, article):
    comment = CommentFactory(article=article)
    vote_for(comment, Vote.DOWN, voter_key="bben-browser", ip_address="203.0.113.9")

    ben = browser(key="ben-browser")
    mine = get_page(article.get_absolute_url(), using_client=ben)
    others = get_page(article.get_absolute_url(), using_client=browser(key="someone"))

    pressed = {
        b["aria-label"]: b["aria-pressed"] for b in tags(mine, "button") if "vote" in b["class"]
    }
    assert pressed == {"Vote up": "false", "Vote down": "true"}
    pressed = {
        b["aria-label"]: b["aria-pressed"] for b in tags(others, "button") if "vote" in b["class"]
    }
    assert pressed == {"Vote up": "false", "Vote down": "false"}


def test_a_held_comment_shown_to_its_author_cannot_be_voted_on_or_replied_to(
    get_page, browser, article
):
    comment = CommentFactory(article=article, pending=True, browser_key="ana-browser")

    response = get_page(article.get_absolute_url(), using_client=browser(key="ana-browser"))

    assert threads(response) == [comment.pk]
    assert "awaiting moderation" in page_text(response)
    assert not [b for b in tags(response, "button") if b.get("aria-label") == "Vote up"]
    hrefs = [a.get("href") for a in tags(response, "a")]
    assert f"/comments/{comment.pk}/reply/" not in hrefs
    assert f"/comments/{comment.pk}/edit/" in hrefs


def test_a_held_reply_shows_to_its_author_under_its_parent(get_page, browser, article):
    parent = CommentFactory(article=article)
    reply = CommentFactory(parent=parent, pending=True, browser_key="ana-browser")

    mine = get_page(article.get_absolute_url(), using_client=browser(key="ana-browser"))
    others = get_page(article.get_absolute_url(), using_client=browser(key="ben-browser"))

    assert comment_threads(mine)[0] == {parent.pk: None, reply.pk: parent.pk}
    assert comment_threads(others)[0] == {parent.pk: None}


def test_a_tampered_reader_cookie_shows_nothing_held(client, article):
    CommentFactory(article=article, pending=True, browser_key="ana-browser", body="Held.")
    client.cookies["newsroom_reader"] = "ana-browser:forged:signature"

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "Held." not in page_text(response)


# --- Threads and replies --------------------------------------------------------------------


def test_threads_nest_in_lists_inside_their_parents(get_page, article):
    top = CommentFactory(article=article)
    first = CommentFactory(parent=top)
    deeper = CommentFactory(parent=first)
    second = CommentFactory(parent=top)
    other = CommentFactory(article=article)

    response = get_page(article.get_absolute_url())

    nesting, _ = comment_threads(response)
    assert nesting == {
        top.pk: None,
        first.pk: top.pk,
        deeper.pk: first.pk,
        second.pk: top.pk,
        other.pk: None,
    }
    html = response.content.decode()
    top_item = html[html.index(f'<li id="comment-{top.pk}"') :]
    assert top_item.index('<ol class="comment-replies">') < top_item.index(f"comment-{first.pk}")


def test_the_newest_threads_come_first_and_replies_stay_oldest_first(get_page, article):
    old = CommentFactory(article=article, created_at=minutes_ago(30))
    new = CommentFactory(article=article, created_at=minutes_ago(10))
    late_reply = CommentFactory(parent=old, created_at=minutes_ago(1))
    early_reply = CommentFactory(parent=old, created_at=minutes_ago(20))

    response = get_page(article.get_absolute_url())

    assert comment_threads(response)[1] == [new.pk, old.pk, early_reply.pk, late_reply.pk]


def test_sorting_by_oldest(get_page, article):
    new = CommentFactory(article=article, created_at=minutes_ago(1))
    old = CommentFactory(article=article, created_at=minutes_ago(60))
    middle = CommentFactory(article=article, created_at=minutes_ago(30))

    response = get_page(f"{article.get_absolute_url()}?sort=oldest")

    assert threads(response) == [old.pk, middle.pk, new.pk]


def test_sorting_by_votes_orders_threads_by_score_and_ties_newest_first(get_page, article):
    liked = CommentFactory(article=article, upvotes=9, score=9, created_at=minutes_ago(50))
    disliked = CommentFactory(article=article, downvotes=2, score=-2, created_at=minutes_ago(1))
    tie_old = CommentFactory(article=article, upvotes=3, score=3, created_at=minutes_ago(40))
    tie_new = CommentFactory(article=article, upvotes=4, downvotes=1, score=3)
    popular_reply = CommentFactory(parent=disliked, upvotes=50, score=50)
    plain_reply = CommentFactory(parent=liked, created_at=minutes_ago(45))
    top_reply = CommentFactory(parent=liked, upvotes=20, score=20, created_at=minutes_ago(2))

    response = get_page(f"{article.get_absolute_url()}?sort=votes")

    assert comment_threads(response)[1] == [
        liked.pk,
        plain_reply.pk,
        top_reply.pk,
        tie_new.pk,
        tie_old.pk,
        disliked.pk,
        popular_reply.pk,
    ]


@pytest.mark.parametrize(
    ("query", "current"),
    [
        ("", "Newest"),
        ("?sort=newest", "Newest"),
        ("?sort=oldest", "Oldest"),
        ("?sort=votes", "Most Voted"),
        ("?sort=nonsense", "Newest"),
        ("?sort=", "Newest"),
        ("?sort=-score", "Newest"),
    ],
)
def test_the_sort_tabs_mark_the_current_one(get_page, article, query, current):
    CommentFactory(article=article)

    response = get_page(f"{article.get_absolute_url()}{query}")

    tabs = sort_tabs(response)
    assert list(tabs) == ["Newest", "Oldest", "Most Voted"]
    assert [label for label, (_, marked) in tabs.items() if marked] == [current]
    assert tabs["Oldest"][0] == "?sort=oldest#comments"
    assert tabs["Most Voted"][0] == "?sort=votes#comments"


def test_an_unknown_sort_shows_the_newest_first(get_page, article):
    old = CommentFactory(article=article, created_at=minutes_ago(5))
    new = CommentFactory(article=article)

    response = get_page(f"{article.get_absolute_url()}?sort=';drop table x")

    assert response.status_code == 200
    assert threads(response) == [new.pk, old.pk]


# --- Long discussions -----------------------------------------------------------------------


def page_links(response):
    """{label: href} of the links to other pages of threads."""
    html = response.content.decode()
    if 'aria-label="Pages of comments"' not in html:
        return {}
    start = html.index('aria-label="Pages of comments"')
    nav = html[start : html.index("</nav>", start)]
    return {
        part.split(">", 1)[1].split("<", 1)[0]: tags(f"<{part}", "a")[0]["href"]
        for part in nav.split("<")
        if part.startswith("a ")
    }


def test_the_first_page_shows_twenty_threads_with_their_replies_then_links_to_the_next(
    get_page, article
):
    comments = [CommentFactory(article=article, created_at=minutes_ago(n)) for n in range(25)]
    for comment in comments[:3]:
        CommentFactory(parent=comment)

    response = get_page(article.get_absolute_url())

    assert threads(response) == [c.pk for c in comments[:20]]
    assert len(comment_threads(response)[0]) == 23
    assert page_links(response) == {
        "1": "?sort=newest#comments",
        "2": "?sort=newest&page=2#comments",
        "Next": "?sort=newest&page=2#comments",
    }
    assert "28 comments" in page_text(response)  # the count has every thread and reply


def test_the_next_page_shows_the_next_threads_only(get_page, article):
    comments = [CommentFactory(article=article, created_at=minutes_ago(n)) for n in range(25)]
    CommentFactory(parent=comments[22])

    response = get_page(f"{article.get_absolute_url()}?sort=newest&page=2")

    assert threads(response) == [c.pk for c in comments[20:]]
    assert len(comment_threads(response)[0]) == 6
    assert page_links(response)["Previous"] == "?sort=newest#comments"
    assert "Next" not in page_links(response)


def test_page_links_keep_the_sort(get_page, article):
    comments = [CommentFactory(article=article, created_at=minutes_ago(n)) for n in range(25)]

    response = get_page(f"{article.get_absolute_url()}?sort=oldest&page=2")

    assert threads(response) == [c.pk for c in reversed(comments[:5])]
    assert page_links(response)["1"] == "?sort=oldest#comments"
    tabs = sort_tabs(response)
    assert tabs["Most Voted"][0] == "?sort=votes#comments"


def test_older_view_all_links_show_the_first_page(get_page, article):
    comments = [CommentFactory(article=article, created_at=minutes_ago(n)) for n in range(25)]

    response = get_page(f"{article.get_absolute_url()}?comments=all")

    assert threads(response) == [c.pk for c in comments[:20]]


@pytest.mark.parametrize("page", ["3", "0", "-1", "two", "last", "1e3"])
def test_a_page_that_does_not_exist_is_not_found(client, article, page):
    CommentFactory.create_batch(21, article=article)

    assert client.get(f"{article.get_absolute_url()}?page={page}").status_code == 404


def test_exactly_a_page_of_threads_needs_no_page_links(get_page, article):
    CommentFactory.create_batch(20, article=article)

    response = get_page(article.get_absolute_url())

    assert len(threads(response)) == 20
    assert page_links(response) == {}
    assert "Load more comments" not in page_text(response)


def test_the_number_of_threads_on_a_page_is_a_rule(get_page, article, set_rules):
    set_rules(threads_per_page=3)
    CommentFactory.create_batch(7, article=article)

    response = get_page(article.get_absolute_url())

    assert len(threads(response)) == 3
    assert list(page_links(response)) == ["1", "2", "3", "Next"]


def test_load_more_comments_with_htmx_returns_the_next_page_only(client, article, set_rules):
    set_rules(threads_per_page=10)
    comments = [CommentFactory(article=article, created_at=minutes_ago(n)) for n in range(22)]

    page = client.get(article.get_absolute_url())
    button = next(b for b in tags(page, "button") if "data-hx-get" in b)
    assert button["data-hx-get"] == "?sort=newest&page=2&fragment=threads"
    assert button["data-hx-target"] == "closest p"
    response = client.get(
        f"{article.get_absolute_url()}?sort=newest&page=2&fragment=threads",
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<ol class="comment-list"')
    assert "<html" not in html
    assert article.headline not in html
    assert threads(response) == [c.pk for c in comments[10:20]]
    [more] = [b for b in tags(response, "button") if "data-hx-get" in b]
    assert more["data-hx-get"] == "?sort=newest&page=3&fragment=threads"


# --- Long threads ---------------------------------------------------------------------------


def test_a_long_thread_shows_its_first_replies_and_a_link_to_the_rest(
    get_page, article, set_rules
):
    set_rules(replies_shown=3)
    top = CommentFactory(article=article)
    first = CommentFactory(parent=top)
    deep = CommentFactory(parent=first)
    replies = [first, deep, *[CommentFactory(parent=top) for _ in range(4)]]

    response = get_page(article.get_absolute_url())

    nesting, order = comment_threads(response)
    assert order == [top.pk, first.pk, deep.pk, replies[2].pk]
    assert nesting[deep.pk] == first.pk
    [more] = [a for a in tags(response, "a") if "more replies" in page_text_of(a, response)]
    assert more["href"] == f"/comments/{top.pk}/thread/#comment-{replies[2].pk}"
    assert more["data-thread"] == f"/comments/{top.pk}/thread/"
    assert "Show 3 more replies" in page_text(response)


def page_text_of(link, response):
    html = response.content.decode()
    start = html.index(f'href="{link["href"]}"')
    return html[start : html.index("</a>", start)]


def test_the_thread_page_shows_every_reply(client, article, set_rules):
    set_rules(replies_shown=2)
    top = CommentFactory(article=article)
    replies = [CommentFactory(parent=top) for _ in range(5)]
    CommentFactory(article=article)  # another thread

    response = client.get(f"/comments/{top.pk}/thread/")

    assert response.status_code == 200
    assert comment_threads(response)[1] == [top.pk, *[r.pk for r in replies]]
    assert article.headline in page_text(response)
    fragment = client.get(f"/comments/{top.pk}/thread/", HTTP_HX_REQUEST="true")
    assert fragment.content.decode().lstrip().startswith('<ol class="comment-list"')
    assert comment_threads(fragment)[1] == [top.pk, *[r.pk for r in replies]]


@pytest.mark.parametrize("which", ["reply", "held", "draft"])
def test_only_a_public_thread_has_a_thread_page(client, article, which):
    top = CommentFactory(article=article)
    target = {
        "reply": lambda: CommentFactory(parent=top),
        "held": lambda: CommentFactory(article=article, pending=True),
        "draft": lambda: CommentFactory(article=ArticleFactory(draft=True)),
    }[which]()

    assert client.get(f"/comments/{target.pk}/thread/").status_code == 404


# --- Queries --------------------------------------------------------------------------------


def fill(article, threads, *, replies_each=2, voters=()):
    """Threads with replies two levels deep, some votes by the given voters."""
    for _ in range(threads):
        top = CommentFactory(article=article)
        child = top
        for _ in range(replies_each):
            child = CommentFactory(parent=child)
        for voter in voters:
            vote_for(top, Vote.UP, voter_key=voter, user=None)


@pytest.mark.parametrize("query", ["", "?sort=votes", "?sort=oldest&page=2"])
def test_the_article_page_runs_the_same_queries_however_many_comments(
    browser, django_assert_max_num_queries, article, query, set_rules
):
    set_rules(threads_per_page=2)
    guest = browser(key="ben-browser")
    reader = User.objects.create_user("tidewatcher")
    signed_in = browser(user=reader)
    url = f"{article.get_absolute_url()}{query}"
    clients = {
        "stranger": (browser(), PAGE_QUERY_LIMIT),
        "guest with a cookie": (guest, PAGE_QUERY_LIMIT),
        "signed-in reader": (signed_in, LOGGED_IN_QUERY_LIMIT),
    }

    def measure():
        counts = {}
        for name, (client, limit) in clients.items():
            with django_assert_max_num_queries(limit) as queries:
                response = client.get(url)
            assert response.status_code == 200
            counts[name] = len(queries)
        return counts

    fill(article, 3, voters=["bben-browser"])
    measure()  # the first request also reads the moderation rules into the cache
    small = measure()
    fill(article, 40, replies_each=4, voters=["bben-browser", f"u{reader.pk}"])
    CommentFactory.create_batch(3, article=article, pending=True, browser_key="ben-browser")

    assert measure() == small


def test_deleted_threads_without_replies_take_no_place_on_the_first_page(get_page, article):
    # The newest twenty threads were withdrawn by their authors; the five below still show.
    kept = [CommentFactory(article=article, created_at=minutes_ago(60 + n)) for n in range(5)]
    for n in range(20):
        CommentFactory(article=article, deleted=True, created_at=minutes_ago(n))
    answered = CommentFactory(article=article, deleted=True, created_at=minutes_ago(30))
    reply = CommentFactory(parent=answered)

    response = get_page(article.get_absolute_url())

    assert threads(response) == [answered.pk, *[c.pk for c in kept]]
    assert reply.body in page_text(response)
    assert "No comments yet" not in page_text(response)
    assert page_links(response) == {}


def test_htmx_is_declared_once_for_the_discussion_not_on_each_comment(get_page, article):
    def hx_attributes():
        html = get_page(article.get_absolute_url()).content.decode()
        return html.count(" data-hx-")

    CommentFactory(article=article)
    few = hx_attributes()
    for top in CommentFactory.create_batch(15, article=article):
        CommentFactory.create_batch(2, parent=top)

    assert hx_attributes() == few


def test_the_counts_of_a_busy_discussion_keep_one_entry_in_the_cache():
    """Every vote renews the discussion's generation; the counts are overwritten, not filed
    again under each one (a copy a vote stayed for an hour)."""
    article = ArticleFactory()
    backend = cache._cache

    def entries():
        if hasattr(backend, "get_client"):  # Redis (CI's second run)
            return len(backend.get_client().keys("*comments:counts:*"))
        return sum(":comments:counts:" in key for key in backend)

    for n in range(1, 5):
        CommentFactory(article=article)
        discussion_changed(article)
        assert discussion_counts(article).approved == n

    assert entries() == 1


@pytest.mark.parametrize(
    ("reply_counts", "replies_shown", "page_comments", "cap"),
    [
        ([0, 1, 2], 10, 70, 10),  # short threads: the rule's number
        ([12] * 20, 10, 70, 2),  # 20 long threads: 20 + 20 x 2 = 60, x 3 would be 80
        ([30, 0, 0], 10, 70, 10),  # one long thread among short ones fits
        ([30, 30, 30], 10, 30, 9),  # 3 + 27
        ([5] * 70, 10, 70, 0),  # the threads alone fill the page
        ([], 10, 70, 10),
    ],
)
def test_replies_cap_keeps_a_page_within_its_comments(
    reply_counts, replies_shown, page_comments, cap
):
    assert (
        replies_cap(reply_counts, replies_shown=replies_shown, page_comments=page_comments) == cap
    )
