from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

ADMIN_URL = "http://127.0.0.1:8000/admin/"
EDITORS_GROUP = "Editors"


class Command(BaseCommand):
    help = (
        "Local development only (DEBUG=True): create or reset the accounts admin/admin "
        "(superuser) and editor/editor (staff, in the Editors group)."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "ensure_local_accounts sets well-known passwords, so it runs only for local "
                "development, with DEBUG on (DJANGO_DEBUG=true, the default in "
                "newsroom.settings.dev). Refusing to run with DEBUG=False."
            )
        try:
            editors = Group.objects.get(name=EDITORS_GROUP)
        except Group.DoesNotExist:
            raise CommandError(
                f'The "{EDITORS_GROUP}" group is missing; run "manage.py migrate" first.'
            ) from None

        with transaction.atomic():
            _reset_account("admin", superuser=True)
            editor = _reset_account("editor", superuser=False)
            editor.groups.add(editors)

        self.stdout.write(f"Admin login: {ADMIN_URL}  user admin / password admin (superuser)")
        self.stdout.write(
            f"Admin login: {ADMIN_URL}  user editor / password editor ({EDITORS_GROUP} group)"
        )


def _reset_account(username, *, superuser):
    """Create the account, or put an existing one back: active staff, password = username."""
    User = get_user_model()
    user, _ = User.objects.get_or_create(**{User.USERNAME_FIELD: username})
    user.is_active = True
    user.is_staff = True
    user.is_superuser = superuser
    user.set_password(username)
    user.save()
    return user
