from django.core.management.base import BaseCommand

from articles.demo import load_demo_content


class Command(BaseCommand):
    help = (
        "Load demo sections, tags, contributors and articles (with drawn lead images). "
        "Safe to run again: existing content, matched by slug, is left untouched."
    )

    def handle(self, *args, **options):
        summary = load_demo_content()
        self.stdout.write(self.style.SUCCESS(str(summary)))
