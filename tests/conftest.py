import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import caches

from newsroom.pagecache import forget_process_memory
from tests.utils import PAGE_QUERY_LIMIT


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


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://news.example.org"
    return settings.SITE_URL


def _staff_member(username, group_name):
    user = User.objects.create_user(username, password="pw", is_staff=True)
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
    return User.objects.create_user("reader", password="pw")


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
