"""Pages of long article lists at the cost of one page, however long the archive.

Django's paginator counts every matching row on each request and reads page N with an
OFFSET past all the rows before it: at 100,000 articles a list page spent most of its time
counting, and its last page walking the whole index. Here the count is kept in the shared
cache under the site's generation (any change to the articles starts a new one) until the
next scheduled article goes live (it goes live by the clock, not by a change), an hour at
most; and a page in the second half of the list is read from the other end, so that the
last page costs what the first does.

A count costs a scan of the list's published articles (40 to 85 ms at 100,000 articles on
PostgreSQL on a quiet machine, several times that on a busy one): kept for a fixed minute,
each of the site's lists paid it once a minute for no reason.
"""

import hashlib
import math

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.functional import cached_property

from newsroom.pagecache import SITE, content_version

from .models import Article

COUNT_KEY = "articles:count:{generation}:{name}"
COUNT_SECONDS_AT_MOST = 60 * 60


def count_seconds():
    """How long a list's count holds: until the next scheduled article goes live, an hour at
    most (and at least a second)."""
    going_live = Article.objects.next_publication_time()
    if going_live is None:
        return COUNT_SECONDS_AT_MOST
    seconds = math.ceil((going_live - timezone.now()).total_seconds())
    return min(max(seconds, 1), COUNT_SECONDS_AT_MOST)


class ListingPaginator(Paginator):
    def __init__(self, object_list, per_page, *, count_name, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        digest = hashlib.blake2b(count_name.encode(), digest_size=16).hexdigest()
        self.count_name = digest

    @cached_property
    def count(self):
        generation = content_version(SITE)
        key = COUNT_KEY.format(generation=generation, name=self.count_name)
        count = cache.get(key)
        if count is None:
            seconds = count_seconds()  # before counting: an article going live meanwhile is in
            count = super().count
            cache.set(key, count, timeout=seconds)
        return count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom <= self.count // 2 or not self.object_list.ordered:
            return self._get_page(self.object_list[bottom:top], number, self)
        # From the end: the rows in the other order, the page's slice of them, turned back.
        from_end = self.object_list.reverse()[self.count - top : self.count - bottom]
        return self._get_page(list(from_end)[::-1], number, self)


class ListingPaginationMixin:
    """For list views: pages by ListingPaginator, its count kept under `count_name()`."""

    paginator_class = ListingPaginator

    def count_name(self):
        return self.request.path

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kw):
        return self.paginator_class(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            count_name=self.count_name(),
            **kw,
        )
