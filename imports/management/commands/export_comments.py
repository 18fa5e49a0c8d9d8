import sys

from django.core.management.base import BaseCommand, CommandError

from imports.export import write_comments_json


class Command(BaseCommand):
    help = (
        "Write every comment with its thread, counts and status, article by article "
        '(the schema is in the README, "Leave freely").'
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("--output", help="A file to write; standard output if not given.")

    def handle(self, *args, output=None, **options):
        if output is None:
            write_comments_json(_Unbroken(self.stdout))
            return
        try:
            with open(output, "w", encoding="utf-8") as out:
                write_comments_json(out)
        except OSError as error:
            raise CommandError(f"{output}: {error.strerror}.") from None
        sys.stderr.write(f"Wrote {output}.\n")


class _Unbroken:
    """The command's output without the line ending it adds to each write."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text):
        self.stream.write(text, ending="")
