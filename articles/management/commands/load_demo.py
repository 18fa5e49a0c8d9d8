from django.core.management.base import BaseCommand

from articles.demo import load_demo_content
from donations.demo import load_demo_donations


class Command(BaseCommand):
    help = (
        "Load demo sections, tags, contributors and articles (with drawn lead images), and a "
        "fundraising campaign with its donations and support box. Safe to run again: existing "
        "content is left untouched."
    )

    def handle(self, *args, **options):
        summary = load_demo_content()
        self.stdout.write(self.style.SUCCESS(str(summary)))
        donations = load_demo_donations()
        self.stdout.write(self.style.SUCCESS(str(donations)))
