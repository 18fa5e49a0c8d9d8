from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.markdown import render_markdown


class Origin(models.Model):
    """Where a row of ours came from: one WordPress post, comment, author, attachment or
    Disqus thread or post, by its id in the export. Importing the same export again finds
    its rows here, updates what changed and duplicates nothing."""

    source = models.CharField(max_length=20)  # "wordpress" or "disqus"
    site = models.CharField(max_length=200, help_text=_("The exported site's address."))
    kind = models.CharField(max_length=20)  # "post", "page", "comment", "author", ...
    key = models.CharField(max_length=200)  # the id (or login) in the export
    object_id = models.BigIntegerField()
    # A digest of what was imported, so that a re-run skips what has not changed.
    digest = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "site", "kind", "key"], name="one_origin_per_source_id"
            )
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="origin_object_idx")]

    def __str__(self):
        return f"{self.source} {self.kind} {self.key} → {self.object_id}"


class OldLink(models.Model):
    """An address the old site had, answered with a permanent redirect to its new place.

    Our own table rather than django.contrib.redirects: that app needs django.contrib.sites,
    which would make every feed and sitemap name the site from a database row instead of the
    request, and its fallback only runs on a 404, so `/?p=123` (the home page answers it)
    could never redirect."""

    old_path = models.CharField(
        _("old address"),
        max_length=500,
        unique=True,
        help_text=_("The path and query, as the old site had it, e.g. /?p=123 or /2019/04/slug/."),
    )
    new_path = models.CharField(
        _("new address"),
        max_length=500,
        help_text=_("Where readers are sent: a path on this site, e.g. /articles/slug/."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("old link")
        verbose_name_plural = _("old links")

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"


class Page(models.Model):
    """A page of the old site (About, Contact) served at its old address: like Django's flat
    pages, without the sites framework (see OldLink). Its content is sanitised HTML."""

    path = models.CharField(
        _("address"),
        max_length=200,
        unique=True,
        help_text=_("The path it is served at, with slashes at both ends, e.g. /about/."),
    )
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(
        _("content"), blank=True, help_text=_("Markdown, as in an article's body.")
    )
    content_html = models.TextField(editable=False, default="")
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return f"{self.path} {self.title}"

    def save(self, *args, **kwargs):
        self.content_html = render_markdown(self.content)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.path
