"""The old site's addresses: a permanent redirect to where each now lives, and its pages.

`/?p=123`, `/?page_id=7` and `/?feed=rss2` are asked of our home page, which answers them,
so they are looked up before the view; every other old address only when our own URLs
answered 404, so that an old link can never hide one of our pages.
"""

from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render

from . import links
from .models import Page


class OldLinksMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and request.GET:
            for key in links.QUERY_KEYS:
                value = request.GET.get(key)
                new = links.find(f"/?{key}={value}") if value else None
                if new:
                    return HttpResponsePermanentRedirect(new)
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in {"GET", "HEAD"}:
            return response
        path = request.path
        candidates = [path] if path.endswith("/") else [path, f"{path}/"]
        for candidate in candidates:
            new = links.find(candidate)
            if new:
                return HttpResponsePermanentRedirect(new)
        page = Page.objects.filter(path__in=candidates, is_published=True).first()
        if page is None:
            return response
        if page.path != path:
            return HttpResponsePermanentRedirect(page.path)
        return render(request, "imports/page.html", {"page": page})
