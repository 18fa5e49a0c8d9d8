from django.urls import path

from . import views

app_name = "donations"

urlpatterns = [
    path("", views.donate, name="donate"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("manage/<str:token>/<id:pk>/cancel/", views.manage_cancel, name="manage-cancel"),
    path("manage/<str:token>/<id:pk>/change/", views.manage_change, name="manage-change"),
    path("thank-you/", views.thank_you, name="thank-you"),
    path("cancelled/", views.cancelled, name="cancelled"),
    path("stripe/webhook/", views.stripe_webhook, name="stripe-webhook"),
]
