from django.core.management.base import BaseCommand, CommandError

from imports.export import write_wxr


class Command(BaseCommand):
    help = (
        "Write every article and its comments (threads, statuses, votes) as a WordPress "
        "export (WXR 1.2) that WordPress's importer and import_wordpress both read."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the .xml file.")

    def handle(self, *args, path, **options):
        try:
            with open(path, "w", encoding="utf-8") as out:
                write_wxr(out)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}.") from None
        self.stdout.write(f"Wrote {path}.")
