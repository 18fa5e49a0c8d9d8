from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from donations.services import giving_statements_queue


class Command(BaseCommand):
    help = (
        "Email every donor a statement of their confirmed gifts in YEAR, through the outbox. "
        "Safe to run again: a donor gets one statement a year."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)

    def handle(self, *args, year, **options):
        if not 2000 <= year <= timezone.localdate().year:
            raise CommandError(f"{year} is not a year we could have received gifts in.")
        queued = giving_statements_queue(year=year)
        self.stdout.write(f"{queued} statement(s) for {year} queued.")
