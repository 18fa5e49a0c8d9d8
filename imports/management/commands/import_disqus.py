import os

from django.core.management.base import BaseCommand, CommandError

from imports import disqus
from imports.progress import Progress
from imports.xmlstream import ExportError


class Command(BaseCommand):
    help = (
        "Import a Disqus export: threads matched to articles by their old link or "
        "identifier, their posts as comments. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .xml file Disqus exported.")
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="A draft article for each thread that matches none, so no comment is lost.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; write nothing."
        )

    def handle(self, *args, path, dry_run=False, create_missing=False, **options):
        job = disqus.DisqusImport(dry_run=dry_run, create_missing=create_missing)
        try:
            size = os.path.getsize(path)
            for kind, handler in (("thread", job.thread), ("post", job.post)):
                progress = Progress(
                    self.stderr,
                    total_bytes=size,
                    enabled=self.stderr.isatty() and options.get("verbosity", 1) > 0,
                )
                with open(path, "rb") as handle:
                    try:
                        for record in disqus.read(handle, kind, on_progress=progress.update):
                            handler(record)
                    finally:
                        progress.close()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}.") from None
        except ExportError as error:
            job.finish(whole_file=False)
            self._summary(job, dry_run)
            more = ""
            if job.counts:
                more = (
                    " Everything before it was imported; mend the file and run the command "
                    "again to continue."
                )
            raise CommandError(f"{path}: {error}.{more}") from None
        job.finish()
        self._summary(job, dry_run)

    def _summary(self, job, dry_run):
        title = "Dry run: nothing was written. It would import:" if dry_run else "Imported:"
        self.stdout.write(title)
        for name, count in sorted(job.counts.items()):
            if count:
                self.stdout.write(f"  {name}: {count}")
        for title, link in job.unmatched:
            self.stdout.write(f"  no article for thread “{title}” {link}")
