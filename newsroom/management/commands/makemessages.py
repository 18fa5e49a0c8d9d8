"""`manage.py makemessages`: Django's, which also reads the Jinja2 templates.

Django's command reads Python files and Django templates. The Jinja2 templates
(templates/jinja2/**: `_()`, `gettext()`, `ngettext()`, `{% trans %}`) are read by Jinja2's
own extractor through Babel, and their messages join the `django` template before msguniq and
msgmerge, so that one catalogue per language holds them all.

Without `--domain`, both domains are made in one run: `django` (Python, templates) and
`djangojs` (static/js, served by the JavaScript catalogue). Without `--locale`, every
language of settings.LANGUAGES but the default. `--output-dir DIR` writes the templates
(`--keep-pot`) and catalogues there instead of locale/, leaving the shipped ones alone (the
catalogue test compares them).

Django's command writes each template's preprocessed copy beside the template
(`x.html.py`) and deletes it afterwards, so two runs at once in one checkout (CI's two test
passes side by side each run the catalogue test) delete each other's copies midway; here
the copies go to a folder of this run's own.
"""

import io
import os
import re
import tempfile
from functools import cached_property
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import write_po
from django.conf import settings
from django.core.management.commands import makemessages

JINJA2_DIR = Path("templates") / "jinja2"
# What Jinja2's extractor must know of our environment (newsroom/jinja2.py, settings).
JINJA2_OPTIONS = {
    "extensions": "jinja2.ext.i18n",
    "trim_blocks": "true",
    "lstrip_blocks": "true",
    "newstyle_gettext": "true",
    "silent": "false",
}
DOMAINS = ("django", "djangojs")


class BuildFile(makemessages.BuildFile):
    """Django's, with a template's preprocessed copy in the run's own folder."""

    @cached_property
    def work_path(self):
        if not self.is_templatized:
            return self.path
        return os.path.join(self.command.work_dir, os.path.normpath(self.path) + ".py")

    def preprocess(self):
        if self.is_templatized:
            os.makedirs(os.path.dirname(self.work_path), exist_ok=True)
        super().preprocess()

    def postprocess_messages(self, msgs):
        """The messages' locations name the template, not its copy."""
        if not self.is_templatized:
            return msgs
        copy, template = self.work_path, os.path.normpath(self.path)
        return re.sub(
            r"^(#: .*)(" + re.escape(copy) + r")",
            lambda match: match[0].replace(copy, template),
            msgs,
            flags=re.MULTILINE,
        )


class Command(makemessages.Command):
    help = "Extract the translatable strings of Python, Django and Jinja2 templates and JS."
    build_file_class = BuildFile

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(domain=None)
        parser.add_argument(
            "--output-dir",
            help="Write the catalogues (and templates) into this folder, not locale/.",
        )

    def handle(self, *args, **options):
        self.output_dir = options.pop("output_dir")
        if self.output_dir:
            self.output_dir = os.path.abspath(self.output_dir)
            options["keep_pot"] = True
        if not (options["locale"] or options["exclude"] or options["all"]):
            options["locale"] = [
                code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
            ]
        domains = [options["domain"]] if options["domain"] else DOMAINS
        # Django's template pass would misread Jinja2's syntax: Babel reads those. The tests
        # and benchmarks show nothing to a reader. `make serve` collects the static files
        # (the admin's own scripts among them) into staticfiles/, and uploads go to media/:
        # neither is our code.
        options["ignore_patterns"] = [
            *options["ignore_patterns"],
            str(JINJA2_DIR),
            "tests",
            "bench",
            "staticfiles",
            "media",
        ]
        with tempfile.TemporaryDirectory(prefix="makemessages-") as self.work_dir:
            for domain in domains:
                super().handle(*args, **{**options, "domain": domain})

    def find_files(self, root):
        found = super().find_files(root)
        if self.output_dir:
            os.makedirs(self.output_dir, exist_ok=True)
            self.locale_paths = [self.output_dir]
            self.default_locale_path = self.output_dir
            for translatable in found:
                translatable.locale_dir = self.output_dir
        return found

    def process_files(self, file_list):
        super().process_files(file_list)
        if self.domain != "django":
            return
        messages = jinja2_messages(JINJA2_DIR)
        if not len(messages):
            return
        potfile = os.path.join(self.output_dir or self.default_locale_path, "django.pot")
        # The entries without a header: xgettext's header comes first, and msguniq (run
        # next by Django) merges an entry found in both kinds of template.
        with open(potfile, "a", encoding="utf-8") as fp:
            fp.write("\n" + jinja2_pot_entries(messages))

    def write_po_file(self, potfile, locale):
        pofile = Path(potfile).parent / locale / "LC_MESSAGES" / f"{self.domain}.po"
        new = not pofile.exists()
        super().write_po_file(potfile, locale)
        if new:
            pofile.write_text(with_our_header(pofile.read_text(encoding="utf-8"), locale))


def with_our_header(text, locale):
    """A new catalogue's header, filled in: xgettext leaves placeholders and marks it fuzzy."""
    head, sep, rest = text.partition("\n\n#: ")
    head = re.sub(r"\A(#.*\n)+", "", head)
    head = head.replace("PACKAGE VERSION", "Newsroom")
    head = head.replace('"Language: \\n"', f'"Language: {locale}\\n"')
    head = re.sub(r'"(Last-Translator|Language-Team): .*\\n"\n', "", head)
    comment = f"# {locale} translations of Newsroom: make messages (README, Languages).\n"
    return comment + head + sep + rest


def jinja2_messages(directory):
    """A Babel catalogue of the strings marked in the Jinja2 templates under `directory`."""
    catalog = Catalog()
    for path in sorted(Path(directory).rglob("*.html")):
        for lineno, message, comments, context in extract_from_file(
            "jinja2.ext:babel_extract",
            path,
            keywords=DEFAULT_KEYWORDS,
            options=JINJA2_OPTIONS,
        ):
            catalog.add(
                message,
                locations=[(path.as_posix(), lineno)],
                auto_comments=comments,
                context=context,
            )
    return catalog


def jinja2_pot_entries(catalog):
    buffer = io.BytesIO()
    write_po(buffer, catalog, omit_header=True, width=79, sort_output=False)
    return buffer.getvalue().decode("utf-8")
