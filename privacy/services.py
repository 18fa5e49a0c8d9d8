"""What the site holds about one person, and forgetting it; and forgetting IP addresses.

An email address is the one key a reader leaves with us: their comments (as a guest, or
under an account with that address), their subscriptions and the emails sent to them, their
reader account, and their donations. `personal_data_export` gathers all of it; a
`personal_data_erase` removes or anonymises it in one transaction. Donations stay as
anonymous records of money received (the books must add up); bans stay, so that erasing an
address cannot be used to lift a ban.

IP addresses are kept only while moderation may need them (settings.IP_RETENTION_DAYS).
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from comments.avatars import avatar_remove, look_of_account
from comments.models import Comment, IllegalContentNotice, Report, Subscription, Vote
from comments.services import discussion_changed
from donations.models import Donation
from donations.selectors import goal_progress_forget
from outbox.models import OutgoingEmail

from .models import PrivacyRequest

ERASED_NAME = "Deleted reader"
# Comments a reader chose to leave when closing their account.
DELETED_ACCOUNT_NAME = "Deleted account"


def _normal(email):
    return (email or "").strip().lower()


def _accounts(email):
    return get_user_model().objects.filter(email__iexact=email)


def _comments(email, users):
    return Comment.objects.filter(Q(author_email__iexact=email) | Q(user__in=users))


def _emails(email, users):
    """What the outbox recorded for the address, or for its accounts (whatever app sent it)."""
    return OutgoingEmail.objects.filter(Q(to_email__iexact=email) | Q(to_user__in=users))


def personal_data_export(*, email):
    """Everything held for this address, as plain data (for a JSON download)."""
    email = _normal(email)
    users = list(_accounts(email).select_related("avatar"))
    comments = _comments(email, users).select_related("article").order_by("created_at")
    return {
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "accounts": [
            {
                "username": user.get_username(),
                "name": user.get_full_name(),
                "date_joined": user.date_joined.isoformat(),
                "last_login": user.last_login.isoformat() if user.last_login else None,
                "votes": Vote.objects.filter(user=user).count(),
                "picture": look_of_account(user).picture or None,
            }
            for user in users
        ],
        "comments": [
            {
                "article": c.article.headline,
                "url": f"{settings.SITE_URL}{c.article.get_absolute_url()}",
                "name": c.author_name,
                "text": c.body,
                "status": c.status,
                "created_at": c.created_at.isoformat(),
                "edited_at": c.edited_at.isoformat() if c.edited_at else None,
                "ip_address": c.ip_address,
            }
            for c in comments
        ],
        "subscriptions": [
            {
                "article": s.article.headline,
                "kind": s.get_kind_display(),
                "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
                "created_at": s.created_at.isoformat(),
            }
            for s in Subscription.objects.filter(email__iexact=email).select_related("article")
        ],
        "illegal_content_notices": [
            {
                "comment_url": n.content_url,
                "law": n.law,
                "explanation": n.explanation,
                "name": n.notifier_name,
                "created_at": n.created_at.isoformat(),
                "decision": n.decision,
            }
            for n in IllegalContentNotice.objects.filter(notifier_email__iexact=email)
        ],
        "emails_sent": [
            {
                "subject": e.subject,
                "kind": e.kind_label,
                "status": e.status,
                "created_at": e.created_at.isoformat(),
            }
            for e in _emails(email, users).order_by("created_at")
        ],
        "donations": [
            {
                "amount": str(d.amount),
                "currency": d.currency,
                "provider": d.get_provider_display(),
                "status": d.status,
                "name": d.donor_name,
                "name_public": d.name_public,
                "message": d.message,
                "frequency": d.frequency,
                "created": d.created.isoformat(),
            }
            for d in Donation.objects.filter(email__iexact=email).order_by("created")
        ],
    }


def privacy_request_handle(*, email, action, requested_by=None):
    """Carry out an export or an erasure for this address and record it (not the data)."""
    email = _normal(email)
    with transaction.atomic():
        if action == PrivacyRequest.Action.ERASE:
            summary = personal_data_erase(email=email)
        else:
            data = personal_data_export(email=email)
            summary = (
                f"{len(data['comments'])} comments, {len(data['subscriptions'])} subscriptions, "
                f"{len(data['emails_sent'])} emails, {len(data['donations'])} donations, "
                f"{len(data['accounts'])} accounts."
            )
        return PrivacyRequest.objects.create(
            email=email, action=action, requested_by=requested_by, summary=summary
        )


@transaction.atomic
def personal_data_erase(*, email):
    """Remove or anonymise what is held for this address; returns what was done, in words."""
    email = _normal(email)
    users = list(_accounts(email))
    for user in users:  # the picture beside their comments, file and all
        avatar_remove(user=user)
    comments = _comments(email, users)
    articles = {c.article for c in comments.select_related("article")}
    erased_comments = comments.update(
        author_name=ERASED_NAME,
        author_email="",
        user=None,
        browser_key="",
        ip_address=None,
        body="",
        body_html="",
        held_because="",
        hold_reasons=[],
        status=Comment.Status.DELETED,
    )
    Report.objects.filter(user__in=users).update(user=None, ip_address=None)
    # Notices of illegal content stay for the transparency report, without their sender.
    IllegalContentNotice.objects.filter(notifier_email__iexact=email).update(
        notifier_name=ERASED_NAME, notifier_email=""
    )
    subscriptions = Subscription.objects.filter(Q(email__iexact=email) | Q(user__in=users))
    subscriptions_count = subscriptions.count()
    emails_count, _ = _emails(email, users).delete()
    subscriptions.delete()
    donations = Donation.objects.filter(email__iexact=email).update(
        email="", donor_name="", name_public=False, message="", stripe_customer=""
    )
    EmailAddress.objects.filter(user__in=users).delete()
    Authenticator.objects.filter(user__in=users).delete()
    SocialAccount.objects.filter(user__in=users).delete()
    for user in users:
        user.username = f"deleted-{user.pk}"
        user.email = ""
        user.first_name = user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
    if articles:
        discussion_changed(*articles)
    if donations:
        goal_progress_forget()  # supporters' names may have been on the donate page
    summary = (
        f"{erased_comments} comments erased (replies keep their place under a placeholder), "
        f"{subscriptions_count} subscriptions and {emails_count} email records deleted, "
        f"{donations} donations anonymised (amounts kept for the accounts), "
        f"{len(users)} accounts closed and anonymised."
    )
    return summary


@transaction.atomic
def account_close(*, user, keep_comments):
    """A reader closes their own account. Their comments stay, under "Deleted account" and
    with nothing that leads back to them, when they choose so; everything else held for
    their address goes as with personal_data_erase. Returns what was done, in words."""
    if keep_comments:
        comments = Comment.objects.filter(user=user)
        articles = {c.article for c in comments.select_related("article")}
        comments.update(
            author_name=DELETED_ACCOUNT_NAME,
            author_email="",
            user=None,
            browser_key="",
            ip_address=None,
        )
        if articles:
            discussion_changed(*articles)
    email = _normal(user.email)
    if not email:  # an account without an address: it alone is closed
        user.email = f"deleted-{user.pk}@invalid"
        user.save(update_fields=["email"])
        email = user.email
    return personal_data_erase(email=email)


def ip_addresses_purge(*, now=None):
    """Forget the IP addresses of comments, votes, reports and subscriptions older than the
    retention period. Returns how many rows lost theirs."""
    before = (now or timezone.now()) - timedelta(days=settings.IP_RETENTION_DAYS)
    return {
        "comments": Comment.objects.filter(created_at__lt=before, ip_address__isnull=False).update(
            ip_address=None
        ),
        "votes": Vote.objects.filter(created_at__lt=before, ip_address__isnull=False).update(
            ip_address=None
        ),
        "reports": Report.objects.filter(created_at__lt=before, ip_address__isnull=False).update(
            ip_address=None
        ),
        "subscriptions": Subscription.objects.filter(
            created_at__lt=before, ip_address__isnull=False
        ).update(ip_address=None),
    }
