"""The shipped translation catalogues are complete and current (README, "Languages").

A catalogue fails when an entry is untranslated, fuzzy (a guess of msgmerge's that nobody
checked) or obsolete (a string the code no longer has); and the strings extracted afresh
from the code (`manage.py makemessages` into a temporary folder) must all be in it.
"""

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.core.management.commands import makemessages as django_makemessages
from django.core.management.utils import popen_wrapper

from newsroom.management.commands import compile_catalogues
from newsroom.management.commands.compile_catalogues import catalogue_files, is_translated

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
NO_GETTEXT = (
    "GNU gettext (xgettext) is not installed: run scripts/ensure-gettext "
    "(or: sudo apt-get install gettext) to check the extraction"
)


def read(path, locale=None):
    with Path(path).open("rb") as po_file:
        return read_po(po_file, locale=locale)


def listing(messages):
    return "\n".join(f"  {message.id!r}" for message in messages)


def test_every_language_but_the_default_has_a_catalogue():
    shipped = {path.parent.parent.name for path in catalogue_files()}
    assert shipped >= set(LANGUAGES)


@pytest.mark.parametrize("path", catalogue_files(), ids=lambda path: str(path.parent.parent.name))
def test_a_catalogue_has_every_entry_translated_and_checked(path):
    catalog = read(path, locale=path.parent.parent.name)
    messages = list(catalog)[1:]

    untranslated = [message for message in messages if not is_translated(message)]
    fuzzy = [message for message in messages if message.fuzzy]
    assert not untranslated, (
        f"{len(untranslated)} untranslated in {path}:\n{listing(untranslated)}"
    )
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {path}:\n{listing(fuzzy)}"
    assert not catalog.obsolete, f"obsolete in {path}:\n{listing(catalog.obsolete.values())}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason=NO_GETTEXT)
def test_every_string_of_the_code_is_in_the_catalogues(tmp_path):
    call_command("makemessages", locale=LANGUAGES, output_dir=tmp_path, verbosity=0)

    extracted_paths = sorted(tmp_path.glob("*/LC_MESSAGES/*.po"))
    assert extracted_paths, "makemessages extracted nothing"
    for extracted_path in extracted_paths:
        relative = extracted_path.relative_to(tmp_path)
        extracted = {message.id for message in list(read(extracted_path))[1:]}
        shipped_path = settings.BASE_DIR / "locale" / relative
        shipped = set()
        if shipped_path.exists():
            shipped = {message.id for message in list(read(shipped_path))[1:]}
        missing = sorted(extracted - shipped, key=str)
        assert not missing, (
            f"{len(missing)} strings of the code are not in locale/{relative}"
            " (run make messages):\n" + "\n".join(f"  {message!r}" for message in missing)
        )


def test_compiling_again_never_leaves_half_a_catalogue(tmp_path, settings, monkeypatch):
    """A test run or server that reads the catalogues while `make setup` compiles them again
    (CI's two passes start side by side) finds the old .mo or the new one, whole."""
    german = tmp_path / "de" / "LC_MESSAGES"
    german.mkdir(parents=True)
    shutil.copy(settings.BASE_DIR / "locale" / "de" / "LC_MESSAGES" / "django.po", german)
    settings.LOCALE_PATHS = [tmp_path]
    call_command("compile_catalogues", verbosity=0)
    compiled = (german / "django.mo").read_bytes()

    def write_half(mo_file, catalog, **options):
        mo_file.write(compiled[: len(compiled) // 2])
        raise OSError("interrupted")

    monkeypatch.setattr(compile_catalogues, "write_mo", write_half)
    with pytest.raises(OSError, match="interrupted"):
        call_command("compile_catalogues", verbosity=0)

    assert (german / "django.mo").read_bytes() == compiled
    assert sorted(path.name for path in german.iterdir()) == ["django.mo", "django.po"]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason=NO_GETTEXT)
def test_extracting_writes_nothing_beside_the_templates(tmp_path, monkeypatch):
    """Two extractions at once in one checkout (CI's two test passes side by side) cannot
    delete each other's preprocessed templates: none is written into the checkout."""
    beside = []

    def xgettext_and_look(args, **kwargs):
        beside.extend(settings.BASE_DIR.glob("templates/**/*.html.py"))
        return popen_wrapper(args, **kwargs)

    monkeypatch.setattr(django_makemessages, "popen_wrapper", xgettext_and_look)
    call_command("makemessages", locale=["de"], output_dir=tmp_path, verbosity=0)

    assert beside == []
    extracted = (tmp_path / "de" / "LC_MESSAGES" / "django.po").read_text()
    assert "#: templates/base.html:" in extracted  # where the template is, not its copy
