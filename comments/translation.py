"""The discussion's texts that editors write per language (django-modeltranslation;
newsroom/translated.py): the emails about moderation and the comment bubble's prompt. An
empty one reads as the default language's."""

from modeltranslation.translator import TranslationOptions, register

from newsroom.translated import EMPTY, other_languages_start_empty, required_as_the_model_says

from .models import DiscussionTexts, ModerationEmails
from .models.wording import PLACEHOLDERS


@register(ModerationEmails)
class ModerationEmailsTexts(TranslationOptions):
    fields = tuple(f"{email}_{part}" for email in PLACEHOLDERS for part in ("subject", "body"))
    field_options = other_languages_start_empty(fields)
    required_languages = required_as_the_model_says(fields)
    fallback_undefined = EMPTY


@register(DiscussionTexts)
class DiscussionTextsTexts(TranslationOptions):
    fields = ("bubble_prompt",)
    field_options = other_languages_start_empty(fields)
    required_languages = required_as_the_model_says(fields)
    fallback_undefined = EMPTY
