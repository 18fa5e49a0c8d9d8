"""factory_boy factories for articles and donations, and a helper that makes real image uploads."""

import io
from datetime import timedelta
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from PIL import Image

from articles.models import Article, Category, Contributor, Credit, Tag
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
