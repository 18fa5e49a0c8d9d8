from django.urls import path

from . import views

app_name = "donations"

urlpatterns = [
    path("", views.donate, name="donate"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("thank-you/", views.thank_you, name="thank-you"),
    path("cancelled/", views.cancelled, name="cancelled"),
    path("stripe/webhook/", views.stripe_webhook, name="stripe-webhook"),
]
