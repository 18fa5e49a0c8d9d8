"""The moderators' desk: the queue, bulk actions, row links, bans, the rules; and the
comment columns and actions of the article admin."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.utils import timezone

from comments import services
from comments.models import Ban, Comment, ModerationRules, Report
from tests.factories import TRUSTED_KEY, ArticleFactory, CommentFactory, trusted_guest
from tests.utils import ADMIN_QUERY_LIMIT, page_text, tags

pytestmark = pytest.mark.django_db

Status = Comment.Status
QUEUE = "/admin/comments/comment/"
BANS = "/admin/comments/ban/"
RULES = "/admin/comments/moderationrules/"
ARTICLES = "/admin/articles/article/"


@pytest.fixture
def moderator_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def queue_order(response):
    """The comment ids of the queue's rows, top to bottom."""
    return [
        int(i["value"]) for i in tags(response, "input") if i.get("name") == "_selected_action"
    ]


def row(response, comment):
    """The text of one comment's row in the queue."""
    html = response.content.decode()
    start = html.index(f'name="_selected_action" value="{comment.pk}"')
    return html[start : html.index("</tr>", start)]


def run_action(client, action, comments, url=QUEUE, **extra):
    if action == "reject_comments":
        # Rejecting asks for the reason (its own page); this sends it at once.
        extra.setdefault("reason", "off-topic")
    return client.post(
        url,
        {"action": action, "_selected_action": [c.pk for c in comments], "index": 0, **extra},
        follow=True,
    )


def statuses(*comments):
    return [Comment.objects.get(pk=c.pk).status for c in comments]


def reported(comment, count, *, minutes_ago=0):
    for n in range(count):
        report = Report.objects.create(
            comment=comment, reporter_key=f"b{comment.pk}-{n}", reason=Report.Reason.ABUSIVE
        )
        if minutes_ago:
            created = timezone.now() - timedelta(minutes=minutes_ago)
            Report.objects.filter(pk=report.pk).update(created_at=created)
    Comment.objects.filter(pk=comment.pk).update(report_count=count)
    return comment


# --- The queue ------------------------------------------------------------------------------


def test_the_queue_shows_held_comments_first_then_reported_ones(get_page, moderator_client):
    now = timezone.now()
    plain_new = CommentFactory(created_at=now)
    reported_old = reported(CommentFactory(created_at=now - timedelta(hours=3)), 1)
    held_old = CommentFactory(pending=True, created_at=now - timedelta(hours=5))
    held_new = CommentFactory(pending=True, created_at=now - timedelta(hours=1))
    reported_new = reported(CommentFactory(created_at=now - timedelta(hours=2)), 2)
    rejected = CommentFactory(rejected=True, created_at=now - timedelta(minutes=5))

    response = get_page(QUEUE, using_client=moderator_client, max_queries=ADMIN_QUERY_LIMIT)

    assert response.status_code == 200
    assert queue_order(response) == [
        held_new.pk,
        held_old.pk,
        reported_new.pk,
        reported_old.pk,
        plain_new.pk,
        rejected.pk,
    ]


def test_a_reported_comment_leaves_the_top_once_reviewed_until_reported_again(
    moderator_client,
):
    older = CommentFactory(created_at=timezone.now() - timedelta(days=1))
    comment = reported(CommentFactory(created_at=timezone.now() - timedelta(days=2)), 3)
    # Approved by a moderator: its reports are dismissed.
    services.comment_moderate(comments=Comment.objects.filter(pk=comment.pk), status="approved")

    assert queue_order(moderator_client.get(QUEUE)) == [older.pk, comment.pk]

    Report.objects.create(comment=comment, reporter_key="bnew", reason=Report.Reason.SPAM)
    assert queue_order(moderator_client.get(QUEUE)) == [comment.pk, older.pk]


def test_a_comment_readers_reported_is_held_at_the_top_of_the_queue(moderator_client, browser):
    article = ArticleFactory()
    CommentFactory(pending=True, created_at=timezone.now() - timedelta(days=1))
    comment = CommentFactory(article=article, body="Reported by readers.")
    CommentFactory(article=article)
    for _ in range(3):
        browser().post(f"/comments/{comment.pk}/report/", {"reason": "abusive"})

    response = moderator_client.get(QUEUE)

    assert queue_order(response)[0] == comment.pk
    assert "reported by 3 or more readers" in row(response, comment)
    assert "Reported by readers." not in page_text(Client().get(article.get_absolute_url()))

    moderator_client.post(f"{QUEUE}{comment.pk}/approve/")
    assert "Reported by readers." in page_text(Client().get(article.get_absolute_url()))


def test_each_row_tells_what_a_moderator_needs(moderator_client):
    article = ArticleFactory(headline="Harbour wall gives way")
    parent = CommentFactory(article=article, author_name="Ben", body="The original remark.")
    comment = CommentFactory(
        parent=parent,
        pending=True,
        author_name="Ana Lima",
        author_email="ana@example.org",
        ip_address="203.0.113.7",
        held_because="first_comment",  # the code alone, on a row without hold_reasons
        body="A reply\n\nover two paragraphs " + "and a long tail " * 20,
        edited_at=timezone.now(),
    )

    text = row(moderator_client.get(QUEUE), comment)

    assert "Reply to Ben: “The original remark.”" in text
    assert "A reply over two paragraphs and a long tail" in text
    assert "…" in text
    assert "(edited)" in text
    assert "Ana Lima" in text
    assert "ana@example.org" in text
    assert "Harbour wall gives way" in text
    assert "203.0.113.7" in text
    assert "first comment from this author" in text
    links = {a.get("href") for a in tags(text, "a")}
    assert f"{QUEUE}{comment.pk}/approve/" in links
    assert f"{QUEUE}{comment.pk}/ban-email/" in links
    assert f"{QUEUE}{comment.pk}/ban-ip/" in links
    assert f"{ARTICLES}{article.pk}/change/" in links
    assert f"{QUEUE}?ip_address=203.0.113.7" in links


def test_what_readers_typed_is_escaped_in_the_queue(moderator_client):
    comment = CommentFactory(
        pending=True,
        author_name="<script>alert('name')</script>",
        body="<img src=x onerror=alert('body')>",
    )

    html = moderator_client.get(QUEUE).content.decode()
    change = moderator_client.get(f"{QUEUE}{comment.pk}/change/").content.decode()

    for page in [html, change]:
        assert "<script>alert('name')</script>" not in page
        assert "<img src=x onerror" not in page
        assert "&lt;img src=x onerror" in page


def test_the_email_and_ip_links_list_everything_from_that_author(moderator_client):
    mine = CommentFactory.create_batch(2, author_email="ana@example.org", ip_address="203.0.113.7")
    other = CommentFactory(author_email="ben@example.org", ip_address="203.0.113.8")

    by_email = moderator_client.get(f"{QUEUE}?author_email=ana%40example.org")
    by_ip = moderator_client.get(f"{QUEUE}?ip_address=203.0.113.7")

    assert sorted(queue_order(by_email)) == sorted(c.pk for c in mine)
    assert sorted(queue_order(by_ip)) == sorted(c.pk for c in mine)
    assert other.pk not in queue_order(by_ip)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status__exact=pending", ["held"]),
        ("?reported=yes", ["reported"]),
        ("?q=tide", ["held"]),
        ("?q=ana%40example.org", ["reported"]),
    ],
)
def test_the_queue_filters_and_searches(moderator_client, query, expected):
    comments = {
        "held": CommentFactory(pending=True, body="About the tide."),
        "reported": reported(CommentFactory(author_email="ana@example.org"), 1),
        "plain": CommentFactory(),
    }

    response = moderator_client.get(f"{QUEUE}{query}")

    assert response.status_code == 200
    assert queue_order(response) == [comments[name].pk for name in expected]


def test_the_queue_runs_a_fixed_number_of_queries(moderator_client, django_assert_max_num_queries):
    def load():
        with django_assert_max_num_queries(ADMIN_QUERY_LIMIT) as queries:
            assert moderator_client.get(QUEUE).status_code == 200
        return len(queries)

    top = CommentFactory()
    CommentFactory(parent=top, pending=True)
    small = load()
    for _ in range(20):
        parent = reported(CommentFactory(), 1)
        CommentFactory(parent=parent, pending=True)

    assert load() == small


# --- Bulk actions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "status", "message"),
    [
        ("approve_comments", Status.APPROVED, "2 comments approved."),
        ("reject_comments", Status.REJECTED, "2 comments rejected; their authors are told why."),
        ("mark_spam", Status.SPAM, "2 comments marked as spam."),
        ("delete_comments", Status.DELETED, "2 comments deleted."),
    ],
)
def test_bulk_actions_change_the_status(moderator_client, moderator, action, status, message):
    chosen = CommentFactory.create_batch(2, pending=True)
    other = CommentFactory(pending=True)

    response = run_action(moderator_client, action, chosen)

    assert message in page_text(response)
    assert statuses(*chosen) == [status, status]
    assert statuses(other) == [Status.PENDING]
    assert LogEntry.objects.filter(user=moderator).count() == 2
    assert all(c.moderated_at for c in Comment.objects.filter(pk__in=[c.pk for c in chosen]))


def test_approving_publishes_on_the_article_and_rejecting_takes_it_down(moderator_client):
    article = ArticleFactory()
    held = CommentFactory(article=article, pending=True, body="Now you see me.")
    assert "Now you see me." not in page_text(Client().get(article.get_absolute_url()))

    run_action(moderator_client, "approve_comments", [held])
    assert "Now you see me." in page_text(Client().get(article.get_absolute_url()))

    run_action(moderator_client, "reject_comments", [held])
    assert "Now you see me." not in page_text(Client().get(article.get_absolute_url()))


def test_deleting_in_bulk_keeps_the_replies_in_place(moderator_client):
    article = ArticleFactory()
    parent = CommentFactory(article=article, body="Rude.")
    reply = CommentFactory(parent=parent, body="A polite reply.")

    run_action(moderator_client, "delete_comments", [parent])

    text = page_text(Client().get(article.get_absolute_url()))
    assert "Rude." not in text
    assert "This comment was deleted." in text
    assert "A polite reply." in text
    assert statuses(reply) == [Status.APPROVED]


def test_an_action_on_comments_already_in_that_state_says_so(moderator_client):
    published = CommentFactory()

    response = run_action(moderator_client, "approve_comments", [published])

    assert "0 comments approved." in page_text(response)


def test_a_comment_its_author_withdrew_cannot_be_approved(moderator_client):
    withdrawn = CommentFactory(deleted=True)
    held = CommentFactory(pending=True)

    response = run_action(moderator_client, "approve_comments", [withdrawn, held])

    assert "1 comment approved." in page_text(response)
    assert statuses(withdrawn, held) == [Status.DELETED, Status.APPROVED]
    assert f"{QUEUE}{withdrawn.pk}/approve/" not in row(moderator_client.get(QUEUE), withdrawn)


def test_the_real_delete_is_not_offered(moderator_client):
    CommentFactory()

    actions = tags(moderator_client.get(QUEUE), "option")

    assert "delete_selected" not in {o.get("value") for o in actions}


@pytest.mark.parametrize(
    ("action", "kind", "field"),
    [("ban_emails", Ban.Kind.EMAIL, "author_email"), ("ban_ips", Ban.Kind.IP, "ip_address")],
)
def test_banning_in_bulk_bans_each_author_once_and_marks_their_comments_spam(
    moderator_client, moderator, action, kind, field
):
    first = CommentFactory(author_email="Troll@Example.org", ip_address="203.0.113.66")
    second = CommentFactory(author_email="troll@example.org", ip_address="203.0.113.66")
    third = CommentFactory(author_email="other@example.org", ip_address="203.0.113.67")

    response = run_action(moderator_client, action, [first, second, third])

    values = {getattr(c, field).lower() for c in [first, second, third]}
    assert set(Ban.objects.filter(kind=kind).values_list("value", flat=True)) == values
    assert set(Ban.objects.values_list("created_by", flat=True)) == {moderator.pk}
    assert statuses(first, second, third) == [Status.SPAM] * 3
    assert "3 comments marked as spam." in page_text(response)


def test_banning_emails_of_account_free_guests_without_email_says_so(moderator_client):
    comment = CommentFactory(author_email="")

    response = run_action(moderator_client, "ban_emails", [comment])

    assert "None of the selected comments has an email address." in page_text(response)
    assert not Ban.objects.exists()
    assert statuses(comment) == [Status.APPROVED]


# --- Row links: a confirmation page first, the change on POST -------------------------------


def test_the_approve_link_asks_first_and_publishes_on_post(moderator_client):
    held = CommentFactory(pending=True, body="Please publish me.", ip_address="203.0.113.7")

    page = moderator_client.get(f"{QUEUE}{held.pk}/approve/")

    assert page.status_code == 200
    assert "Publish this comment on its article?" in page_text(page)
    assert "Please publish me." in page_text(page)
    assert statuses(held) == [Status.PENDING]

    response = moderator_client.post(f"{QUEUE}{held.pk}/approve/", follow=True)

    assert response.redirect_chain[0][0] == QUEUE
    assert f"The comment by {held.author_name} is published." in page_text(response)
    assert statuses(held) == [Status.APPROVED]


def test_approving_an_approved_comment_changes_nothing(moderator_client):
    comment = CommentFactory()

    response = moderator_client.get(f"{QUEUE}{comment.pk}/approve/", follow=True)

    assert "This comment is already published." in page_text(response)


@pytest.mark.parametrize(
    ("link", "kind", "value"),
    [
        ("ban-email", Ban.Kind.EMAIL, "troll@example.org"),
        ("ban-ip", Ban.Kind.IP, "203.0.113.66"),
    ],
)
def test_the_ban_links_ask_first_and_ban_on_post(
    moderator_client, moderator, browser, post_comment, link, kind, value
):
    comment = CommentFactory(author_email="Troll@Example.org", ip_address="203.0.113.66")

    page = moderator_client.get(f"{QUEUE}{comment.pk}/{link}/")

    assert page.status_code == 200
    assert f"Ban the {kind.label.replace('Email', 'email')} {value}?" in page_text(page)
    assert not Ban.objects.exists()
    assert statuses(comment) == [Status.APPROVED]

    response = moderator_client.post(
        f"{QUEUE}{comment.pk}/{link}/", {"reason": "Insults"}, follow=True
    )

    assert f"The {kind.label.replace('Email', 'email')} {value} is banned" in page_text(response)
    ban = Ban.objects.get()
    assert (ban.kind, ban.value, ban.reason, ban.created_by) == (kind, value, "Insults", moderator)
    assert statuses(comment) == [Status.SPAM]

    again = post_comment(
        browser(ip="203.0.113.66"), comment.article, "I am back.", email="troll@example.org"
    )
    if kind == Ban.Kind.EMAIL:
        # A banned address is told so, and nothing is saved.
        assert "This email address is banned from commenting here." in page_text(again)
        assert not Comment.objects.filter(body="I am back.").exists()
    else:
        # What comes from a banned IP address goes straight to spam, unannounced.
        assert Comment.objects.get(body="I am back.").status == Status.SPAM


def test_the_ban_page_says_when_it_is_already_banned(moderator_client):
    comment = CommentFactory(ip_address="203.0.113.66")
    Ban.objects.create(kind=Ban.Kind.IP, value="203.0.113.66")

    page = moderator_client.get(f"{QUEUE}{comment.pk}/ban-ip/")

    assert "(It is already banned.)" in page_text(page)


def test_an_imported_address_that_is_not_one_is_refused_not_banned(moderator_client):
    # An archive brought from another system may hold author "addresses" like this one.
    comment = CommentFactory(author_email="anonymous")

    response = moderator_client.post(
        f"{QUEUE}{comment.pk}/ban-email/", {"reason": "Insults"}, follow=True
    )

    assert response.status_code == 200
    assert "Enter a valid email address." in page_text(response)
    assert not Ban.objects.exists()
    assert statuses(comment) == [Status.APPROVED]


def test_a_comment_without_an_address_cannot_be_banned_by_it(moderator_client):
    comment = CommentFactory(ip_address=None)

    response = moderator_client.get(f"{QUEUE}{comment.pk}/ban-ip/", follow=True)

    assert "This comment has no IP address." in page_text(response)
    assert "Ban IP" not in row(response, comment)
    assert not Ban.objects.exists()


def test_a_row_link_to_a_comment_that_does_not_exist_goes_back_with_a_message(
    moderator_client,
):
    response = moderator_client.get(f"{QUEUE}999999/approve/", follow=True)

    assert response.status_code == 200
    assert "doesn’t exist" in page_text(response)


def test_the_change_page_changes_only_the_status(moderator_client):
    comment = CommentFactory(pending=True, body="Original words.")

    response = moderator_client.post(
        f"{QUEUE}{comment.pk}/change/",
        {
            "status": Status.APPROVED,
            "body": "Rewritten by a moderator.",
            "reports-TOTAL_FORMS": "0",
            "reports-INITIAL_FORMS": "0",
            "reports-MIN_NUM_FORMS": "0",
            "reports-MAX_NUM_FORMS": "0",
        },
    )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.status, comment.body) == (Status.APPROVED, "Original words.")
    assert comment.moderated_at is not None


def test_the_change_page_shows_the_thread_and_the_reports(moderator_client):
    top = CommentFactory(author_name="Ben", body="Top of the thread.")
    middle = CommentFactory(parent=top, author_name="Cleo", body="In the middle.")
    comment = reported(CommentFactory(parent=middle, body="Reported reply."), 2)

    page = moderator_client.get(f"{QUEUE}{comment.pk}/change/")
    text = page_text(page)

    assert "In reply to: “In the middle.” by Cleo (approved)" in text
    assert "Thread started by: “Top of the thread.” by Ben (approved)" in text
    assert "View the comment on its article" in text
    reasons = [td for td in tags(page, "td") if td.get("class") == "field-reason"]
    assert len(reasons) == 2
    assert "Abusive" in text


# --- Who may moderate -----------------------------------------------------------------------


def test_an_editor_sees_comments_but_cannot_moderate(editor_client):
    held = CommentFactory(pending=True, author_email="a@example.org", ip_address="203.0.113.1")

    queue = editor_client.get(QUEUE)
    assert queue.status_code == 200
    assert "Approve" not in page_text(queue).split()
    assert not [o for o in tags(queue, "option") if o.get("value") == "approve_comments"]

    responses = [
        editor_client.post(f"{QUEUE}{held.pk}/change/", {"status": Status.APPROVED}),
        editor_client.get(f"{QUEUE}{held.pk}/approve/"),
        editor_client.post(f"{QUEUE}{held.pk}/approve/"),
        editor_client.post(f"{QUEUE}{held.pk}/ban-email/"),
        editor_client.post(f"{QUEUE}{held.pk}/ban-ip/"),
        editor_client.post(f"{BANS}add/", {"kind": "ip", "value": "203.0.113.1"}),
        editor_client.get(RULES),
    ]
    run_action(editor_client, "approve_comments", [held])

    assert [r.status_code for r in responses] == [403] * len(responses)
    assert statuses(held) == [Status.PENDING]
    assert not Ban.objects.exists()


def test_readers_without_staff_status_are_sent_to_sign_in(browser, reader):
    held = CommentFactory(pending=True)

    for url in [QUEUE, f"{QUEUE}{held.pk}/approve/", BANS, RULES]:
        response = browser(user=reader).get(url)

        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    assert browser(user=reader).post(f"{QUEUE}{held.pk}/approve/").status_code == 302
    assert statuses(held) == [Status.PENDING]


# --- Bans -----------------------------------------------------------------------------------


def add_ban(client, kind, value, reason=""):
    return client.post(f"{BANS}add/", {"kind": kind, "value": value, "reason": reason})


@pytest.mark.parametrize(
    ("kind", "value", "stored"),
    [
        ("email", " Troll@Example.ORG ", "troll@example.org"),
        ("domain", "@Spam.Example", "spam.example"),
        ("domain", "spam.example", "spam.example"),
        ("ip", "203.0.113.9", "203.0.113.9"),
        ("ip", "2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
    ],
)
def test_a_moderator_adds_a_ban(moderator_client, moderator, kind, value, stored):
    response = add_ban(moderator_client, kind, value, reason="Abuse")

    assert response.status_code == 302
    ban = Ban.objects.get()
    assert (ban.kind, ban.value, ban.reason, ban.created_by) == (kind, stored, "Abuse", moderator)


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("email", "not-an-email", "Enter a valid email address."),
        ("domain", "localhost", "Enter a domain such as example.com."),
        ("domain", "troll@spam.example", "Enter a domain such as example.com."),
        ("domain", "spam example.org", "Enter a domain such as example.com."),
        ("ip", "999.1.1.1", "Enter a valid IPv4 or IPv6 address."),
        ("ip", "203.0.113.0/24", "Enter a valid IPv4 or IPv6 address."),
        ("ip", "", "This field is required."),
        ("hostname", "example.org", "Select a valid choice."),
    ],
)
def test_a_ban_that_makes_no_sense_is_refused(moderator_client, kind, value, message):
    response = add_ban(moderator_client, kind, value)

    assert response.status_code == 200
    assert message in page_text(response)
    assert not Ban.objects.exists()


def test_the_same_ban_twice_is_refused_whatever_the_case(moderator_client):
    add_ban(moderator_client, "email", "troll@example.org")

    response = add_ban(moderator_client, "email", "TROLL@example.org")

    assert response.status_code == 200
    assert "Ban with this Kind and Value already exists." in page_text(response)
    assert Ban.objects.count() == 1


# --- The rules ------------------------------------------------------------------------------


def rules_form(**changes):
    rules = ModerationRules.objects.get(pk=1)
    data = {
        name: getattr(rules, name)
        for name in [
            "hold",
            "approved_to_trust",
            "rejected_share_percent",
            "rejected_share_min_decisions",
            "history_days",
            "premoderate_disposable",
            "close_after_days",
            "hold_link_count",
            "moderation_words",
            "reports_to_hold",
            "discredit_after_reports",
            "discredit_dismissed_percent",
            "block_words",
            "min_seconds_to_write",
            "comments_per_minute",
            "votes_per_minute",
            "reports_per_hour",
            "duplicate_window_minutes",
            "edit_minutes",
            "mentions_per_comment",
            "min_length",
            "max_length",
            "max_depth",
            "threads_per_page",
            "replies_shown",
            "emails_per_hour",
            "subscriptions_per_hour",
        ]
    }
    return {**data, **changes}


def test_the_rules_list_opens_the_one_row(moderator_client):
    response = moderator_client.get(RULES)

    assert response.status_code == 302
    assert response["Location"] == f"{RULES}1/change/"
    assert moderator_client.get(f"{RULES}add/").status_code == 403
    assert moderator_client.post(f"{RULES}1/delete/").status_code == 403
    assert ModerationRules.objects.count() == 1


def test_changed_rules_apply_at_once(moderator_client, browser, post_comment):
    article = ArticleFactory()
    trusted_guest("ana@example.org")  # a trusted author, in their own browser
    post_comment(
        browser(key=TRUSTED_KEY), article, "Before the change."
    )  # reads the rules into the cache

    response = moderator_client.post(f"{RULES}1/change/", rules_form(hold="all"))

    assert response.status_code == 302
    post_comment(browser(), article, "After the change.")
    assert Comment.objects.get(body="Before the change.").status == Status.APPROVED
    assert Comment.objects.get(body="After the change.").status == Status.PENDING


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_depth", 0),
        ("max_depth", 1),  # one level would leave no room for replies
        ("max_depth", 11),
        ("threads_per_page", 0),
        ("reports_to_hold", 0),
        ("max_length", 20001),
        ("min_length", 0),
        ("hold", "sometimes"),
    ],
)
def test_rules_out_of_range_are_refused(moderator_client, field, value):
    response = moderator_client.post(f"{RULES}1/change/", rules_form(**{field: value}))

    assert response.status_code == 200
    assert "Please correct the error below." in page_text(response)
    assert getattr(ModerationRules.objects.get(pk=1), field) != value


# --- The article admin ----------------------------------------------------------------------


def test_the_article_list_counts_published_and_held_comments(moderator_client, editor_client):
    article = ArticleFactory(headline="Busy article")
    CommentFactory.create_batch(3, article=article)
    CommentFactory.create_batch(2, article=article, pending=True)
    CommentFactory(article=article, spam=True)
    quiet = ArticleFactory(headline="Quiet article", comments_open=False)

    html = editor_client.get(ARTICLES).content.decode()

    busy_row = html[html.index("Busy article") :]
    busy_row = busy_row[: busy_row.index("</tr>")]
    assert f'{QUEUE}?article__id__exact={article.pk}&amp;status__exact=approved">3</a>' in busy_row
    assert f'{QUEUE}?article__id__exact={article.pk}&amp;status__exact=pending">2</a>' in busy_row
    quiet_row = html[html.index("Quiet article") :]
    quiet_row = quiet_row[: quiet_row.index("</tr>")]
    assert (
        f'{QUEUE}?article__id__exact={quiet.pk}&amp;status__exact=approved">0</a> (closed)'
        in quiet_row
    )


def test_the_count_links_open_the_queue_for_that_article(moderator_client):
    article = ArticleFactory()
    held = CommentFactory.create_batch(2, article=article, pending=True)
    CommentFactory(pending=True)
    CommentFactory(article=article)

    response = moderator_client.get(
        f"{QUEUE}?article__id__exact={article.pk}&status__exact=pending"
    )

    assert sorted(queue_order(response)) == sorted(c.pk for c in held)


def test_editors_close_and_reopen_comments(editor_client, browser, post_comment):
    article = ArticleFactory()
    other = ArticleFactory()

    response = run_action(editor_client, "close_comments", [article], url=ARTICLES)

    assert "Comments closed on 1 article." in page_text(response)
    article.refresh_from_db()
    other.refresh_from_db()
    assert (article.comments_open, other.comments_open) == (False, True)
    assert "Comments are closed on this article." in page_text(
        Client().get(article.get_absolute_url())
    )
    assert post_comment(browser(), article).status_code == 400

    response = run_action(editor_client, "open_comments", [article], url=ARTICLES)

    assert "Comments opened on 1 article." in page_text(response)
    assert post_comment(browser(), article).status_code == 302
