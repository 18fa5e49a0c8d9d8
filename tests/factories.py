"""factory_boy factories for articles, comments and donations, and real image uploads."""

import io
from datetime import timedelta
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from PIL import Image

from articles.models import Article, Category, Contributor, Credit, Tag
from comments.identity import COOKIE_NAME, COOKIE_SALT
from comments.models import Comment, Subscription, Vote
from comments.text import render_comment
from donations.models import Campaign, Donation
from donations.money import Currency

PILLOW_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}
CONTENT_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
}


def image_bytes(*, size=(640, 360), image_format="JPEG", color=(180, 60, 40), mode="RGB", **save):
    """The bytes of a real image drawn by Pillow."""
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, image_format, **save)
    return buffer.getvalue()


def image_upload(name="photo.jpg", *, size=(640, 360), color=(180, 60, 40), **save):
    """A small, real image upload; its format follows the file name's extension."""
    image_format = PILLOW_FORMATS[name.rsplit(".", 1)[-1].lower()]
    return SimpleUploadedFile(
        name,
        image_bytes(size=size, image_format=image_format, color=color, **save),
        content_type=CONTENT_TYPES[image_format],
    )


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = factory.LazyAttribute(lambda o: f"Reporting filed under {o.name}.")


class TagFactory(DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class ContributorFactory(DjangoModelFactory):
    class Meta:
        model = Contributor

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    bio = "Covers the city for the newsroom."


def _an_hour_ago():
    return timezone.now() - timedelta(hours=1)


def _tomorrow():
    return timezone.now() + timedelta(days=1)


class ArticleFactory(DjangoModelFactory):
    """A published article (publication time an hour ago) unless `draft` or `scheduled`.

    `tags=[...]` sets tags; `authors=[...]` adds author credits in that order.
    """

    class Meta:
        model = Article
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)
        scheduled = factory.Trait(published_at=factory.LazyFunction(_tomorrow))

    headline = factory.Sequence(lambda n: f"Headline number {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.headline))
    standfirst = "What happened, in a sentence."
    body = "The first paragraph.\n\nThe second paragraph, with *emphasis*."
    category = factory.SubFactory(CategoryFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(_an_hour_ago)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            for position, contributor in enumerate(extracted):
                CreditFactory(article=self, contributor=contributor, position=position)


class CreditFactory(DjangoModelFactory):
    class Meta:
        model = Credit

    article = factory.SubFactory(ArticleFactory)
    contributor = factory.SubFactory(ContributorFactory)
    role = Credit.Role.AUTHOR
    position = 0


# --- Comments ------------------------------------------------------------------------------


class CommentFactory(DjangoModelFactory):
    """An approved guest comment (traits: `pending`, `rejected`, `spam`, `deleted`).

    `parent=...` makes a reply: its article, thread root and depth follow the parent, as
    comments_post would set them. `browser_key=...` makes it a guest's own comment in the
    browser that holds that key (see tests.comments.conftest.browser).
    """

    class Meta:
        model = Comment

    class Params:
        pending = factory.Trait(status=Comment.Status.PENDING)
        rejected = factory.Trait(status=Comment.Status.REJECTED)
        spam = factory.Trait(status=Comment.Status.SPAM)
        deleted = factory.Trait(status=Comment.Status.DELETED, body="")

    parent = None
    article = factory.Maybe(
        "parent",
        yes_declaration=factory.LazyAttribute(lambda o: o.parent.article),
        no_declaration=factory.SubFactory(ArticleFactory),
    )
    root = factory.LazyAttribute(lambda o: (o.parent.root or o.parent) if o.parent else None)
    depth = factory.LazyAttribute(lambda o: o.parent.depth + 1 if o.parent else 0)
    author_name = factory.Sequence(lambda n: f"Reader {n}")
    author_email = factory.LazyAttribute(
        lambda o: f"{slugify(o.author_name)}@example.org" if o.author_name else ""
    )
    ip_address = factory.Sequence(lambda n: f"192.0.2.{n % 250 + 1}")
    body = factory.Sequence(lambda n: f"A thought about the harbour, number {n}.")
    body_html = factory.LazyAttribute(lambda o: render_comment(o.body))
    status = Comment.Status.APPROVED


def reader_cookie(browser_key):
    """The value of a guest's reader cookie holding this browser key, signed as the site signs
    it (a comment made with CommentFactory(browser_key=...) is that browser's own)."""
    response = HttpResponse()
    response.set_signed_cookie(COOKIE_NAME, browser_key, salt=COOKIE_SALT)
    return response.cookies[COOKIE_NAME].value


def vote_for(comment, value, *, voter_key, user=None, ip_address=None):
    """A vote recorded as vote_cast records it: the row and the comment's counters."""
    Vote.objects.create(
        comment=comment, voter_key=voter_key, user=user, ip_address=ip_address, value=value
    )
    up, down = (1, 0) if value == Vote.UP else (0, 1)
    Comment.objects.filter(pk=comment.pk).update(
        upvotes=F("upvotes") + up, downvotes=F("downvotes") + down, score=F("score") + up - down
    )
    comment.refresh_from_db(fields=["upvotes", "downvotes", "score"])
    return comment


def _days_from_today(days):
    return lambda: timezone.localdate() + timedelta(days=days)


class CampaignFactory(DjangoModelFactory):
    """A current campaign: started a week ago, ten days to go, a 5,000 $ goal."""

    class Meta:
        model = Campaign

    title = factory.Sequence(lambda n: f"Reader drive {n}")
    goal = Decimal("5000")
    currency = Currency.USD
    start_date = factory.LazyFunction(_days_from_today(-7))
    end_date = factory.LazyFunction(_days_from_today(10))
    active = True


class DonationFactory(DjangoModelFactory):
    """A confirmed 25 $ bank transfer to a current campaign, from an anonymous donor."""

    class Meta:
        model = Donation

    campaign = factory.SubFactory(CampaignFactory)
    amount = Decimal("25")
    currency = factory.LazyAttribute(lambda o: o.campaign.currency if o.campaign else "USD")
    provider = Donation.Provider.BANK
    status = Donation.Status.CONFIRMED
    email = factory.Sequence(lambda n: f"donor{n}@example.org")

    class Params:
        # DonationFactory(monthly=True): a monthly gift.
        monthly = factory.Trait(frequency=Donation.Frequency.MONTHLY)


def account(username="reader1", *, email=None, password="pw", verified=True, **fields):
    """A reader's account with its address as allauth records it: verified unless told."""
    email = email if email is not None else f"{username}@example.org"
    user = User.objects.create_user(username, email=email, password=password, **fields)
    if email:
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


TRUSTED_KEY = "trusted-browser"


def trusted_guest(email="ana@example.org", *, browser_key=TRUSTED_KEY, article=None):
    """A guest the rule "hold unless the author has an earlier approved comment" trusts: an
    approved comment written in this browser under this address, and the address confirmed
    by the link of a subscription. Returns the approved comment."""
    comment = CommentFactory(
        author_email=email, browser_key=browser_key, **({"article": article} if article else {})
    )
    Subscription.objects.create(
        article=comment.article, kind="follow-ups", email=email, confirmed_at=timezone.now()
    )
    return comment
