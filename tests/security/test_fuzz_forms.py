"""Property-based tests (hypothesis): random text, unicode and bytes in every field of the
comment, subscription and donate forms. Never a 500; nothing saved from invalid input; and
what is saved from valid input is exactly what was valid (stripped, normalised)."""

import itertools
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import event, example, given
from hypothesis import strategies as st

from comments.models import Comment, Passage, Subscription
from comments.moderation import name_imitates_staff
from donations.models import Donation
from newsroom.text import normalise, normalise_line
from tests.factories import ArticleFactory, CampaignFactory, CommentFactory

pytestmark = pytest.mark.django_db

# Unicode that trips up text handling: right-to-left and bidi overrides, zero-width
# characters, a byte-order mark, combining marks, line and paragraph separators, NUL, CR/LF.
TRICKY = ["\u200f", "\u202e", "\u200b", "\u200d", "\ufeff", "\u0301", "\u2028", "\u2029"]
TRICKY += ["\x00", "\r\n", "\n", "\t", "\x1b", "\x7f", "\u0085", "\U0001f4a5", "e\u0301"]

any_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=120)
tricky_text = st.lists(st.sampled_from(TRICKY) | any_text, max_size=6).map("".join)
binaryish = st.binary(max_size=80).map(lambda raw: raw.decode("latin-1"))
anything = any_text | tricky_text | binaryish
printable = st.text(
    alphabet=st.characters(exclude_categories=["Cs", "Cc", "Zl", "Zp"]), min_size=1, max_size=80
).filter(str.strip)
emails = st.from_regex(
    r"[a-zA-Z0-9._+-]{1,30}@(example\.org|xn--bcher-kva\.example)", fullmatch=True
)

# Each example starts from a form a reader could send and replaces a few of its fields
# (none, often) with anything at all: both what is refused and what is saved get exercised.
garbled = st.dictionaries


_addresses = (f"198.18.{n // 250}.{n % 250 + 1}" for n in itertools.count())


def fresh_client():
    """A new browser from a new address, and no rate limit left from the last example."""
    cache.clear()
    return Client(REMOTE_ADDR=next(_addresses))


@pytest.fixture
def article(set_rules):
    set_rules(hold="none", min_seconds_to_write=0)
    return ArticleFactory(body="The first paragraph.")


@pytest.fixture
def campaign(db):
    return CampaignFactory()


@pytest.fixture
def thread(article):
    return CommentFactory(article=article)


@pytest.fixture
def open_passage(article):
    return Passage.objects.create(article=article, text="The first paragraph.")


# --- The comment form -------------------------------------------------------------------------


COMMENT_FIELDS = [
    "name",
    "email",
    "body",
    "seconds_on_page",
    "parent",
    "passage",
    "notify_replies",
]
COMMENT_FIELDS += ["homepage", "preview"]


@given(
    name=printable,
    email=emails,
    body=any_text,
    target=st.sampled_from(["", "parent", "passage"]),
    notify=st.sampled_from(["", "on"]),
    changes=garbled(st.sampled_from(COMMENT_FIELDS), anything, max_size=3),
    htmx=st.booleans(),
)
@example(
    name="Ana",
    email="ana@example.org",
    body="Hi",
    target="",
    notify="",
    changes={"name": "Ana\r\nBcc: victim@example.org"},
    htmx=False,
)
def test_any_comment_form_input_is_saved_as_cleaned_or_refused(
    article, thread, open_passage, name, email, body, target, notify, changes, htmx
):
    client = fresh_client()
    data = {
        "name": name,
        "email": email,
        "body": body,
        "seconds_on_page": "60",
        "parent": str(thread.pk) if target == "parent" else "",
        "passage": str(open_passage.pk) if target == "passage" else "",
        "notify_replies": notify,
        "homepage": "",
        **changes,
    }
    before = set(Comment.objects.values_list("pk", flat=True))
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}

    response = client.post(f"/comments/article/{article.pk}/post/", data, **headers)

    assert response.status_code < 500
    new = Comment.objects.exclude(pk__in=before)
    event(f"saved: {new.exists()}")
    if response.status_code == 302 or (htmx and new.exists()):
        [comment] = new
        assert comment.author_name == normalise_line(data["name"]) and comment.author_name
        assert "\n" not in comment.author_name and "\x00" not in comment.author_name
        assert comment.author_email == data["email"].strip().lower()
        assert comment.body == normalise(data["body"]) and comment.body
        assert comment.article_id == article.pk
        assert comment.parent_id in (None, thread.pk)
        assert comment.passage_id in (None, open_passage.pk)
    else:
        assert not new.exists()


@given(name=any_text.filter(lambda s: s.strip()), body=anything)
def test_a_valid_author_with_any_text_is_saved_exactly_as_normalised(article, name, body):
    """The control: with a name and an address that are fine, the text is what decides, and
    what is kept is what the reader wrote, less control characters."""
    name = "".join(ch for ch in name if ch.isprintable()).strip()[:80]
    # A name that is fine: not empty once normalised, and not one that passes for staff.
    name = name if normalise_line(name) and not name_imitates_staff(name) else "Ana"
    body = f"{body} #{next(_addresses)}"  # never empty, never a duplicate
    client = fresh_client()
    data = {
        "name": name,
        "email": "ana@example.org",
        "body": body,
        "seconds_on_page": "60",
        "homepage": "",
    }
    before = Comment.objects.count()

    response = client.post(f"/comments/article/{article.pk}/post/", data)

    if "\x00" in body or len(normalise(body)) > 5000:
        # Django refuses NUL in any text field; the rules refuse more than 5,000 characters.
        assert response.status_code == 400 and Comment.objects.count() == before
        return
    assert response.status_code == 302, response.content[:3000]
    comment = Comment.objects.latest("pk")
    assert (comment.author_name, comment.body) == (normalise_line(name), normalise(body))


# --- "Notify of" ----------------------------------------------------------------------------


@given(
    kind=st.sampled_from(["follow-ups", "replies"]),
    email=emails | st.emails(),
    changes=garbled(st.sampled_from(["kind", "email"]), anything | st.just("comment")),
    htmx=st.booleans(),
)
def test_any_subscription_input_is_saved_as_cleaned_or_refused(
    set_rules, article, kind, email, changes, htmx
):
    set_rules(subscriptions_per_hour=0)
    kind, email = changes.get("kind", kind), changes.get("email", email)
    client = fresh_client()
    before = set(Subscription.objects.values_list("pk", flat=True))
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}

    response = client.post(
        f"/comments/article/{article.pk}/subscribe/", {"kind": kind, "email": email}, **headers
    )

    assert response.status_code < 500
    new = Subscription.objects.exclude(pk__in=before)
    event(f"saved: {new.exists()}")
    if new.exists():
        [subscription] = new
        assert kind in ("follow-ups", "replies")  # "comment" is not for this form
        assert (subscription.kind, subscription.email) == (kind, email.strip().lower())
        assert subscription.confirmed_at is None  # a guest confirms by email first
    elif response.status_code == 302:
        # Asked again for the same address: one subscription, nothing new.
        assert Subscription.objects.filter(email=email.strip().lower(), kind=kind).exists()


# --- The donate form -------------------------------------------------------------------------


DONATE_FIELDS = ["preset", "custom_amount", "frequency", "currency", "donor_name"]
DONATE_FIELDS += ["name_public", "message"]


@given(
    preset=st.sampled_from(["", "10", "25", "100"]),
    custom_amount=st.sampled_from(["", "", "12.50", "1,000", "0", "-5", "1e3", "100001", " 7 "])
    | st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
    frequency=st.sampled_from(["once", "monthly"]),
    donor_name=st.just("") | printable,
    name_public=st.sampled_from(["", "on"]),
    message=any_text,
    changes=garbled(st.sampled_from(DONATE_FIELDS), anything, max_size=3),
)
def test_any_donate_form_input_records_a_clean_gift_or_none(
    card_payments, campaign, preset, custom_amount, frequency, donor_name, name_public, message,
    changes,
):  # fmt: skip
    client = fresh_client()
    before = set(Donation.objects.values_list("pk", flat=True))
    data = {
        "preset": preset,
        "custom_amount": custom_amount,
        "frequency": frequency,
        "currency": "USD",
        "donor_name": donor_name,
        "name_public": name_public,
        "message": message,
        **changes,
    }

    response = client.post("/donations/", data)

    assert response.status_code < 500
    new = Donation.objects.exclude(pk__in=before)
    event(f"recorded: {new.exists()}")
    if response.status_code != 303:
        assert response.status_code == 400
        assert not new.exists()
        return
    [gift] = new
    custom = "".join(data["custom_amount"].split()).replace(",", "")
    assert gift.amount == Decimal(custom or data["preset"])
    assert 1 <= gift.amount <= 100_000
    assert (gift.status, gift.currency) == (Donation.Status.PENDING, "USD")
    assert gift.donor_name == normalise_line(data["donor_name"])
    assert gift.message == normalise(data["message"])
    assert gift.frequency == data["frequency"]
    assert gift.name_public or not data["name_public"] or data["name_public"].lower() == "false"
    assert gift.donor_name or not gift.name_public  # never "named" without a name
