from django.utils.functional import SimpleLazyObject

from . import selectors
from .thanks import thanks_donor


def donations(request):
    """The goal bar (every page) and the support box (article pages), read only by pages that
    show them: from the shared cache, one query each when it is cold. A reader who gave
    lately is thanked instead of asked (donations.thanks)."""
    return {
        "goal_progress": SimpleLazyObject(selectors.goal_progress),
        "support_box": SimpleLazyObject(selectors.support_box),
        "thanked_donor": SimpleLazyObject(
            lambda: thanks_donor(request, days=selectors.support_box().thank_donors_days)
        ),
    }
