"""Posting, replying and following permalinks through the pages, as readers do.

Editing, deleting and reporting are in test_views_edit_delete_report.py."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from django.utils.html import strip_tags

from comments import selectors
from comments.models import Comment, ModerationRules, Report
from tests.factories import TRUSTED_KEY, ArticleFactory, CommentFactory, account
from tests.factories import trusted_guest as make_trusted_guest
from tests.utils import comment_threads, page_text, tags

pytestmark = pytest.mark.django_db

AWAITING = "awaiting moderation"


@pytest.fixture
def article():
    return ArticleFactory(headline="Harbour wall gives way")


@pytest.fixture
def trusted_guest():
    """A guest email with an earlier approved comment: their next comments are published."""
    make_trusted_guest("ana@example.org")
    return "ana@example.org"


def form_html(response, form_id):
    html = response.content.decode()
    start = html.index(f'<form id="{form_id}"')
    return html[start : html.index("</form>", start)]


def form_fields(response, form_id="comment-form"):
    """The names of the fields a reader can fill in (or that travel hidden) in one form."""
    form = form_html(response, form_id)
    return {field.get("name") for field in tags(form, "input") + tags(form, "textarea")}


def form_labels(response, form_id="comment-form"):
    """The labels of a form's fields as a screen reader announces them (no "*")."""
    form = form_html(response, form_id)
    found = re.findall(r"<label[^>]*>(.*?)</label>", form, flags=re.DOTALL)
    return [" ".join(strip_tags(label).replace("*", "").split()) for label in found]


# --- The form -------------------------------------------------------------------------------


def test_a_guest_is_asked_for_name_email_and_comment(client, article):
    response = client.get(article.get_absolute_url())

    assert {"name", "email", "body"} <= form_fields(response)
    assert form_labels(response)[:3] == ["Name", "Email", "Comment"]
    assert "Never shown publicly." in page_text(response)
    buttons = [i for i in tags(response, "input") if i.get("type") == "submit"]
    assert "Post Comment" in [b.get("value") for b in buttons]


def test_a_signed_in_reader_only_writes(browser, article, reader):
    response = browser(user=reader).get(article.get_absolute_url())

    fields = form_fields(response)
    assert "body" in fields
    assert not {"name", "email"} & fields
    assert form_labels(response)[0] == "Comment"
    assert not {"Name", "Email"} & set(form_labels(response))
    assert "Commenting as reader" in page_text(response)


def test_a_closed_article_has_no_comment_form(client):
    article = ArticleFactory(comments_open=False)
    CommentFactory(article=article, body="Said before it closed.")

    response = client.get(article.get_absolute_url())

    assert "Comments are closed on this article." in page_text(response)
    assert 'id="comment-form"' not in response.content.decode()
    assert "Said before it closed." in page_text(response)
    assert "Reply" not in page_text(response).split()


# --- Posting as a guest ---------------------------------------------------------------------


def test_a_first_time_guest_is_held_and_sees_their_comment_awaiting_moderation(
    browser, article, post_comment
):
    ana = browser()

    response = post_comment(ana, article, "First time here: the wall was cracked for years.")

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    page = ana.get(response["Location"])
    assert "your comment is awaiting moderation" in page_text(page)
    assert comment.pk in comment_threads(page)[0]
    assert "the wall was cracked for years" in page_text(page)
    assert AWAITING in page_text(page)


def test_nobody_else_sees_a_comment_awaiting_moderation(browser, article, post_comment, reader):
    post_comment(browser(), article, "Held words nobody else may read.")

    for stranger in [browser(), browser(user=reader), Client()]:
        page = stranger.get(article.get_absolute_url())

        assert "Held words nobody else may read." not in page_text(page)
        assert AWAITING not in page_text(page)
        assert "0 comments" in page_text(page)


def test_a_guest_with_an_approved_comment_is_published_at_once(
    browser, article, post_comment, trusted_guest
):
    response = post_comment(
        browser(key=TRUSTED_KEY), article, "Published straight away.", email=trusted_guest
    )

    comment = Comment.objects.get(body="Published straight away.")
    assert comment.status == Comment.Status.APPROVED
    page = Client().get(response["Location"])
    assert "Published straight away." in page_text(page)
    assert "1 comment" in page_text(page)
    assert AWAITING not in page_text(page)


def test_the_email_is_never_shown_publicly(browser, article, post_comment, trusted_guest):
    post_comment(
        browser(key=TRUSTED_KEY), article, "Mind the tide tables.", email="Ana@Example.org"
    )
    CommentFactory(article=article, author_email="other.reader@example.net")

    for page in [
        Client().get(article.get_absolute_url()),
        Client().get(f"{article.get_absolute_url()}?comments=all"),
    ]:
        html = page.content.decode().lower()
        assert "Mind the tide tables." in page_text(page)
        assert "ana@example.org" not in html
        assert "other.reader@example.net" not in html


def test_the_name_is_shown_as_typed_and_html_in_it_is_escaped(
    browser, article, post_comment, trusted_guest
):
    post_comment(
        browser(key=TRUSTED_KEY), article, "Hello.", name='<script>alert("x")</script>Ana'
    )

    page = Client().get(article.get_absolute_url())
    html = page.content.decode()
    assert '<script>alert("x")</script>' not in html
    # Escaped (quotes as &quot; or &#34;, as the template engine writes them), so the
    # reader sees the name exactly as it was typed.
    assert re.search(r"&lt;script&gt;alert\((&quot;|&#34;)x\1\)&lt;/script&gt;Ana", html)
    assert '<script>alert("x")</script>Ana' in unescape(page_text(page))


RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "Ana", RLO, "gnp.exe" shows as "Anaexe.png"


def test_a_name_keeps_no_bidi_override_and_cannot_reorder_what_follows_it(
    browser, article, post_comment, trusted_guest
):
    post_comment(
        browser(key=TRUSTED_KEY), article, "Hello.", name=f"Ana{RLO}gnp.exe \u2067Lima\u2069"
    )

    comment = Comment.objects.latest("pk")
    assert comment.author_name == "Anagnp.exe Lima"
    for page in [
        Client().get(article.get_absolute_url()),
        Client().get(f"/comments/{comment.pk}/reply/"),
        Client().get(f"/comments/{comment.pk}/report/"),
    ]:
        html = page.content.decode()
        assert RLO not in html
        # Isolated where it is shown: a right-to-left name stays within its own box.
        assert "<bdi>Anagnp.exe Lima</bdi>" in html or (
            '<bdi class="comment__author">Anagnp.exe Lima</bdi>' in html
        )


@pytest.mark.parametrize("name", [RLO, "\u200b\u200d", f" {RLO}\u2066 ", "\u0301"])
def test_a_name_with_nothing_visible_is_asked_for_again(browser, article, post_comment, name):
    response = post_comment(browser(), article, "Hello.", name=name)

    assert response.status_code == 400
    assert "Please write your name." in page_text(response)
    assert not Comment.objects.exists()


def test_a_name_in_a_right_to_left_script_is_kept_as_written(
    browser, article, post_comment, trusted_guest
):
    name = "\u0645\u06cc\u200c\u0646\u0627"  # Persian, with its zero-width non-joiner

    post_comment(browser(key=TRUSTED_KEY), article, "Salam.", name=name)

    assert Comment.objects.latest("pk").author_name == name


def test_the_guest_gets_a_long_lived_signed_reader_cookie(browser, article, post_comment):
    response = post_comment(browser(), article)

    cookie = response.cookies["newsroom_reader"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) >= 60 * 60 * 24 * 300
    assert Comment.objects.get().browser_key in cookie.value  # signed, not encrypted


# --- Posting with an account ----------------------------------------------------------------


def test_a_reader_with_an_account_comments_under_their_name(browser, article, post_comment):
    user = account("tidewatcher", email="tide@example.org", first_name="Tide", last_name="Watcher")
    CommentFactory(user=user, author_name="Tide Watcher")  # approved before

    response = post_comment(
        browser(user=user), article, "With my account.", name="Someone Else", email="x@y.org"
    )

    comment = Comment.objects.get(body="With my account.")
    assert comment.status == Comment.Status.APPROVED
    assert comment.user == user
    assert comment.author_name == "Tide Watcher"
    assert comment.author_email == "tide@example.org"
    page = Client().get(response["Location"])
    assert "Tide Watcher" in page_text(page)
    assert "Someone Else" not in page_text(page)


def test_an_account_sees_its_pending_comment_in_any_browser(browser, article, post_comment):
    user = User.objects.create_user("tidewatcher")
    post_comment(browser(user=user), article, "Written on my phone.")

    elsewhere = browser(user=user).get(article.get_absolute_url())

    assert Comment.objects.get().status == Comment.Status.PENDING
    assert "Written on my phone." in page_text(elsewhere)
    assert AWAITING in page_text(elsewhere)
    assert "Written on my phone." not in page_text(browser().get(article.get_absolute_url()))


# --- Bad input: the form again with a message, nothing saved --------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"body": ""}, "This field is required."),
        ({"body": "   \n\t  "}, "This field is required."),
        ({"body": "x" * 5001}, "Comments can be up to 5,000 characters; yours has 5,001."),
        ({"name": ""}, "This field is required."),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"email": ""}, "This field is required."),
        ({"name": "N" * 81}, "Ensure this value has at most 80 characters (it has 81)."),
        ({"body": "Null\x00byte"}, "Null characters are not allowed."),
        ({"name": "Ana\x00"}, "Null characters are not allowed."),
    ],
)
def test_bad_input_shows_the_form_with_a_message_and_saves_nothing(
    browser, article, post_comment, fields, message
):
    body = fields.pop("body", "A perfectly fine comment.")

    response = post_comment(browser(), article, body, **fields)

    assert response.status_code == 400
    assert message in page_text(response)
    assert "Post Comment" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_longest_comment_allowed_is_accepted(browser, article, post_comment):
    response = post_comment(browser(), article, "x" * 5000)

    assert response.status_code == 302
    assert len(Comment.objects.get().body) == 5000


def test_the_length_limits_follow_the_rules(browser, article, post_comment, set_rules):
    set_rules(min_length=10, max_length=20)

    short = post_comment(browser(), article, "Too short")
    long = post_comment(browser(), article, "This one is far too long.")
    fine = post_comment(browser(), article, "Just the right size")

    assert short.status_code == long.status_code == 400
    assert "Comments can be up to 20 characters; yours has 25." in page_text(long)
    assert fine.status_code == 302
    assert list(Comment.objects.values_list("body", flat=True)) == ["Just the right size"]
    assert 'maxlength="20"' in browser().get(article.get_absolute_url()).content.decode()


def test_text_of_invisible_characters_only_is_empty(browser, article, post_comment):
    response = post_comment(browser(), article, "\x01\x02\u200b\x7f")

    assert response.status_code == 400
    assert "Please write your comment." in page_text(response)
    assert not Comment.objects.exists()


def test_a_closed_article_refuses_comments(browser, post_comment):
    article = ArticleFactory(comments_open=False)

    response = post_comment(browser(), article)

    assert response.status_code == 400
    assert "Comments are closed on this article." in page_text(response)
    assert not Comment.objects.exists()


def test_a_refused_comment_on_a_closed_article_keeps_the_readers_text(browser, post_comment):
    article = ArticleFactory(comments_open=False)

    response = post_comment(browser(), article, body="Words I would rather not type again.")

    assert "Words I would rather not type again." in response.content.decode()


def test_the_reply_page_of_a_closed_article_says_so_instead_of_a_form(client):
    parent = CommentFactory(article=ArticleFactory(comments_open=False))

    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.get(f"/comments/{parent.pk}/reply/", **headers)

        assert response.status_code == 200
        assert "Comments are closed on this article." in page_text(response)
        assert not tags(response, "textarea")


def test_each_comment_form_carries_one_csrf_token(client, article):
    response = client.get(article.get_absolute_url())

    names = [i.get("name") for i in tags(form_html(response, "comment-form"), "input")]
    assert names.count("csrfmiddlewaretoken") == 1


@pytest.mark.parametrize("state", [{"draft": True}, {"scheduled": True}])
def test_an_unpublished_article_cannot_be_commented(browser, post_comment, state):
    article = ArticleFactory(**state)

    response = post_comment(browser(), article)

    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_posting_to_an_article_that_does_not_exist_is_not_found(browser, article, post_comment):
    article.pk = article.pk + 1000

    assert post_comment(browser(), article).status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/comments/article/{article}/post/",
        "/comments/{comment}/vote/",
    ],
)
def test_a_get_to_a_post_endpoint_is_not_allowed(client, article, url):
    comment = CommentFactory(article=article)

    response = client.get(url.format(article=article.pk, comment=comment.pk))

    assert response.status_code == 405
    assert Comment.objects.count() == 1


HUGE = "9" * 25


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", f"/comments/article/{HUGE}/post/"),
        ("get", f"/comments/{HUGE}/"),
        ("get", f"/comments/{HUGE}/reply/"),
        ("post", f"/comments/{HUGE}/vote/"),
        ("get", f"/comments/{HUGE}/edit/"),
        ("post", f"/comments/{HUGE}/delete/"),
        ("get", f"/comments/{HUGE}/report/"),
    ],
)
def test_an_id_too_large_for_the_database_is_not_found(browser, method, url):
    ana = browser(key="ana-browser")
    CommentFactory(browser_key="ana-browser")

    response = getattr(ana, method)(url, {"value": "up", "body": "x"})

    assert response.status_code == 404
    assert Comment.objects.count() == 1


# The test client says nothing of where a post comes from (no Sec-Fetch-Site, Origin or
# Referer): such a post meets Django's token check (newsroom/csrf.py; tests/security/test_csrf.py
# has the browsers' headers).


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/comments/{pk}/vote/", {"value": "up"}),
        ("/comments/{pk}/edit/", {"body": "Changed by a forged form."}),
        ("/comments/{pk}/delete/", {}),
        ("/comments/{pk}/report/", {"reason": "spam"}),
    ],
)
def test_actions_without_a_csrf_token_are_forbidden(browser, url, data):
    comment = CommentFactory(browser_key="ana-browser", body="Untouched.")
    strict = browser(key="ana-browser", enforce_csrf_checks=True)

    response = strict.post(url.format(pk=comment.pk), data)

    assert response.status_code == 403
    comment.refresh_from_db()
    assert (comment.body, comment.status, comment.score) == ("Untouched.", "approved", 0)
    assert not Report.objects.exists()


def test_a_post_without_a_csrf_token_is_forbidden(browser, article, post_comment):
    strict = browser(enforce_csrf_checks=True)

    response = post_comment(strict, article)

    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_a_post_with_a_wrong_csrf_token_is_forbidden(browser, article, post_comment):
    strict = browser(enforce_csrf_checks=True)
    strict.get(article.get_absolute_url())  # sets the csrftoken cookie

    response = post_comment(strict, article, csrfmiddlewaretoken="x" * 64)

    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_a_post_with_the_pages_csrf_token_goes_through(browser, article, post_comment):
    strict = browser(enforce_csrf_checks=True)
    page = strict.get(article.get_absolute_url())
    token = next(i["value"] for i in tags(page, "input") if i.get("name") == "csrfmiddlewaretoken")

    response = post_comment(strict, article, csrfmiddlewaretoken=token)

    assert response.status_code == 302
    assert Comment.objects.count() == 1


# --- Replies --------------------------------------------------------------------------------


def test_a_reply_nests_inside_its_parent(browser, article, post_comment, trusted_guest):
    parent = CommentFactory(article=article, author_name="Ben")
    other_thread = CommentFactory(article=article)

    response = post_comment(browser(key=TRUSTED_KEY), article, "Replying to Ben.", parent=parent)

    reply = Comment.objects.get(body="Replying to Ben.")
    assert (reply.parent, reply.root, reply.depth) == (parent, parent, 1)
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{reply.pk}"
    nesting, _ = comment_threads(Client().get(response["Location"]))
    assert nesting == {parent.pk: None, other_thread.pk: None, reply.pk: parent.pk}


def test_replies_nest_as_deep_as_the_rules_allow_then_join_the_deepest_ancestor(
    browser, article, post_comment, trusted_guest
):
    chain = [CommentFactory(article=article)]
    for _ in range(4):  # depths 0 to 4: the five levels allowed by default
        chain.append(CommentFactory(parent=chain[-1]))

    post_comment(browser(key=TRUSTED_KEY), article, "One level too deep.", parent=chain[-1])

    reply = Comment.objects.get(body="One level too deep.")
    assert reply.parent == chain[3]
    assert reply.depth == 4
    assert reply.root == chain[0]
    nesting, _ = comment_threads(Client().get(f"{article.get_absolute_url()}?comments=all"))
    assert nesting[reply.pk] == chain[3].pk
    assert nesting[chain[4].pk] == chain[3].pk
    assert [nesting[c.pk] for c in chain] == [None, *(c.pk for c in chain[:-1])]


def test_the_reply_depth_is_a_rule(browser, article, post_comment, trusted_guest, set_rules):
    set_rules(max_depth=2)
    top = CommentFactory(article=article)
    child = CommentFactory(parent=top)

    post_comment(browser(key=TRUSTED_KEY), article, "Too deep for two levels.", parent=child)

    assert Comment.objects.get(body="Too deep for two levels.").parent == top


@pytest.mark.parametrize("status", ["pending", "rejected", "spam", "deleted"])
def test_a_reply_to_a_comment_that_is_not_published_is_refused(
    browser, article, post_comment, status
):
    parent = CommentFactory(article=article, status=status)

    response = post_comment(browser(), article, "Reply to a hidden comment.", parent=parent)

    assert response.status_code == 400
    assert "You can only reply to a published comment on this article." in page_text(response)
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    "parent", ["elsewhere", "missing", "abc", "-1", "1.5", "²", "99999999999999999999999"]
)
def test_a_reply_to_a_comment_of_another_article_or_to_nothing_is_refused(
    browser, article, post_comment, parent
):
    elsewhere = CommentFactory(body="On another article.")
    parent = {"elsewhere": elsewhere.pk, "missing": elsewhere.pk + 100}.get(parent, parent)

    response = post_comment(browser(), article, "Misplaced reply.", parent=parent)

    assert response.status_code == 400
    assert "You can only reply to a published comment on this article." in page_text(response)
    assert Comment.objects.count() == 1


ARABIC_INDIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize(
    "spelling",
    [
        # int() reads these digits as the id; the form never writes them.
        pytest.param(lambda pk: str(pk).translate(ARABIC_INDIC_DIGITS), id="arabic-indic"),
        pytest.param(lambda pk: f"0{pk}", id="leading-zero"),
        pytest.param(lambda pk: f"+{pk}", id="plus"),
        pytest.param(lambda pk: f" {pk} ", id="spaces"),
        pytest.param(lambda pk: f"{pk}.0", id="decimal"),
        pytest.param(lambda pk: str(2**63 + pk), id="past-bigint"),
        pytest.param(lambda pk: str(2**64 + pk), id="past-64-bits"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_a_hidden_id_is_taken_only_as_the_form_wrote_it(
    browser, article, post_comment, spelling, htmx
):
    parent = CommentFactory(article=article)

    response = post_comment(
        browser(), article, "Sideways reply.", parent=spelling(parent.pk), htmx=htmx
    )

    assert response.status_code == (200 if htmx else 400)
    assert "You can only reply to a published comment on this article." in page_text(response)
    assert Comment.objects.count() == 1


def test_the_reply_form_works_without_javascript(client, article):
    parent = CommentFactory(article=article, author_name="Ben", body="The tide came in fast.")

    response = client.get(f"/comments/{parent.pk}/reply/")

    assert response.status_code == 200
    text = page_text(response)
    assert "Reply to Ben" in text
    assert "The tide came in fast." in text
    assert "<html" in response.content.decode()
    form = tags(response, "form")
    reply_form = next(f for f in form if f.get("id") == f"reply-form-{parent.pk}")
    assert reply_form["method"] == "post"
    assert reply_form["action"] == f"/comments/article/{article.pk}/post/"
    parent_field = next(i for i in tags(response, "input") if i.get("name") == "parent")
    assert parent_field["value"] == str(parent.pk)
    assert {"name", "email", "body"} <= form_fields(response, f"reply-form-{parent.pk}")
    assert "Post Comment" in form_html(response, f"reply-form-{parent.pk}")


def test_the_reply_link_under_each_comment_opens_the_reply_form(client, article):
    parent = CommentFactory(article=article)

    page = client.get(article.get_absolute_url())

    hrefs = [a.get("href") for a in tags(page, "a")]
    assert f"/comments/{parent.pk}/reply/" in hrefs


def test_with_htmx_the_reply_form_comes_as_a_fragment(client, article):
    parent = CommentFactory(article=article)

    response = client.get(f"/comments/{parent.pk}/reply/", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith(f'<form id="reply-form-{parent.pk}"')
    assert "Post Comment" in html


@pytest.mark.parametrize("status", ["pending", "rejected", "spam", "deleted"])
def test_there_is_no_reply_form_for_a_comment_that_is_not_published(client, status):
    comment = CommentFactory(status=status)

    assert client.get(f"/comments/{comment.pk}/reply/").status_code == 404


def test_there_is_no_reply_form_for_a_comment_on_an_unpublished_article(client):
    comment = CommentFactory(article=ArticleFactory(draft=True))

    assert client.get(f"/comments/{comment.pk}/reply/").status_code == 404


def test_a_posted_reply_through_htmx_returns_the_section(
    browser, article, post_comment, trusted_guest
):
    parent = CommentFactory(article=article)

    response = post_comment(
        browser(key=TRUSTED_KEY), article, "Inline reply.", parent=parent, htmx=True
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="comments"')
    reply = Comment.objects.get(body="Inline reply.")
    assert comment_threads(html)[0][reply.pk] == parent.pk


def test_a_new_guests_held_comment_shows_at_once_in_the_htmx_answer(
    browser, article, post_comment
):
    ana = browser()

    response = post_comment(ana, article, "Held but visible to me.", htmx=True)

    assert "Held but visible to me." in page_text(response)
    assert AWAITING in page_text(response)
    assert "newsroom_reader" in response.cookies


def test_an_htmx_reply_in_a_thread_beyond_the_first_page_shows_in_the_answer(
    browser, article, post_comment, trusted_guest, set_rules
):
    set_rules(threads_per_page=2)
    oldest = CommentFactory(article=article, body="The oldest thread.")
    CommentFactory.create_batch(2, article=article)

    response = post_comment(
        browser(key=TRUSTED_KEY), article, "A late reply.", parent=oldest, htmx=True
    )

    reply = Comment.objects.get(body="A late reply.")
    assert comment_threads(response)[0][reply.pk] == oldest.pk


def test_the_thank_you_for_an_htmx_post_comes_with_it_and_not_again_on_the_next_page(
    browser, article, post_comment
):
    ana = browser()

    response = post_comment(ana, article, "Thank me now, not later.", htmx=True)

    [thanks] = [t for t in tags(response, "ul") if t.get("class") == "messages"]
    assert thanks["role"] == "status"
    assert "Thank you: your comment is awaiting moderation" in page_text(response)
    assert "Thank you" not in page_text(ana.get(article.get_absolute_url()))


def test_an_htmx_post_with_errors_replaces_only_the_form_that_was_sent(
    browser, article, post_comment
):
    parent = CommentFactory(article=article)

    response = post_comment(browser(), article, "", parent=parent, htmx=True)

    assert response["HX-Retarget"] == f"#reply-form-{parent.pk}"
    assert response["HX-Reswap"] == "outerHTML"
    assert "This field is required." in page_text(response)
    assert Comment.objects.count() == 1


# --- Permalinks -----------------------------------------------------------------------------


def test_a_permalink_leads_to_the_comment_even_beyond_the_first_page(client, article):
    oldest = CommentFactory(article=article, body="The very first comment.")
    for _ in range(ModerationRules.current().threads_per_page):
        CommentFactory(article=article)
    first_page = client.get(article.get_absolute_url())
    assert oldest.pk not in comment_threads(first_page)[0]

    response = client.get(f"/comments/{oldest.pk}/", follow=True)

    assert response.redirect_chain[-1][0] == (
        f"{article.get_absolute_url()}?page=2#comment-{oldest.pk}"
    )
    assert oldest.pk in comment_threads(response)[0]
    assert "The very first comment." in page_text(response)


def test_a_permalink_counts_pages_of_threads_not_of_comments(client, article, set_rules):
    set_rules(threads_per_page=2)
    oldest = CommentFactory(article=article, created_at=timezone.now() - timedelta(hours=1))
    for thread in CommentFactory.create_batch(3, article=article):
        CommentFactory.create_batch(3, parent=thread)
    CommentFactory(article=article, deleted=True)  # withdrawn, no replies: takes no place

    response = client.get(f"/comments/{oldest.pk}/", follow=True)

    assert response.redirect_chain[-1][0].endswith(f"?page=2#comment-{oldest.pk}")
    assert oldest.pk in comment_threads(response)[0]


def test_a_permalink_to_a_reply_beyond_those_shown_leads_to_its_thread(client, article, set_rules):
    set_rules(replies_shown=2)
    top = CommentFactory(article=article)
    shown = CommentFactory.create_batch(2, parent=top)
    late = CommentFactory(parent=top, body="Third in line.")

    assert client.get(f"/comments/{shown[1].pk}/")["Location"] == (
        f"{article.get_absolute_url()}#comment-{shown[1].pk}"
    )
    response = client.get(f"/comments/{late.pk}/", follow=True)

    assert response.redirect_chain[-1][0] == f"/comments/{top.pk}/thread/#comment-{late.pk}"
    assert comment_threads(response)[1] == [top.pk, *(c.pk for c in shown), late.pk]
    assert "Third in line." in page_text(response)


def test_a_page_of_long_threads_shows_fewer_replies_a_thread_and_permalinks_follow(
    client, article, monkeypatch
):
    # "Most Voted" gathers the long threads on one page; the page stays within its budget
    # of comments by showing fewer replies in each, and links to the rest.
    monkeypatch.setattr(selectors.threads, "COMMENTS_PER_PAGE", 6)
    tops = CommentFactory.create_batch(2, article=article)
    replies = {top.pk: CommentFactory.create_batch(4, parent=top) for top in tops}

    page = client.get(article.get_absolute_url())

    shown = comment_threads(page)[0]
    assert len(shown) == 6  # two threads, two replies each
    assert page_text(page).count("Show 2 more replies") == 2
    third = replies[tops[0].pk][2]
    assert third.pk not in shown
    response = client.get(f"/comments/{third.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == f"/comments/{tops[0].pk}/thread/#comment-{third.pk}"
    second = replies[tops[0].pk][1]
    assert client.get(f"/comments/{second.pk}/")["Location"] == (
        f"{article.get_absolute_url()}#comment-{second.pk}"
    )


def test_a_permalink_to_a_deep_reply_finds_it(client, article):
    top = CommentFactory(article=article)
    reply = CommentFactory(parent=CommentFactory(parent=top), body="Deep in the thread.")
    CommentFactory.create_batch(25, article=article)

    response = client.get(f"/comments/{reply.pk}/", follow=True)

    assert reply.pk in comment_threads(response)[0]


@pytest.mark.parametrize("status", ["pending", "rejected", "spam"])
def test_the_permalink_of_a_hidden_comment_is_not_found_for_strangers(client, status):
    comment = CommentFactory(status=status)

    assert client.get(f"/comments/{comment.pk}/").status_code == 404


def test_the_author_follows_the_permalink_of_their_held_comment(browser):
    comment = CommentFactory(pending=True, browser_key="ana-browser")

    response = browser(key="ana-browser").get(f"/comments/{comment.pk}/", follow=True)

    assert response.status_code == 200
    assert comment.pk in comment_threads(response)[0]


def test_the_permalink_of_a_comment_on_an_unpublished_article_is_not_found(client):
    comment = CommentFactory(article=ArticleFactory(draft=True))

    assert client.get(f"/comments/{comment.pk}/").status_code == 404


def test_the_permalink_of_a_deleted_comment_leads_to_its_replies_or_nowhere(client):
    withdrawn = CommentFactory(deleted=True)
    answered = CommentFactory(deleted=True)
    reply = CommentFactory(parent=answered)

    assert client.get(f"/comments/{withdrawn.pk}/").status_code == 404
    response = client.get(f"/comments/{answered.pk}/", follow=True)
    assert "This comment was deleted." in page_text(response)
    assert reply.body in page_text(response)


@pytest.mark.parametrize("url", ["/comments/abc/", "/comments/999999/", "/comments/-1/"])
def test_a_permalink_that_leads_nowhere_is_not_found(client, url):
    assert client.get(url).status_code == 404
