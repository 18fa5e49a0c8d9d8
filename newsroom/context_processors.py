from django.conf import settings

from articles.selectors import navigation_categories


def site(request):
    """What every page's layout needs: the site's name and the sections in the header."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "nav_categories": navigation_categories,
    }
