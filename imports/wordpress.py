"""Importing a WordPress export: each post with its comments in one transaction, found again
by the source's ids on a re-run (imports.models.Origin) so nothing is duplicated.

`WordPressImport` is fed the records of imports.wxr one by one and keeps only running counts
and the few small maps it needs (authors, attachments waiting for their post), so memory stays
flat however long the export is.
"""

import html
from collections import Counter, deque
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import connection, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.images import validate_lead_image
from articles.models import Article, Category, Contributor, Credit, Tag
from comments.feedback import locate
from comments.models import ModerationRules, Passage
from newsroom.pagecache import SITE, public_pages_changed
from newsroom.text import normalise, normalise_line

from . import bulk, content, links, prepare
from .models import Origin, Page
from .wordpress_comments import CommentWriter

SOURCE = "wordpress"
# Raise to make a re-run import every item again after the importer itself changed.
VERSION = "1"

ARTICLE_STATUS = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,  # published_at in the future: scheduled
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.DRAFT,
    "private": Article.Status.DRAFT,
}


class WordPressImport:
    def __init__(self, *, dry_run=False, media_dir=None, workers=None):
        self.dry_run = dry_run
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.counts = Counter()
        self.shortcodes = Counter()
        self.site = ""
        self.authors = {}
        self.max_depth = ModerationRules.current().max_depth
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            # One commit per post: in WAL mode, NORMAL skips the wait for the disk at each
            # commit and still never corrupts the database; a power cut could lose the last
            # posts, which running the command again imports.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=NORMAL")
        self.users = {
            email.lower(): pk
            for email, pk in get_user_model().objects.exclude(email="").values_list("email", "pk")
        }
        self.refused = []  # media files that are not acceptable images, and why
        self.attachments = {}  # post id -> (file, url)
        self.thumbnails = []  # (article pk, attachment post id)
        self._categories, self._tags, self._contributors = {}, {}, {}
        # Posts read and waiting to be written, each with its comments' values asked of the
        # renderer (another process works them out meanwhile).
        self.renderer = prepare.Renderer(workers=workers)
        self._queue = deque()
        # Origins written anew or over the one there (a comment deleted here, a post changed).
        self._origin_rows = bulk.Inserter(
            Origin,
            ["source", "site", "kind", "key", "object_id", "digest"],
            conflict=["source", "site", "kind", "key"],
            replace=["object_id", "digest", "imported_at"],
        )
        self._tag_rows = bulk.Inserter(Article.tags.through, ["article_id", "tag_id"])
        self._comments = CommentWriter(
            source=SOURCE,
            counts=self.counts,
            users=self.users,
            max_depth=self.max_depth,
            origin_rows=self._origin_rows,
        )

    # --- What the reader hands over ------------------------------------------------------

    def channel(self, channel):
        self.site = channel.site or channel.link or "unknown"
        self.authors = channel.authors

    def item(self, item):
        if item.type == "attachment":
            self.counts["attachments"] += 1
            self.attachments[item.id] = (item.attached_file, item.attachment_url)
        elif item.type in {"post", "page"}:
            if item.status not in ARTICLE_STATUS:
                self.counts[f"{item.type}s skipped ({item.status or 'no status'})"] += 1
            elif item.type == "post":
                self._queue.append((item, self._ask(item)))
                while len(self._queue) > prepare.AHEAD:
                    self._write(*self._queue.popleft())
            else:
                self._drain()  # in the file's order
                self._write(item, None)
        else:
            self.counts[f"other items skipped ({item.type})"] += 1

    def _drain(self):
        while self._queue:
            self._write(*self._queue.popleft())

    def _write(self, item, handle):
        """One post or page with its comments, in one transaction."""
        with transaction.atomic():
            if item.type == "post":
                self._post(item, handle)
            else:
                self._page(item)
            if self.dry_run:
                transaction.set_rollback(True)
        if self.dry_run:  # what was cached was rolled back with the rest
            self._categories, self._tags, self._contributors = {}, {}, {}

    def _ask(self, item):
        """Start working out the post's comments, unless it is unchanged since the last run."""
        if self.renderer.pool is None:
            return None
        digest = Origin.objects.filter(source=SOURCE, site=self.site, kind="post", key=item.id)
        if digest.values_list("digest", flat=True).first() == self._digest(item):
            return None
        return self.renderer.ask(item, max_depth=self.max_depth)

    def close(self):
        self.renderer.close()

    @property
    def posts_done(self):
        return self.counts["posts created"] + self.counts["posts updated"]

    def finish(self):
        """The posts still waiting, lead images (an attachment may come after its post in
        the file), old feed links, and a fresh page cache."""
        self._drain()
        for article_pk, attachment_id in self.thumbnails:
            self._lead_image(article_pk, attachment_id)
        self.counts["old links"] += links.keep(links.site_paths(), dry_run=self.dry_run)
        if not self.dry_run:
            public_pages_changed(SITE)

    # --- Posts ---------------------------------------------------------------------------

    def _origin(self, kind, key):
        return Origin.objects.filter(source=SOURCE, site=self.site, kind=kind, key=key).first()

    def _remember(self, kind, key, object_id, digest=""):
        self._origin_rows.insert([(SOURCE, self.site, kind, key, object_id, digest)])

    @staticmethod
    def _digest(item):
        return f"{VERSION}:{item.digest}"[:64]

    def _post(self, item, handle):
        digest = self._digest(item)
        origin = self._origin("post", item.id)
        article = Article.objects.filter(pk=origin.object_id).first() if origin else None
        if article is not None and origin.digest == digest:
            self.counts["posts unchanged"] += 1
            self.counts["comments unchanged"] += item.comment_count
            if item.thumbnail_id and self.media_dir:
                self.thumbnails.append((article.pk, item.thumbnail_id))
            return
        created = article is None
        self.counts["posts created" if created else "posts updated"] += 1
        article = article or Article()
        body, body_html, comments = self.renderer.values(handle, item, max_depth=self.max_depth)
        self.shortcodes.update(body.shortcodes)
        article.headline = normalise_line(html.unescape(item.title))[:200] or _("(untitled)")
        article.slug = self._slug(article, item)
        article.standfirst = normalise(content.plain_text(item.excerpt))[:400]
        article.body = body.markdown
        article.video_url = article.video_url or body.video_url
        article.status = ARTICLE_STATUS[item.status]
        article.published_at = item.date if article.status == Article.Status.PUBLISHED else None
        article.comments_open = item.comment_status != "closed"
        categories = item.categories or [("uncategorized", "Uncategorized")]
        article.category = self._category(*categories[0])
        article.save(body_html=body_html)
        tags = [self._tag(*term) for term in [*categories[1:], *item.tags]]
        if created:  # nothing to compare with: the links at once
            self._tag_rows.insert([(article.pk, pk) for pk in dict.fromkeys(t.pk for t in tags)])
        else:
            article.tags.set(tags)
        self._credit(article, item.creator, created=created)
        passages = self._passages(article, body.passages)
        self._comments.write(article, comments, passages, site=self.site)
        self._remember("post", item.id, article.pk, digest)
        if item.thumbnail_id and self.media_dir:
            self.thumbnails.append((article.pk, item.thumbnail_id))
        new = article.get_absolute_url()
        paths = links.post_paths(post_id=item.id, link=item.link, slug=item.slug, date=item.date)
        self.counts["old links"] += links.keep(dict.fromkeys(paths, new), dry_run=self.dry_run)

    def _slug(self, article, item):
        base = slugify(item.slug or html.unescape(item.title))[:190] or f"post-{item.id}"
        slug, n = base, 1
        while Article.objects.filter(slug=slug).exclude(pk=article.pk).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def _category(self, slug, name):
        slug = slugify(slug or name)[:60] or "uncategorized"
        if slug not in self._categories:
            name = normalise_line(html.unescape(name))[:60] or slug
            category = (
                Category.objects.filter(slug=slug).first()
                or Category.objects.filter(name=name).first()
                or Category.objects.create(slug=slug, name=self._free_name(Category, name))
            )
            self._categories[slug] = category
            self.counts["categories"] += 1
        return self._categories[slug]

    def _tag(self, slug, name):
        slug = slugify(slug or name)[:60]
        if slug not in self._tags:
            name = normalise_line(html.unescape(name))[:60] or slug
            self._tags[slug] = (
                Tag.objects.filter(slug=slug).first()
                or Tag.objects.filter(name=name).first()
                or Tag.objects.create(slug=slug, name=self._free_name(Tag, name))
            )
        return self._tags[slug]

    @staticmethod
    def _free_name(model, name):
        candidate, n = name, 1
        while model.objects.filter(name=candidate).exists():
            n += 1
            candidate = f"{name[:55]} ({n})"
        return candidate

    def _credit(self, article, login, *, created):
        login = (login or "").strip()
        if not login:
            return
        contributor = self._contributor(login)
        if created:
            Credit.objects.create(article=article, contributor=contributor)
            return
        article.credits.filter(role=Credit.Role.AUTHOR).exclude(contributor=contributor).delete()
        Credit.objects.get_or_create(
            article=article, contributor=contributor, role=Credit.Role.AUTHOR
        )

    def _contributor(self, login):
        """The author's contributor: the one imported for this login before, else for the
        same email address, else one with the same name, else a new one."""
        if login in self._contributors:
            return self._contributors[login]
        author = self.authors.get(login)
        email = (author.email if author else "").strip().lower()
        name = normalise_line(html.unescape(author.display_name if author else "")) or login
        name = name[:100]
        contributor = None
        for kind, key in (("author", login), ("author-email", email)):
            origin = self._origin(kind, key) if key else None
            if origin is not None:
                contributor = Contributor.objects.filter(pk=origin.object_id).first()
                if contributor is not None:
                    break
        if contributor is None:
            contributor = Contributor.objects.filter(name__iexact=name).first()
        if contributor is None:
            base = slugify(name)[:90] or slugify(login)[:90] or "contributor"
            slug, n = base, 1
            while Contributor.objects.filter(slug=slug).exists():
                n += 1
                slug = f"{base}-{n}"
            contributor = Contributor.objects.create(name=name, slug=slug)
            self.counts["contributors created"] += 1
        self._remember("author", login, contributor.pk)
        if email:
            self._remember("author-email", email, contributor.pk)
        self._contributors[login] = contributor
        links.keep({f"/author/{login}/": contributor.get_absolute_url()}, dry_run=self.dry_run)
        return contributor

    def _passages(self, article, found):
        """Passages the post opened for inline feedback, by wpDiscuz's form id."""
        if not found:
            return {}
        rendered = article.body_html
        passages = {}
        for passage in found:
            row, _created = Passage.objects.update_or_create(
                article=article,
                text=passage.text,
                defaults={
                    "question": passage.question,
                    "is_open": passage.is_open,
                    "position": locate(rendered, passage.text) or 0,
                },
            )
            self.counts["feedback passages"] += 1
            if passage.key:
                passages[passage.key] = row
        return passages

    # --- Pages and lead images -----------------------------------------------------------

    def _page(self, item):
        path = links.path_of(item.link)
        if not path or "?" in path or path == "/":
            path = f"/{slugify(item.slug or item.title) or item.id}/"
        origin = self._origin("page", item.id)
        page = Page.objects.filter(pk=origin.object_id).first() if origin else None
        if page is None:
            page = Page.objects.filter(path=path).first() or Page(path=path)
        self.counts["pages updated" if page.pk else "pages created"] += 1
        body = content.convert(item.content)
        self.shortcodes.update(body.shortcodes)
        page.title = normalise_line(html.unescape(item.title))[:200] or path
        page.content = body.markdown
        page.is_published = item.status == "publish"
        page.save()
        self._remember("page", item.id, page.pk)
        # A flat page has no discussion here: its comments are counted, not lost silently.
        on_page = [c for c in item.comments if c.type in prepare.COMMENT_TYPES]
        if on_page:
            self.counts["comments on pages not imported (pages have no comments here)"] += len(
                on_page
            )
        self.counts["old links"] += links.keep(
            {f"/?page_id={item.id}": page.path}, dry_run=self.dry_run
        )

    def _lead_image(self, article_pk, attachment_id):
        found = self.attachments.get(attachment_id)
        if found is None:
            self.counts["lead images not in the export"] += 1
            return
        relative, url = found
        source = self._media_file(relative, url)
        if source is None:
            self.counts["lead images not found in --media-dir"] += 1
            return
        origin = self._origin("lead-image", str(article_pk))
        article = Article.objects.filter(pk=article_pk).first()
        if article is None and not self.dry_run:  # (a dry run wrote no article)
            return
        if origin and article and origin.digest == relative[:64] and article.lead_image:
            self.counts["lead images unchanged"] += 1
            return
        with source.open("rb") as handle:
            upload = File(handle, name=source.name)
            try:
                validate_lead_image(upload)
            except ValidationError as error:
                self.counts["lead images refused"] += 1
                self.refused.append(f"{relative}: {' '.join(error.messages)}")
                return
            if self.dry_run:
                self.counts["lead images"] += 1
                return
            with transaction.atomic():
                article.lead_image.save(source.name, upload, save=False)
                article.save()
                self._remember("lead-image", str(article_pk), article.pk, relative[:64])
        self.counts["lead images"] += 1
        old = links.path_of(url)
        if old.startswith("/") and "/wp-content/uploads/" in old:
            links.keep({old: article.lead_image.url})

    def _media_file(self, relative, url):
        """The attachment's file inside --media-dir (never outside it), or None."""
        if self.media_dir is None:
            return None
        candidates = [relative]
        if "/uploads/" in url:
            candidates.append(url.split("/uploads/", 1)[1])
        for candidate in candidates:
            if not candidate:
                continue
            path = (self.media_dir / candidate.lstrip("/")).resolve()
            if path.is_relative_to(self.media_dir) and path.is_file():
                return path
        return None
