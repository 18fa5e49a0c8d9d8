from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.forms import SearchForm
from articles.selectors import navigation_categories


def site(request):
    """What every page's layout needs: the site's name and the sections in the header."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "DEFAULT_LANGUAGE": settings.LANGUAGE_CODE,
        # One query per page, only if the template shows the sections (header and footer).
        "nav_categories": SimpleLazyObject(navigation_categories),
        "site_search_form": SearchForm(placement="header"),
    }
