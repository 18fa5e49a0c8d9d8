"""The support box's texts, one per language (django-modeltranslation; newsroom/translated.py):
an empty one reads as the default language's."""

from modeltranslation.translator import TranslationOptions, register

from newsroom.translated import EMPTY, other_languages_start_empty, required_as_the_model_says

from .models import SupportBox


@register(SupportBox)
class SupportBoxTexts(TranslationOptions):
    fields = ("heading", "appeal", "other_ways")
    field_options = other_languages_start_empty(fields)
    required_languages = required_as_the_model_says(fields)
    fallback_undefined = EMPTY
