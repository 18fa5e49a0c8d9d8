"""The Jinja2 environment for the few templates that render many items fast.

Most templates are Django templates. The comment threads are not: a long discussion renders
hundreds of comments, and Jinja2, which compiles templates to Python, draws them several times
faster (bench/README.md). The filters here do what Django's template engine does on its own,
cheaply enough to run twice a comment: times in the current time zone.
"""

from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext, ngettext
from jinja2 import Environment
from markupsafe import Markup


def localtime(value):
    """An aware datetime in the current time zone (what Django templates show)."""
    return timezone.localtime(value) if timezone.is_aware(value) else value


def short_datetime(value):
    """ "17 Nov 2026, 08:12": Django's "j M Y, H:i", without its general formatter."""
    return f"{value.day} {MONTHS_3[value.month].title()} {value.year}, {value:%H:%M}"


def bdi(value):
    """A name isolated from the text around it (a right-to-left name in a left-to-right
    sentence, or the other way round), escaped: for names put into translated sentences."""
    return Markup("<bdi>{}</bdi>").format(value)


def environment(**options):
    # Escaping is not optional here, whatever the settings say.
    options.pop("autoescape", None)
    extensions = [*options.pop("extensions", ()), "jinja2.ext.i18n"]
    env = Environment(autoescape=True, extensions=extensions, **options)
    # Django's translations, with Jinja2's new-style calls: ngettext(one, many, n) fills in
    # %(num)d itself and escapes what it is given.
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.filters["localtime"] = localtime
    env.filters["short_datetime"] = short_datetime
    env.filters["bdi"] = bdi
    return env
