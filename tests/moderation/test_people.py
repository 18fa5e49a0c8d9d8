"""The commenter's page on the desk (/moderate/people/...): the history of an account, a
guest's address or an IP address, with notes, sanctions, bans and lifting them."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from comments.models import Ban, Comment, ModerationDecision, ModeratorNote, Report, Sanction
from moderation import services
from moderation.history import commenter_history, history_of_comment_author
from tests.conftest import _staff_member
from tests.factories import CommentFactory, account
from tests.utils import LOGGED_IN_QUERY_LIMIT, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def email_page(address, **query):
    return f"/moderate/people/email/?{urlencode({'address': address, **query})}"


# --- Who may see it -------------------------------------------------------------------------


def test_a_visitor_is_asked_to_sign_in(client, reader):
    response = client.get(f"/moderate/people/account/{reader.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["reader", "editor"])
def test_readers_and_editors_may_not_see_it(request, who, reader):
    client = Client()
    client.force_login(request.getfixturevalue(who))

    assert client.get(f"/moderate/people/account/{reader.pk}/").status_code == 403
    assert (
        client.post(email_page("a@example.org"), {"action": "note", "text": "x"}).status_code
        == 403
    )
    assert not ModeratorNote.objects.exists()


def test_a_moderator_without_a_second_factor_is_sent_to_enrol(unenrolled_staff, reader):
    moderator = _staff_member("newmod", "Moderators")
    client = Client()
    client.force_login(moderator)

    response = client.get(f"/moderate/people/account/{reader.pk}/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/"


# --- What it shows --------------------------------------------------------------------------


def test_an_accounts_page_shows_totals_comments_sanctions_bans_notes_and_decisions(
    desk, moderator, reader
):
    CommentFactory.create_batch(2, user=reader, body="Fine words.")
    CommentFactory(user=reader, rejected=True, rejection_reason="spam", body="Buy now.")
    hot = CommentFactory(user=reader, report_count=2, body="Hot take.")
    for key in ("b-one", "b-two"):
        Report.objects.create(comment=hot, reporter_key=key, reason="offensive")
    CommentFactory(body="Someone else's.")
    services.sanction_impose(
        kind=Sanction.Kind.WARNING, moderator=moderator, reason="Mind the tone.", user=reader
    )
    services.note_add(moderator=moderator, text="Local fisherman.", user=reader)
    services.ban_impose(kind=Ban.Kind.ACCOUNT, moderator=moderator, reason="Bots", user=reader)

    response = desk.get(f"/moderate/people/account/{reader.pk}/")

    text = page_text(response)
    assert response.status_code == 200
    assert "Approved3 Rejected1 Reported1 Featured0" in text
    assert "Buy now." in text and "(Spam)" in text
    assert "Someone else's." not in text
    assert "Warning (not yet read) — Mind the tone." in text
    assert "Local fisherman." in text
    assert "Banned: Account: reader — Bots" in text
    assert "Warned" in text and "Note added" in text


def test_a_guest_address_and_an_ip_address_have_their_own_pages(desk):
    CommentFactory(author_email="ana@example.org", ip_address="203.0.113.5", body="From Ana.")
    CommentFactory(author_email="ben@example.org", ip_address="203.0.113.5", body="From Ben.")

    by_email = page_text(desk.get(email_page("ANA@example.org")))
    by_ip = page_text(desk.get("/moderate/people/ip/203.0.113.5/"))

    assert "From Ana." in by_email and "From Ben." not in by_email
    assert "From Ana." in by_ip and "From Ben." in by_ip


@pytest.mark.parametrize(
    "url",
    [
        email_page("not an address"),
        "/moderate/people/ip/999.1.1.1/",
        "/moderate/people/account/999999/",
    ],
)
def test_a_page_for_nobody_is_not_found(desk, url):
    assert desk.get(url).status_code == 404


def test_what_a_reader_typed_is_shown_escaped(desk, moderator):
    CommentFactory(author_email="x@example.org", body="<script>alert(1)</script>")
    services.note_add(
        moderator=moderator, text="<img src=x onerror=alert(2)>", email="x@example.org"
    )

    html = desk.get(email_page("x@example.org")).content.decode()

    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_history(desk, moderator, reader):
    url = f"/moderate/people/account/{reader.pk}/"
    CommentFactory(user=reader)
    desk.get(url)  # the caches every page reads, warm
    few = _queries(desk, url)

    for n in range(30):
        comment = CommentFactory(user=reader, rejected=n % 2, report_count=n % 3)
        services.note_add(moderator=moderator, text=f"Note {n}", user=reader)
        ModerationDecision.objects.create(comment=comment, action="approve", moderator=moderator)
    for _ in range(5):
        services.sanction_impose(
            kind=Sanction.Kind.WARNING, moderator=moderator, reason="Again.", user=reader
        )

    assert _queries(desk, url) == few
    assert few <= LOGGED_IN_QUERY_LIMIT + 8


def test_the_partial_shows_a_comments_author_beside_the_queue(moderator):
    comment = CommentFactory(author_email="ana@example.org", ip_address="203.0.113.7")
    services.note_add(moderator=moderator, text="Regular.", email="ana@example.org")
    request = RequestFactory().get("/moderate/")
    request.user = moderator

    html = render_to_string(
        "moderation/includes/history.html",
        {"history": history_of_comment_author(comment)},
        request=request,
    )

    assert 'href="/moderate/people/email/?address=ana%40example.org"' in html
    assert "Regular." in html
    assert 'name="next" value="/moderate/"' in html
    assert 'href="/moderate/people/ip/203.0.113.7/"' in html


# --- Acting on it ---------------------------------------------------------------------------


def test_a_note_added_from_the_queue_leads_back_there(desk, moderator):
    response = desk.post(
        email_page("ana@example.org"),
        {"action": "note", "text": "Writes from the library.", "next": "/moderate/?page=2"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/moderate/?page=2"
    note = ModeratorNote.objects.get()
    assert (note.email, note.created_by) == ("ana@example.org", moderator)


def test_a_next_address_on_another_site_is_ignored(desk):
    response = desk.post(
        email_page("ana@example.org"),
        {"action": "note", "text": "x", "next": "https://evil.example/"},
    )

    assert response["Location"] == email_page("ana@example.org")


def test_a_suspension_from_the_page_is_imposed_and_can_be_lifted(desk, reader):
    url = f"/moderate/people/account/{reader.pk}/"

    response = desk.post(
        url, {"action": "measure", "measure": "suspend-24h", "reason": "Threats."}, follow=True
    )

    assert "Done: Suspend for 24 hours." in page_text(response)
    sanction = Sanction.objects.get()
    assert (sanction.kind, sanction.user, sanction.ends_at - sanction.created_at) == (
        Sanction.Kind.SUSPENSION,
        reader,
        timedelta(hours=24),
    )
    assert "Suspension (until" in page_text(response)

    lifted = desk.post(url, {"action": "lift-sanction", "target": sanction.pk}, follow=True)

    assert "Suspension lifted." in page_text(lifted)
    sanction.refresh_from_db()
    assert sanction.lifted_at is not None


def test_a_sanction_without_a_reason_shows_the_form_again(desk, reader):
    response = desk.post(
        f"/moderate/people/account/{reader.pk}/",
        {"action": "measure", "measure": "warn", "reason": ""},
    )

    assert response.status_code == 400
    assert "This field is required." in page_text(response)
    assert not Sanction.objects.exists()


def test_a_measure_that_the_page_does_not_offer_is_refused(desk):
    response = desk.post(
        "/moderate/people/ip/203.0.113.9/",
        {"action": "measure", "measure": "warn", "reason": "x"},
    )

    assert response.status_code == 400
    assert not Sanction.objects.exists()


@pytest.mark.parametrize(
    ("url", "measure", "kind", "value"),
    [
        (email_page("troll@spam.example"), "ban-email", Ban.Kind.EMAIL, "troll@spam.example"),
        (email_page("troll@spam.example"), "ban-domain", Ban.Kind.DOMAIN, "spam.example"),
        ("/moderate/people/ip/203.0.113.9/", "ban-ip", Ban.Kind.IP, "203.0.113.9"),
    ],
)
def test_bans_from_the_page(desk, moderator, url, measure, kind, value):
    desk.post(url, {"action": "measure", "measure": measure, "reason": "Spam run"})

    ban = Ban.objects.get()
    assert (ban.kind, ban.value, ban.reason, ban.created_by) == (
        kind,
        value,
        "Spam run",
        moderator,
    )

    desk.post(url, {"action": "lift-ban", "target": ban.pk})

    assert not Ban.objects.exists()
    assert ModerationDecision.objects.filter(action="lift").exists()


def test_lifting_what_belongs_to_someone_else_does_nothing(desk, moderator, reader):
    other = account("other")
    theirs = services.sanction_impose(
        kind=Sanction.Kind.PREMODERATION, moderator=moderator, reason="x", user=other
    )

    response = desk.post(
        f"/moderate/people/account/{reader.pk}/",
        {"action": "lift-sanction", "target": theirs.pk},
        follow=True,
    )

    assert "This is no longer in force." in page_text(response)
    theirs.refresh_from_db()
    assert theirs.lifted_at is None


def test_a_get_changes_nothing(desk, reader):
    desk.get(f"/moderate/people/account/{reader.pk}/?action=measure&measure=warn&reason=x")

    assert not Sanction.objects.exists()


def test_the_history_counts_by_author_not_by_name(reader):
    CommentFactory(user=reader)
    CommentFactory(author_name=reader.username, author_email="imitator@example.org")

    history = commenter_history(user=reader)

    assert history.totals.approved == 1
    assert history.kind == "account"
    assert [
        c.user_id for c in Comment.objects.filter(pk__in=[c.pk for c in history.recent_comments])
    ] == [reader.pk]


def test_a_post_from_our_own_pages_still_needs_the_token(moderator, reader):
    """Like the admin, the desk asks for Django's token besides where a post comes from."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    url = f"/moderate/people/account/{reader.pk}/"
    ours = {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"}
    data = {"action": "note", "text": "No token."}

    refused = client.post(url, data, **ours)
    token = client.get(url).cookies["csrftoken"].value
    accepted = client.post(url, {**data, "csrfmiddlewaretoken": token}, **ours)

    assert refused.status_code == 403
    assert accepted.status_code == 302
    assert ModeratorNote.objects.count() == 1
