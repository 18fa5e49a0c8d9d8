from django.utils.functional import SimpleLazyObject

from . import selectors


def donations(request):
    """The goal bar (every page) and the support box (article pages), read only by pages that
    show them: from the shared cache, one query each when it is cold."""
    return {
        "goal_progress": SimpleLazyObject(selectors.goal_progress),
        "support_box": SimpleLazyObject(selectors.support_box),
    }
