from django.core.management.base import BaseCommand

from articles.demo import load_demo_content
from comments.demo import load_demo_comments
from comments.demo.feedback import load_demo_feedback
from donations.demo import load_demo_donations
from newsroom.pagecache import FUNDRAISING, SITE, public_pages_changed


class Command(BaseCommand):
    help = (
        "Load demo sections, tags, contributors and articles (with drawn lead images), "
        "discussions under the articles, passages open for inline feedback, confirmed "
        "subscriptions, and a fundraising campaign with its donations and support box. Safe "
        "to run again: existing content is left untouched, and an article (or passage) that "
        "has comments gets no demo comments."
    )

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(str(load_demo_content())))
        self.stdout.write(self.style.SUCCESS(str(load_demo_comments())))
        # After the discussions: an article with feedback already would get no demo threads.
        self.stdout.write(self.style.SUCCESS(str(load_demo_feedback())))
        self.stdout.write(self.style.SUCCESS(str(load_demo_donations())))
        # Pages and lists cached from before the demo content are stale now.
        public_pages_changed(SITE, FUNDRAISING)
