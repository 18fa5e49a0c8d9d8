from django.conf import settings
from django.core.checks import Warning, register


@register()
def stripe_keys_come_in_pairs(app_configs, **kwargs):
    """One Stripe key without the other leaves card payments off; say so at start."""
    secret, webhook = bool(settings.STRIPE_SECRET_KEY), bool(settings.STRIPE_WEBHOOK_SECRET)
    if secret == webhook:
        return []
    present, missing = (
        ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET")
        if secret
        else ("STRIPE_WEBHOOK_SECRET", "STRIPE_SECRET_KEY")
    )
    return [
        Warning(
            f"{present} is set but {missing} is not, so the donate page takes no cards.",
            hint=f"Set {missing} too, or unset {present}.",
            id="donations.W001",
        )
    ]
