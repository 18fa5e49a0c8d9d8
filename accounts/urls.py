"""Our own account pages; allauth's live beside them under /accounts/ (newsroom/urls.py)."""

from django.urls import path
from django.views.generic import RedirectView

app_name = "accounts"

urlpatterns = [
    # The addresses of the accounts before allauth, kept working (with their ?next=).
    path(
        "sign-in/",
        RedirectView.as_view(pattern_name="account_login", permanent=True, query_string=True),
        name="sign-in",
    ),
    path(
        "sign-up/",
        RedirectView.as_view(pattern_name="account_signup", permanent=True, query_string=True),
        name="sign-up",
    ),
]
