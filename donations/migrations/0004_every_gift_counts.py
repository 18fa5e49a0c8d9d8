"""Every gift counts: a gift recorded without a campaign now counts towards the active
campaign whose period contains its date, if that campaign counts gifts in its currency."""

from django.db import migrations
from django.utils import timezone


def assign_campaigns(apps, schema_editor):
    Campaign = apps.get_model("donations", "Campaign")
    Donation = apps.get_model("donations", "Donation")
    campaigns = list(Campaign.objects.filter(active=True).order_by("-start_date", "-pk"))
    if not campaigns:
        return
    for donation in Donation.objects.filter(campaign__isnull=True).iterator():
        day = timezone.localdate(donation.created)
        for campaign in campaigns:
            if (
                campaign.currency == donation.currency
                and campaign.start_date <= day
                and (campaign.end_date is None or campaign.end_date >= day)
            ):
                Donation.objects.filter(pk=donation.pk).update(campaign=campaign)
                break


class Migration(migrations.Migration):
    dependencies = [("donations", "0003_stretch_goal")]

    operations = [migrations.RunPython(assign_campaigns, migrations.RunPython.noop)]
