"""`manage.py compile_catalogues`: locale/*/LC_MESSAGES/*.po into the .mo files Django reads.

Pure Python (Babel's reader and writer), so that `make setup` works on a machine without
GNU gettext, where Django's own compilemessages (which runs msgfmt) cannot. Untranslated
and fuzzy entries are left out, as msgfmt leaves them out: the page shows the English text.
The .mo files are not kept in git; they are made again from the .po files. Each is written
beside its place and then moved into it, so that a process reading the catalogues meanwhile
(a test run or server started while `make setup` runs again, as in CI's two passes side by
side) reads the old file or the new one, never half of one.
"""

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


def is_translated(message):
    """Whether every form of a message has its translation (a plural has several)."""
    forms = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    return all(forms)


def catalogue_files():
    """Every shipped catalogue: locale/<language>/LC_MESSAGES/<domain>.po."""
    return sorted(
        po for folder in settings.LOCALE_PATHS for po in Path(folder).glob("*/LC_MESSAGES/*.po")
    )


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po) into .mo files, without GNU gettext."

    def handle(self, *args, **options):
        for po_path in catalogue_files():
            locale = po_path.parent.parent.name
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=locale, abort_invalid=True)
            total = len(catalog)
            # Babel would keep a plural with empty forms, which gettext would then show as
            # an empty text: only complete messages go in.
            for message in list(catalog)[1:]:
                if not is_translated(message):
                    catalog.delete(message.id, context=message.context)
            mo_path = po_path.with_suffix(".mo")
            handle, partial = tempfile.mkstemp(dir=mo_path.parent, prefix=".", suffix=".mo")
            try:
                with os.fdopen(handle, "wb") as mo_file:
                    write_mo(mo_file, catalog, use_fuzzy=False)
                Path(partial).chmod(0o644)
                Path(partial).replace(mo_path)
            except BaseException:
                Path(partial).unlink(missing_ok=True)
                raise
            if options["verbosity"]:
                self.stdout.write(f"{mo_path}: {len(catalog)} of {total} messages translated")
