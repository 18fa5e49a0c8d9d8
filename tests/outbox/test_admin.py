"""The outbox in the admin: moderators read what was sent, to whom, about what; nobody can
add, change or delete a record there."""

import pytest
from django.test import Client

from outbox.models import OutgoingEmail
from outbox.services import email_queue
from tests.factories import CommentFactory
from tests.utils import ADMIN_QUERY_LIMIT, page_text, tags

pytestmark = pytest.mark.django_db
LIST = "/admin/outbox/outgoingemail/"


@pytest.fixture
def desk(moderator):
    client = Client()
    client.force_login(moderator)
    return client


@pytest.fixture
def emails():
    comment = CommentFactory(author_name="Dee")
    news, _ = email_queue(
        key="comment:1:sub@example.org", kind="comment", to="sub@example.org", about=comment
    )
    note, _ = email_queue(key="note:1", kind="note", to="ana@example.org")
    return {"news": news, "note": note, "comment": comment}


def test_a_moderator_reads_the_list_by_kind(desk, emails, django_assert_max_num_queries):
    with django_assert_max_num_queries(ADMIN_QUERY_LIMIT):
        response = desk.get(LIST)

    text = page_text(response)
    assert "New comment" in text and "sub@example.org" in text
    assert "A note" in text  # the tests' own kind (tests/outbox/conftest.py)
    filtered = page_text(desk.get(f"{LIST}?kind=comment"))
    assert "sub@example.org" in filtered and "ana@example.org" not in filtered


def test_an_email_links_to_what_it_is_about(desk, emails):
    response = desk.get(f"{LIST}{emails['news'].pk}/change/")

    links = [a["href"] for a in tags(response, "a")]
    assert f"/admin/comments/comment/{emails['comment'].pk}/change/" in links
    assert "Queued" in page_text(response)


def test_the_records_cannot_be_added_changed_or_deleted(desk, emails):
    email = emails["note"]

    assert desk.get(f"{LIST}add/").status_code == 403
    assert desk.post(f"{LIST}{email.pk}/delete/", {"post": "yes"}).status_code == 403
    assert "Save" not in page_text(desk.get(f"{LIST}{email.pk}/change/"))
    assert OutgoingEmail.objects.filter(pk=email.pk).exists()
