import os

from django.core.management.base import BaseCommand, CommandError

from imports import wxr
from imports.progress import Progress
from imports.wordpress import WordPressImport
from imports.xmlstream import ExportError


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.0–1.2): posts as articles, their comments with "
        "wpDiscuz votes, pages, authors, categories and tags, and old links. Safe to run "
        "again: what is unchanged is skipped, nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .xml file from Tools → Export in WordPress.")
        parser.add_argument(
            "--media-dir",
            help="A copy of wp-content/uploads: featured images become lead images.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; write nothing."
        )

    def handle(self, *args, path, media_dir=None, dry_run=False, **options):
        if media_dir and not os.path.isdir(media_dir):
            raise CommandError(f"--media-dir {media_dir}: no such folder.")
        try:
            handle = open(path, "rb")
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}.") from None
        job = WordPressImport(dry_run=dry_run, media_dir=media_dir)
        progress = Progress(
            self.stderr,
            total_bytes=os.fstat(handle.fileno()).st_size,
            enabled=self.stderr.isatty() and options.get("verbosity", 1) > 0,
        )
        failure = None
        try:
            with handle:
                try:
                    for kind, record in wxr.read(
                        handle,
                        on_progress=lambda done: progress.update(done, f"{job.posts_done} posts"),
                    ):
                        if kind == "channel":
                            job.channel(record)
                        else:
                            job.item(record)
                except ExportError as error:
                    failure = error
                finally:
                    progress.close()
            if job.site:
                job.finish()
        finally:
            job.close()  # the worker process, also when writing failed
        self._summary(job, dry_run)
        if failure is not None:
            more = ""
            if job.site:
                more = (
                    " Everything before it was imported; mend the file and run the command "
                    "again to continue."
                )
            raise CommandError(f"{path}: {failure}.{more}")

    def _summary(self, job, dry_run):
        title = "Dry run: nothing was written. It would import:" if dry_run else "Imported:"
        self.stdout.write(title)
        for name, count in sorted(job.counts.items()):
            if count:
                self.stdout.write(f"  {name}: {count}")
        if job.shortcodes:
            removed = ", ".join(f"[{name}] × {n}" for name, n in job.shortcodes.most_common())
            self.stdout.write(f"  shortcodes removed: {removed}")
        for line in job.refused[:20]:
            self.stdout.write(f"  refused image {line}")
