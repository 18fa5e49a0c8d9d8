"""Reports that cannot be abused: who counts as a distinct reporter, what a report weighs,
and what becomes of reports once a moderator has decided."""

import pytest
from django.test import Client
from django.utils import translation

from comments import services
from comments.identity import Reader
from comments.models import Comment, Report
from tests.factories import ArticleFactory, CommentFactory, account
from tests.utils import page_text

pytestmark = pytest.mark.django_db

FIREFOX = {
    "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0",
    "HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.5",
}
CHROME = {
    "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/141.0 Safari",
    "HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9",
}


def report(client, comment, reason="abusive"):
    return client.post(f"/comments/{comment.pk}/report/", {"reason": reason})


def shown_to_everyone(comment):
    return comment.body in page_text(Client().get(comment.article.get_absolute_url()))


def test_three_reports_from_one_address_with_fresh_cookies_do_not_hide_a_comment(browser):
    """The attack of issue 12: one address, a fresh cookie jar for each report."""
    comment = CommentFactory(article=ArticleFactory(), body="An awkward but fair point.")

    codes = [report(browser(ip="203.0.113.66", **FIREFOX), comment).status_code for _ in "abc"]

    assert codes == [302, 302, 302]
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.report_count == 1
    assert shown_to_everyone(comment)


def test_another_browser_at_the_same_address_is_kept_but_counts_once(browser, set_rules):
    """Changing the User-Agent is as easy as clearing cookies: a second browser at one
    address is recorded (moderators see it) but the address weighs once."""
    set_rules(reports_to_hold=2)
    comment = CommentFactory(article=ArticleFactory())

    report(browser(ip="203.0.113.67", **FIREFOX), comment)
    report(browser(ip="203.0.113.67", **CHROME), comment)

    comment.refresh_from_db()
    assert Report.objects.filter(comment=comment).count() == 2
    assert comment.report_count == 1
    assert comment.status == Comment.Status.APPROVED


def test_addresses_of_one_ipv6_network_count_as_one(browser, set_rules):
    """An IPv6 reader holds a whole /64 and can pick a new address in it at will."""
    set_rules(reports_to_hold=2)
    comment = CommentFactory(article=ArticleFactory())

    for host in ["1", "2", "3"]:
        report(browser(ip=f"2001:db8:1:2::{host}", **FIREFOX), comment)

    comment.refresh_from_db()
    assert comment.report_count == 1
    assert comment.status == Comment.Status.APPROVED


def test_readers_at_three_addresses_hold_the_comment(browser):
    comment = CommentFactory(article=ArticleFactory(), body="Really nasty words.")

    for n in range(3):
        report(browser(ip=f"203.0.113.{70 + n}", **FIREFOX), comment)

    comment.refresh_from_db()
    assert comment.report_count == 3
    assert comment.status == Comment.Status.PENDING
    assert not shown_to_everyone(comment)


def test_accounts_count_one_each_wherever_they_write_from(browser, set_rules):
    set_rules(reports_to_hold=2)
    comment = CommentFactory(article=ArticleFactory())

    for name in ["ana", "ben"]:
        report(browser(ip="203.0.113.80", user=account(name), **FIREFOX), comment)

    comment.refresh_from_db()
    assert comment.report_count == 2
    assert comment.status == Comment.Status.PENDING


def test_reports_are_limited_per_address_whatever_the_cookies(browser, set_rules):
    set_rules(reports_per_hour=2, reports_to_hold=100)
    comments = CommentFactory.create_batch(3)

    codes = [
        report(browser(ip="2001:db8:5:6::1", **FIREFOX), comments[0]).status_code,
        report(browser(ip="2001:db8:5:6::2", **CHROME), comments[1]).status_code,
        report(browser(ip="2001:db8:5:6::3", **FIREFOX), comments[2]).status_code,
    ]

    assert codes == [302, 302, 400]
    assert not Report.objects.filter(comment=comments[2]).exists()


def _record(user, *, dismissed, upheld):
    """`user`'s earlier reports on other comments, decided by moderators."""
    for n in range(dismissed + upheld):
        Report.objects.create(
            comment=CommentFactory(),
            reporter_key=f"u{user.pk}",
            user=user,
            reason="spam",
            outcome=Report.Outcome.DISMISSED if n < dismissed else Report.Outcome.UPHELD,
        )


def test_reports_from_an_account_moderators_mostly_overruled_weigh_nothing(browser, set_rules):
    set_rules(reports_to_hold=1)
    crier = account("crier")
    _record(crier, dismissed=4, upheld=1)
    comment = CommentFactory(article=ArticleFactory(), body="A calm remark.")

    response = report(browser(user=crier), comment)

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.report_count == 0
    kept = Report.objects.get(comment=comment)
    assert (kept.user, kept.counted) == (crier, False)


@pytest.mark.parametrize(
    ("dismissed", "upheld"),
    [(3, 1), (3, 2)],  # too few decided; 60 % overruled
    ids=["four-decided", "sixty-percent"],
)
def test_an_account_with_a_fair_record_still_counts(browser, set_rules, dismissed, upheld):
    set_rules(reports_to_hold=1)
    reporter = account("fair")
    _record(reporter, dismissed=dismissed, upheld=upheld)
    comment = CommentFactory()

    report(browser(user=reporter), comment)

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_approving_a_reported_comment_dismisses_its_reports_and_keeps_the_record(moderator):
    comment = CommentFactory()
    readers = [account(f"r{n}") for n in range(3)]
    for reader in readers:
        services.comment_report(
            comment=comment, reader=Reader(user=reader, browser_key="", ip=None), reason="spam"
        )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING

    services.comment_moderate(
        comments=Comment.objects.filter(pk=comment.pk), status="approved", moderator=moderator
    )

    comment.refresh_from_db()
    assert (comment.status, comment.report_count) == (Comment.Status.APPROVED, 0)
    outcomes = set(Report.objects.filter(comment=comment).values_list("outcome", flat=True))
    assert outcomes == {Report.Outcome.DISMISSED}


def test_approving_a_comment_still_published_dismisses_its_reports(moderator):
    comment = CommentFactory()
    services.comment_report(
        comment=comment, reader=Reader(user=account("ana"), browser_key="", ip=None), reason="spam"
    )

    services.comment_moderate(
        comments=Comment.objects.filter(pk=comment.pk), status="approved", moderator=moderator
    )

    comment.refresh_from_db()
    assert comment.report_count == 0
    assert Report.objects.get().outcome == Report.Outcome.DISMISSED
    decision = comment.decisions.get()
    assert decision.explanation_shown() == "1 report dismissed"
    with translation.override("de"):
        assert decision.explanation_shown() == "1 Meldung verworfen"


@pytest.mark.parametrize("status", ["rejected", "spam", "deleted"])
def test_removing_a_reported_comment_upholds_its_reports(moderator, status):
    comment = CommentFactory()
    services.comment_report(
        comment=comment, reader=Reader(user=account("ana"), browser_key="", ip=None), reason="spam"
    )

    services.comment_moderate(
        comments=Comment.objects.filter(pk=comment.pk), status=status, moderator=moderator
    )

    assert Report.objects.get().outcome == Report.Outcome.UPHELD


def test_after_dismissal_only_new_reporters_count():
    comment = CommentFactory()

    def by(n):
        return Reader(user=None, browser_key=f"k{n}", ip=f"203.0.113.{90 + n}")

    for n in range(3):
        services.comment_report(comment=comment, reader=by(n), reason="abusive")
    services.comment_moderate(comments=Comment.objects.filter(pk=comment.pk), status="approved")

    comment = Comment.objects.get(pk=comment.pk)
    assert services.comment_report(comment=comment, reader=by(0), reason="abusive") is False
    for n in range(3, 5):
        services.comment_report(comment=comment, reader=by(n), reason="abusive")
    comment.refresh_from_db()
    assert (comment.status, comment.report_count) == (Comment.Status.APPROVED, 2)
    services.comment_report(comment=comment, reader=by(5), reason="abusive")
    comment.refresh_from_db()
    assert (comment.status, comment.report_count) == (Comment.Status.PENDING, 3)
