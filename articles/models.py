from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from newsroom.models import CachedSingleRow

from .images import delete_renditions, make_renditions, validate_lead_image
from .languages import (
    default_language,
    language_choices,
    language_name,
    language_order,
    text_direction,
)
from .markdown import render_markdown
from .querysets import ArticleQuerySet
from .video import parse_video_url, validate_video_url

PUBLISHER_CACHE_KEY = "articles:publisher"
PUBLISHER_CACHE_SECONDS = 60 * 60


class Category(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True, help_text="A sentence or two shown on the page.")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the site's header; lower comes first."
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})


class Contributor(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    bio = models.TextField("short bio", max_length=600, blank=True)
    photo = models.ImageField(
        upload_to="contributors/", blank=True, validators=[validate_lead_image]
    )
    # Their account on the site, if they have one: their comments under the articles they
    # are credited on carry an "Author" badge (the account decides, never a typed name).
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributor",
        verbose_name="account",
        help_text="The contributor's account on this site, if any: their comments under "
        "the articles that credit them are marked “Author”.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:contributor", kwargs={"slug": self.slug})


class Story(models.Model):
    """One story told in several languages: its articles are versions of each other, at
    most one in each language. An article alone in its language has no story."""

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def __str__(self):
        headlines = [v.headline for v in self.versions.all()]
        return " / ".join(headlines) or _("Story %(number)s") % {"number": self.pk}


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    standfirst = models.TextField(
        max_length=400,
        blank=True,
        help_text="The one- or two-sentence summary under the headline.",
    )
    body = models.TextField(
        help_text="Markdown: a blank line between paragraphs, ## before a subheading."
    )
    body_html = models.TextField(editable=False, default="")

    lead_image = models.ImageField(
        upload_to="articles/lead/%Y/%m/",
        blank=True,
        validators=[validate_lead_image],
        help_text="JPEG, PNG or WebP, at most 10 MB and 40 megapixels.",
    )
    lead_image_alt = models.CharField(
        "lead image description",
        max_length=250,
        blank=True,
        help_text="What the image shows, for readers who cannot see it.",
    )
    lead_image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    video_url = models.URLField(
        blank=True,
        validators=[validate_video_url],
        help_text="A YouTube or Vimeo link, or an https:// address of an .mp4 file.",
    )
    video_duration = models.DurationField(
        "video length",
        null=True,
        blank=True,
        help_text="How long the video runs, as minutes:seconds (for example 4:35). Search "
        "engines show it beside the video.",
    )

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="articles")
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")

    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publication time",
        null=True,
        blank=True,
        help_text="A future time schedules the article: it appears by itself then.",
    )
    comments_open = models.BooleanField(default=True)

    language = models.CharField(
        _("language"),
        max_length=10,
        choices=language_choices,
        default=default_language,
        help_text=_("The language the article is written in; its address follows it."),
    )
    story = models.ForeignKey(
        Story,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="versions",
        verbose_name=_("story"),
        help_text=_("The versions of this story in other languages share it."),
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_listing_idx"),
            # A section's page: its newest published articles, first page or last.
            models.Index(
                fields=["category", "status", "-published_at"], name="article_section_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="published_article_has_time",
                violation_error_message="A published article needs a publication time.",
            ),
            models.UniqueConstraint(
                fields=["story", "language"],
                name="one_version_per_language",
                violation_error_message=_("This story already has a version in this language."),
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, body_html=None, **kwargs):
        """`body_html`: the body already rendered by render_markdown (an importer renders
        bodies in another process while it writes)."""
        # Derived fields, stored so that reading a page never re-renders them.
        self.body_html = render_markdown(self.body) if body_html is None else body_html
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self._sync_renditions()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "body_html",
                "published_at",
                "lead_image_renditions",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """Under the prefix of the article's own language (none for the default one)."""
        with translation.override(self.language):
            return reverse("articles:detail", kwargs={"slug": self.slug})

    def _sync_renditions(self):
        current = self.lead_image.name if self.lead_image else ""
        if self.lead_image_renditions.get("source", "") == current:
            return
        delete_renditions(self.lead_image_renditions)
        if self.lead_image and not self.lead_image._committed:
            # Store the upload first, so the renditions are named after its final name.
            self.lead_image.save(self.lead_image.name, self.lead_image.file, save=False)
        self.lead_image_renditions = make_renditions(self.lead_image) if current else {}

    # --- What pages ask of one article ----------------------------------------------------

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def public_state(self):
        if self.is_published:
            return "published"
        return "scheduled" if self.is_scheduled else "draft"

    def versions(self):
        """The published versions of its story, this one included, in the order of the
        site's languages (read from `for_detail()`'s prefetch when there is one)."""
        if self.story_id is None:
            return [self]
        story = self.story
        found = getattr(story, "published_versions", None)
        if found is None:
            found = story.versions.filter(status=self.Status.PUBLISHED)
        versions = [v for v in found if v.pk != self.pk and v.is_published]
        return sorted([self, *versions], key=lambda v: language_order(v.language))

    def other_versions(self):
        return [v for v in self.versions() if v.pk != self.pk]

    def original_version(self):
        """The version published first: what a reader whose language has none is shown."""
        return min(
            self.versions(),
            key=lambda v: (v.published_at is None, v.published_at or self.created_at, v.pk),
        )

    @property
    def text_direction(self):
        return text_direction(self.language)

    @property
    def language_name(self):
        return language_name(self.language)

    @property
    def video(self):
        return parse_video_url(self.video_url)

    @property
    def renditions(self):
        return self.lead_image_renditions.get("items", [])

    @property
    def image_width(self):
        return self.lead_image_renditions.get("width")

    @property
    def image_height(self):
        return self.lead_image_renditions.get("height")


class Publisher(CachedSingleRow):
    """Who publishes the site, as search engines and news aggregators are told (schema.org
    Organization): one row, edited in the admin."""

    cache_key = PUBLISHER_CACHE_KEY
    cache_seconds = PUBLISHER_CACHE_SECONDS

    name = models.CharField(
        max_length=100, blank=True, help_text="Left empty, the site's name is used."
    )
    logo = models.ImageField(
        upload_to="publisher/",
        blank=True,
        validators=[validate_lead_image],
        help_text="A square or wide logo, at least 112 pixels on each side; JPEG, PNG or WebP. "
        "Left empty, the site's icon is used.",
    )
    same_as = models.TextField(
        "profiles elsewhere",
        blank=True,
        help_text="The newsroom's pages on other sites (social networks, Wikipedia), one "
        "address a line.",
    )

    class Meta:
        verbose_name = verbose_name_plural = "publisher"
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="one_publisher")]

    def __str__(self):
        return "Publisher"

    @property
    def profiles(self):
        return [line.strip() for line in self.same_as.splitlines() if line.strip()]


class Credit(models.Model):
    class Role(models.TextChoices):
        AUTHOR = "author", _("Author")
        VOICEOVER = "voiceover", _("Voiceover")
        VIDEO = "video", _("Video")
        CAMERA = "camera", _("Camera")
        PHOTO = "photo", _("Photography")
        EDITOR = "editor", _("Editor")
        TRANSLATOR = "translator", _("Translation")

    # How the credit line reads: "Voiceover by NAME", "Translated by NAME" (the article
    # page puts the label into "%(role)s by NAME", a sentence of its own in each language).
    LINE_LABELS = {
        Role.VOICEOVER: pgettext_lazy("credit line: … by NAME", "Voiceover"),
        Role.VIDEO: pgettext_lazy("credit line: … by NAME", "Video"),
        Role.CAMERA: pgettext_lazy("credit line: … by NAME", "Camera"),
        Role.PHOTO: pgettext_lazy("credit line: … by NAME", "Photos"),
        Role.EDITOR: pgettext_lazy("credit line: … by NAME", "Edited"),
        Role.TRANSLATOR: pgettext_lazy("credit line: … by NAME", "Translated"),
    }

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="credits")
    contributor = models.ForeignKey(Contributor, on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(max_length=20, choices=Role, default=Role.AUTHOR)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "contributor", "role"], name="one_credit_per_role"
            )
        ]

    def __str__(self):
        return f"{self.line_label} by {self.contributor}"

    @property
    def line_label(self):
        return self.LINE_LABELS.get(self.role, self.get_role_display())
