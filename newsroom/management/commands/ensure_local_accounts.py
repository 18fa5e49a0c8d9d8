from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.middleware import DEMO_GROUP

# One account a desk, each a member of its group only (never a superuser), so that a
# newcomer can try every role: (user name = password, group).
DESK_ACCOUNTS = [
    ("editor", "Editors"),
    ("moderator", "Moderators"),
    ("fundraiser", "Fundraisers"),
]


class Command(BaseCommand):
    help = (
        "Local development only (DEBUG=True): create or reset the account admin/admin "
        "(superuser) and one account a desk, with the user name as password: "
        + ", ".join(f"{user}/{user} ({group})" for user, group in DESK_ACCOUNTS)
        + "; and a reader, reader/reader. Each has a verified address user@example.org; "
        + f'the staff accounts are in the group "{DEMO_GROUP}", which lets them into the '
        + "admin without a second factor while DEBUG is on (never in production)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/admin/", help="the admin address to print"
        )

    def handle(self, *args, url, **options):
        site = url.split("/admin/")[0]
        if not settings.DEBUG:
            raise CommandError(
                "ensure_local_accounts sets well-known passwords, so it runs only for local "
                "development, with DEBUG on (DJANGO_DEBUG=true, the default in "
                "newsroom.settings.dev). Refusing to run with DEBUG=False."
            )
        groups = {g.name: g for g in Group.objects.filter(name__in=dict(DESK_ACCOUNTS).values())}
        for _, name in DESK_ACCOUNTS:
            if name not in groups:
                raise CommandError(
                    f'The "{name}" group is missing; run "manage.py migrate" first.'
                )

        with transaction.atomic():
            demo, _ = Group.objects.get_or_create(name=DEMO_GROUP)
            admin = _reset_account("admin", superuser=True)
            admin.groups.set([demo])
            for username, group in DESK_ACCOUNTS:
                user = _reset_account(username, superuser=False)
                user.groups.set([groups[group], demo])
            reader = _reset_account("reader", superuser=False, staff=False)
            reader.groups.clear()

        self.stdout.write(f"Admin login: {url}  user admin / password admin (superuser)")
        for username, group in DESK_ACCOUNTS:
            self.stdout.write(
                f"Admin login: {url}  user {username} / password {username} ({group} group)"
            )
        self.stdout.write(
            f"Reader login: {site}/accounts/login/  user reader / password reader "
            "(a reader with a verified email, not staff)"
        )


def _reset_account(username, *, superuser, staff=True):
    """Create the account, or put an existing one back: active, password = username, the
    address username@example.org verified (so that allauth lets it sign in at once)."""
    User = get_user_model()
    user, _ = User.objects.get_or_create(**{User.USERNAME_FIELD: username})
    user.is_active = True
    user.is_staff = staff
    user.is_superuser = superuser
    user.email = f"{username}@example.org"
    user.set_password(username)
    user.save()
    EmailAddress.objects.filter(user=user).exclude(email=user.email).delete()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user
