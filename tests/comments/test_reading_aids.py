"""Reading aids in the threads: avatars, "In reply to NAME", threads that fold away without
JavaScript, and times a script can make relative."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from comments import selectors
from comments.avatars import PALETTE_SIZE, colour_of, initials_of
from comments.models import Avatar, Comment
from tests.factories import TRUSTED_KEY, ArticleFactory, CommentFactory, account, trusted_guest
from tests.utils import PAGE_QUERY_LIMIT, comment_threads, tags

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(headline="Harbour wall gives way")


def item_html(html, comment):
    """The markup of one comment's own <article> (not its replies)."""
    start = html.index(f'<li id="comment-{comment.pk}"')
    return html[start : html.index("</article>", start)]


def avatar_of(html, comment):
    found = re.search(r'<(span|img) class="avatar[^"]*"[^>]*>([^<]*)', item_html(html, comment))
    assert found, f"comment {comment.pk} has no avatar"
    return found.group(0)


def replying_to(html, comment):
    """(text, href) of the comment's "In reply to" link, or None."""
    found = re.search(
        r'<a class="comment__replying-to" href="([^"]+)">(.*?)</a>', item_html(html, comment)
    )
    if not found:
        return None
    return re.sub(r"<[^>]+>", "", found.group(2)), found.group(1)


# --- Avatars -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("Ruth Penrose", "RP"),
        ("Priya", "P"),
        ("kestrel_kid", "KK"),
        ("M. Okonkwo", "MO"),
        ("Dave from Northfield", "DN"),
        ("  lena   marsh ", "LM"),
        ("ليلى حسن", "لح"),
        ("Zoë Ångström", "ZÅ"),
        ("42", "4"),
        ("--- !!!", ""),
        ("", ""),
    ],
)
def test_initials_are_the_first_letters_of_the_first_and_last_words(name, initials):
    assert initials_of(name) == initials


def test_a_colour_is_the_same_for_an_identity_on_every_server():
    # crc32, not Python's hash(), which changes with every process: a change here would
    # give every commenter another colour.
    assert [colour_of(f"user:{n}") for n in (1, 7, 1000)] == [6, 3, 3]
    assert {colour_of(f"user:{n}") for n in range(200)} == set(range(PALETTE_SIZE))


def test_every_commenter_has_an_avatar_drawn_by_us_and_hidden_from_screen_readers(article):
    ruth = CommentFactory(article=article, author_name="Ruth Penrose")
    again = CommentFactory(article=article, author_name="ruth penrose")
    other = CommentFactory(article=article, author_name="Tom Ashworth")

    html = Client().get(article.get_absolute_url()).content.decode()

    avatar = avatar_of(html, ruth)
    assert 'aria-hidden="true"' in avatar
    assert avatar.endswith(">RP")
    # The same guest name gets the same colour; the name beside it is what is read out.
    assert re.search(r"avatar--\d+", avatar).group(0) in avatar_of(html, again)
    assert "Tom Ashworth</bdi>" in item_html(html, other)
    assert not [img for img in tags(html, "img") if "//" in img.get("src", "")]


def test_an_account_s_colour_follows_the_account_not_the_name_it_shows(article):
    kim = account("kim", email="kim@example.org")
    first = CommentFactory(article=article, user=kim, author_name="Kim")
    renamed = CommentFactory(article=article, user=kim, author_name="Kim Sorensen")
    impostor = CommentFactory(article=article, author_name="Kim")

    html = Client().get(article.get_absolute_url()).content.decode()

    colour = f"avatar--{colour_of(f'user:{kim.pk}')}"
    assert colour in avatar_of(html, first)
    assert colour in avatar_of(html, renamed)
    assert avatar_of(html, impostor).count(f"avatar--{colour_of('guest:kim')}") == 1


def test_an_avatar_escapes_nothing_it_should_not(article):
    sneaky = CommentFactory(article=article, author_name='<img src=x onerror="alert(1)">')

    html = Client().get(article.get_absolute_url()).content.decode()

    assert "<img src=x" not in item_html(html, sneaky)
    assert avatar_of(html, sneaky).endswith(">I1")  # the words "img" ... "1"


def test_a_held_comment_placeholder_shows_no_avatar(article):
    held = CommentFactory(article=article, pending=True, author_name="Hidden Person")
    CommentFactory(parent=held, author_name="Visible Reply")

    html = Client().get(article.get_absolute_url()).content.decode()

    assert "avatar" not in item_html(html, held)
    assert ">HP<" not in html


# --- In reply to ---------------------------------------------------------------------------


def test_a_reply_to_the_deepest_level_says_whom_it_answers(browser, article, post_comment):
    trusted_guest("ana@example.org")
    chain = [CommentFactory(article=article, author_name="Level 0")]
    for level in range(1, 5):  # depths 0 to 4: the five levels allowed by default
        chain.append(CommentFactory(parent=chain[-1], author_name=f"Level {level}"))

    post_comment(browser(key=TRUSTED_KEY), article, "One level too deep.", parent=chain[-1])

    reply = Comment.objects.get(body="One level too deep.")
    assert (reply.parent, reply.reply_to) == (chain[3], chain[4])
    html = Client().get(article.get_absolute_url()).content.decode()
    nesting, _ = comment_threads(html)
    assert nesting[reply.pk] == chain[3].pk
    assert replying_to(html, reply) == ("In reply to Level 4", f"/comments/{chain[4].pk}/")


def test_a_reply_its_place_explains_says_nothing_more(browser, article, post_comment):
    trusted_guest("ana@example.org")
    top = CommentFactory(article=article)
    child = CommentFactory(parent=top)

    post_comment(browser(key=TRUSTED_KEY), article, "A plain reply.", parent=child)

    reply = Comment.objects.get(body="A plain reply.")
    assert reply.reply_to is None
    html = Client().get(article.get_absolute_url()).content.decode()
    assert replying_to(html, reply) is None
    assert replying_to(html, child) is None


def test_a_deep_reply_far_below_its_parent_names_it(article):
    top = CommentFactory(article=article)
    parent = CommentFactory(parent=top, author_name="Gwen Evans")
    first = CommentFactory(parent=parent)
    between = CommentFactory(parent=first)  # a sub-thread between the parent and the next reply
    later = CommentFactory(parent=parent)

    html = Client().get(article.get_absolute_url()).content.decode()

    assert replying_to(html, later) == ("In reply to Gwen Evans", f"/comments/{parent.pk}/")
    assert replying_to(html, first) is None  # right under its parent
    assert replying_to(html, between) is None


def test_a_featured_reply_shown_on_its_own_names_the_comment_it_answers(article):
    top = CommentFactory(article=article, author_name="Sam Y.")
    reply = CommentFactory(parent=top, featured_at=timezone.now())

    html = Client().get(f"{article.get_absolute_url()}?sort=featured").content.decode()

    assert replying_to(html, reply) == ("In reply to Sam Y.", f"/comments/{top.pk}/")


@pytest.mark.parametrize("status", ["pending", "rejected", "deleted"])
def test_a_comment_no_longer_published_is_not_named(article, status):
    top = CommentFactory(article=article)
    chain = [top, CommentFactory(parent=top)]
    for _ in range(3):
        chain.append(CommentFactory(parent=chain[-1]))
    answered = chain[-1]
    flattened = CommentFactory(parent=chain[-2], reply_to=answered)
    Comment.objects.filter(pk=answered.pk).update(status=status, author_name="Secret Name")

    html = Client().get(article.get_absolute_url()).content.decode()

    assert replying_to(html, flattened) is None
    assert "Secret Name" not in html


def test_a_name_in_reply_to_is_escaped_and_isolated(article):
    chain = [CommentFactory(article=article)]
    for _ in range(4):
        chain.append(CommentFactory(parent=chain[-1]))
    chain[-1].author_name = "<script>alert(1)</script>"
    chain[-1].save()
    flattened = CommentFactory(parent=chain[-2], reply_to=chain[-1])

    html = Client().get(article.get_absolute_url()).content.decode()

    link = item_html(html, flattened)
    assert "<script>" not in link
    assert "<bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi>" in link


# --- Threads that fold away ----------------------------------------------------------------


def test_a_thread_s_replies_fold_away_without_javascript(article):
    alone = CommentFactory(article=article, created_at=timezone.now() - timedelta(hours=1))
    top = CommentFactory(article=article)
    first = CommentFactory(parent=top)
    CommentFactory(parent=first)
    CommentFactory(parent=top)

    html = Client().get(article.get_absolute_url()).content.decode()

    thread = html[
        html.index(f'<li id="comment-{top.pk}"') : html.index(f'id="comment-{alone.pk}"')
    ]
    assert thread.count("<details") == thread.count("</details>") == 1
    assert '<details class="comment-thread" open><summary>' in thread
    assert "Show 3 replies" in thread and "Hide replies" in thread
    assert "<details" not in item_html(html, alone)
    nesting, _ = comment_threads(html)
    assert nesting[first.pk] == top.pk


def test_a_thread_cut_short_counts_every_reply_and_keeps_show_more(article, set_rules):
    set_rules(replies_shown=2)
    top = CommentFactory(article=article)
    replies = [CommentFactory(parent=top) for _ in range(4)]

    html = Client().get(article.get_absolute_url()).content.decode()

    assert "Show 4 replies" in html
    more = re.search(r'<li class="comment-more"><a href="([^"]+)"[^>]*>([^<]+)</a></li>', html)
    assert more.group(2) == "Show 2 more replies"
    assert more.group(1) == f"/comments/{top.pk}/thread/#comment-{replies[1].pk}"
    # The "more" link is inside the thread's <details>, which closes after it.
    assert re.search(r"Show 2 more replies</a></li></ol></details></li>", html)

    thread_page = Client().get(more.group(1).split("#")[0]).content.decode()
    assert "Show 4 replies" in thread_page
    assert thread_page.count("<details") == thread_page.count("</details>") == 1


# --- Times ---------------------------------------------------------------------------------


def test_times_carry_their_moment_to_the_second_for_the_script_to_make_relative(article):
    moment = timezone.now().replace(microsecond=654321) - timedelta(hours=3)
    comment = CommentFactory(article=article, created_at=moment)

    html = Client().get(article.get_absolute_url()).content.decode()

    time = re.search(r'<time datetime="([^"]+)">([^<]+)</time>', item_html(html, comment))
    assert time.group(1) == moment.replace(microsecond=0).isoformat()
    assert str(moment.year) in time.group(2)  # without JavaScript: the full date and time


# --- Speed ---------------------------------------------------------------------------------


def test_the_reading_aids_cost_no_query_a_comment(article, get_page, monkeypatch):
    # 96 comments on one page: more than a page shows (COMMENTS_PER_PAGE), to count queries.
    monkeypatch.setattr(selectors.threads, "COMMENTS_PER_PAGE", 200)
    pictured = account("pictured", email="pictured@example.org")
    Avatar.objects.create(user=pictured, image="avatars/someone.webp")
    for n in range(12):
        top = CommentFactory(article=article, user=pictured if n % 3 == 0 else None)
        chain = [top]
        for _ in range(5):
            chain.append(CommentFactory(parent=chain[-1]))
        CommentFactory(parent=chain[3], reply_to=chain[-1])
        CommentFactory(parent=chain[1])

    response = get_page(article.get_absolute_url(), max_queries=PAGE_QUERY_LIMIT)

    html = response.content.decode()
    assert html.count('src="/media/avatars/someone.webp"') == 4
    assert html.count("comment__replying-to") >= 12
