"""Pages of long article lists at the cost of one page, however long the archive.

Django's paginator counts every matching row on each request and reads page N with an
OFFSET past all the rows before it: at 100,000 articles a list page spent most of its time
counting, and its last page walking the whole index. Here the count is kept in the shared
cache under the site's generation (any change to the articles starts a new one) for a
minute at most (a scheduled article goes live by the clock, not by a change: its list counts
it within the minute); and a page in the second half of the list is read from the other end,
so that the last page costs what the first does.
"""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from newsroom.pagecache import SITE, content_version

COUNT_KEY = "articles:count:{generation}:{name}"
COUNT_SECONDS = 60


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
            count = super().count
            cache.set(key, count, timeout=COUNT_SECONDS)
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
