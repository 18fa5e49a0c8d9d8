from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "For a staff member locked out of their second factor (a lost phone or passkey): "
        "remove their authenticator app, passkeys and recovery codes. At their next sign-in "
        "they are sent to enrol a new factor before the admin. Check who is asking first."
    )

    def add_arguments(self, parser):
        parser.add_argument("user", help="the user name or email address of the account")

    def handle(self, *args, user, **options):
        User = get_user_model()
        account = (
            User.objects.filter(**{User.USERNAME_FIELD: user}).first()
            or User.objects.filter(email__iexact=user).first()
        )
        if account is None:
            raise CommandError(f"No account is called {user!r} or has that address.")
        with transaction.atomic():
            removed, _ = Authenticator.objects.filter(user=account).delete()
        self.stdout.write(
            f"Removed {removed} second factor(s) of {account.get_username()}: they enrol a new "
            "one at their next sign-in."
        )
