"""The languages an article may be written in: the site's languages (settings.LANGUAGES),
read when they are asked for, so that adding a language needs no migration."""

from django.conf import settings
from django.utils.translation import (
    get_language,
    get_language_info,
    get_supported_language_variant,
)


def language_choices():
    return list(settings.LANGUAGES)


def default_language():
    """The site's default language as one of its languages ("en" for "en-us")."""
    return get_supported_language_variant(settings.LANGUAGE_CODE)


def current_language():
    """The language of this request (its URL's prefix) as one of the site's languages."""
    try:
        return get_supported_language_variant(get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return default_language()


def text_direction(code):
    """ "rtl" or "ltr", as the `dir` attribute of a text in this language wants it."""
    try:
        return "rtl" if get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


def language_name(code):
    """The language's own name for itself ("Deutsch", "العربية"), as a language switcher
    shows it."""
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code


def language_order(code):
    """Where a language stands in settings.LANGUAGES (the order lists of versions follow)."""
    codes = [c for c, _name in settings.LANGUAGES]
    return codes.index(code) if code in codes else len(codes)
