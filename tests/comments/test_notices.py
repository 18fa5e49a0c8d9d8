"""A reader's notice of illegal content (EU Digital Services Act, art. 16), sent with the
report form: what it asks, what it records, and the acknowledgement the reader gets."""

import pytest

from comments.models import IllegalContentNotice, Report
from tests.factories import ArticleFactory, CommentFactory, account
from tests.utils import page_text, tags

pytestmark = pytest.mark.django_db

NOTICE = {
    "reason": "illegal",
    "law": "Section 130 of the German Criminal Code (incitement to hatred)",
    "explanation": "It calls for violence against a group of people.",
    "notifier_name": "Dana Kovac",
    "notifier_email": "Dana@Example.org",
    "good_faith": "on",
}


@pytest.fixture
def comment():
    return CommentFactory(article=ArticleFactory(), body="Words that break the law.")


def send(client, comment, **changes):
    return client.post(f"/comments/{comment.pk}/report/", {**NOTICE, **changes})


def test_the_report_form_carries_the_notice_fields_for_readers_without_javascript(client, comment):
    page = client.get(f"/comments/{comment.pk}/report/")

    names = {i.get("name") for i in tags(page, "input") + tags(page, "textarea")}
    assert {"law", "explanation", "notifier_name", "notifier_email", "good_faith"} <= names
    [fieldset] = [f for f in tags(page, "fieldset") if "data-notice-fields" in f]
    assert fieldset["data-notice-fields"] == "illegal"
    offered = {i["value"] for i in tags(page, "input") if i.get("name") == "reason"}
    assert offered == {"offensive", "abusive", "spam", "off-topic", "illegal", "other"}


def test_a_notice_is_recorded_and_acknowledged_by_email(
    browser, comment, mailoutbox, committed, site_url
):
    with committed():
        response = send(browser(), comment)

    assert response.status_code == 302
    notice = IllegalContentNotice.objects.get()
    assert notice.comment == comment
    assert notice.report == Report.objects.get(comment=comment, reason="illegal")
    assert notice.content_text == "Words that break the law."
    assert notice.content_url == f"{site_url}/comments/{comment.pk}/"
    assert (notice.notifier_name, notice.notifier_email) == ("Dana Kovac", "dana@example.org")
    assert notice.law.startswith("Section 130")
    assert notice.good_faith and not notice.is_decided

    [message] = mailoutbox
    assert message.to == ["dana@example.org"]
    assert f"reference {notice.pk}" in message.subject
    assert "Section 130 of the German Criminal Code" in message.body
    assert f"{site_url}/comments/{comment.pk}/" in message.body
    assert "no automated means decide" in message.body
    assert "List-Unsubscribe" not in message.extra_headers


@pytest.mark.parametrize(
    "missing", ["law", "explanation", "notifier_name", "notifier_email", "good_faith"]
)
def test_a_notice_without_each_of_its_parts_is_sent_back(browser, comment, missing):
    response = send(browser(), comment, **{missing: ""})

    assert response.status_code == 400
    text = page_text(response)
    assert (
        "Please confirm that you send this notice in good faith." in text
        if missing == "good_faith"
        else "A notice of illegal content needs this." in text
    )
    assert not IllegalContentNotice.objects.exists()
    assert not Report.objects.exists()


def test_the_notice_fields_are_ignored_for_other_reasons(browser, comment, mailoutbox):
    response = send(browser(), comment, reason="spam", law="", good_faith="")

    assert response.status_code == 302
    assert Report.objects.get().reason == "spam"
    assert not IllegalContentNotice.objects.exists()
    assert not mailoutbox


def test_a_reader_who_reported_before_can_still_send_a_notice(browser, comment):
    reader = browser(ip="203.0.113.40")
    reader.post(f"/comments/{comment.pk}/report/", {"reason": "offensive"})

    response = send(browser(ip="203.0.113.40"), comment)

    assert response.status_code == 302
    assert Report.objects.count() == 1
    notice = IllegalContentNotice.objects.get()
    assert notice.report is None and notice.comment == comment


def test_a_signed_in_reader_finds_their_name_and_address_filled_in(browser, comment):
    dana = account("dana", email="dana@example.org", first_name="Dana", last_name="Kovac")

    page = browser(user=dana).get(f"/comments/{comment.pk}/report/")

    values = {i.get("name"): i.get("value") for i in tags(page, "input")}
    assert values["notifier_name"] == "Dana Kovac"
    assert values["notifier_email"] == "dana@example.org"


def test_a_name_with_a_line_break_cannot_forge_email_headers(browser, comment):
    response = send(browser(), comment, notifier_name="Dana\r\nBcc: everyone@example.org")

    assert response.status_code == 400
    assert not IllegalContentNotice.objects.exists()
