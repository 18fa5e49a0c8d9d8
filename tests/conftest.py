import itertools

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group, User
from django.core.cache import caches
from django.db.models.signals import post_save
from django.test import Client
from django.utils import translation

from comments.identity import COOKIE_NAME
from comments.models import ModerationRules
from newsroom.pagecache import forget_process_memory
from tests.factories import account, reader_cookie
from tests.utils import PAGE_QUERY_LIMIT, STAFF_TOTP_SECRET


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with a cold cache: the database is rolled back after every test, and
    numbers cached from another test's rows (the goal bar, the support box, rate limits)
    must not leak into this one. The page cache's memory in this process goes too."""
    for alias in ("default", "local"):
        caches[alias].clear()
    forget_process_memory()
    yield
    for alias in ("default", "local"):
        caches[alias].clear()
    forget_process_memory()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in English: a request for /de/ or /ar/ leaves its language active in
    the thread (Django's LocaleMiddleware does), and reverse() would then give that
    language's addresses in the next test."""
    translation.activate("en")
    yield
    translation.activate("en")


def _enrol_staff(sender, instance, **kwargs):
    if instance.is_staff and not Authenticator.objects.filter(user=instance).exists():
        TOTP.activate(instance, STAFF_TOTP_SECRET)


@pytest.fixture(autouse=True)
def staff_have_a_second_factor():
    """Staff made by a test have enrolled an authenticator app, as every staff member must
    before the admin (accounts/middleware.py); `unenrolled_staff` leaves them without."""
    post_save.connect(_enrol_staff, sender=User, dispatch_uid="tests-enrol-staff")
    yield
    post_save.disconnect(sender=User, dispatch_uid="tests-enrol-staff")


@pytest.fixture
def unenrolled_staff():
    """Staff made by this test have no second factor."""
    post_save.disconnect(sender=User, dispatch_uid="tests-enrol-staff")


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://news.example.org"
    return settings.SITE_URL


def _staff_member(username, group_name):
    # A verified address, as allauth asks of everyone who signs in.
    user = account(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    return _staff_member("editor", "Editors")


@pytest.fixture
def moderator(db):
    return _staff_member("moderator", "Moderators")


@pytest.fixture
def fundraiser(db):
    return _staff_member("fundraiser", "Fundraisers")


@pytest.fixture
def reader(db):
    """Someone with an account who is not staff."""
    return account("reader", password="pw")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def move_clock_to(monkeypatch):
    """Make the site believe it is a given time (every `timezone.now()` call returns it)."""

    def move(moment):
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    return move


@pytest.fixture
def get_page(client, django_assert_max_num_queries):
    """GET a URL with the test client, failing if it runs more than `max_queries` queries."""

    def get(url, *, max_queries=PAGE_QUERY_LIMIT, using_client=None, **kwargs):
        with django_assert_max_num_queries(max_queries):
            return (using_client or client).get(url, **kwargs)

    return get


# Documentation addresses (RFC 5737), one per browser so that per-address rules keep apart.
_addresses = (f"198.51.100.{n}" for n in itertools.cycle(range(1, 255)))


@pytest.fixture
def browser(db):
    """A new browser: its own cookie jar and, unless told, its own IP address.

    `key=` gives it the reader cookie of an earlier visit (the browser that wrote a comment
    made with CommentFactory(browser_key=key)); `user=` signs it in.
    """

    def make(*, ip=None, key=None, user=None, **defaults):
        client = Client(REMOTE_ADDR=ip or next(_addresses), **defaults)
        if key:
            client.cookies[COOKIE_NAME] = reader_cookie(key)
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def set_rules(db):
    """Change the moderation rules row as a moderator would (validated, then saved)."""

    def change(**values):
        rules = ModerationRules.objects.get(pk=1)
        for name, value in values.items():
            setattr(rules, name, value)
        rules.full_clean()
        rules.save()
        return rules

    return change


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what the block left for after the commit (email tasks)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
