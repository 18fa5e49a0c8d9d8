"""Texts edited in the admin with a value per language (django-modeltranslation: each app's
translation.py registers its fields; settings MODELTRANSLATION_*).

A model's default text is the default language's. The other languages' columns start empty,
and an empty one reads as the default language's (the fallback), so a text nobody
translated is shown as it is written now, never as an old copy of it."""

from django.conf import settings

# `fallback_undefined` for TranslationOptions: a box the admin saved empty ("") reads as the
# default language's text, as one never filled in (NULL) does.
EMPTY = ""


def other_languages_start_empty(fields):
    """`field_options` for TranslationOptions: the default language keeps the model's
    default, every other language starts with none."""
    return {
        name: {settings.MODELTRANSLATION_DEFAULT_LANGUAGE: {}, "default": {"default": None}}
        for name in fields
    }


def required_as_the_model_says(fields):
    """`required_languages` for TranslationOptions: the default language's text is required
    where the model requires it; the other languages' may always be left empty."""
    return {settings.MODELTRANSLATION_DEFAULT_LANGUAGE: tuple(fields)}
