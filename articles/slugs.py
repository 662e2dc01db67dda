"""Slugs, the words of a URL: ASCII for text in Latin letters ("Fußball" → "fussball"), the text's own
letters otherwise ("国際", "157-миллионов-за-бездействие", "समस्तीपुर-पुलिस"), so that no title or
section is reduced to nothing, to a number or to its consonants in its address."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from django.db import models
from django.utils.text import slugify

# Letters NFKD does not take apart: "Fußball" is "fussball" in a URL, never "fuball".
LATIN_LETTERS = str.maketrans(
    {"ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D"}
    | {"ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ł": "l", "Ł": "L", "ı": "i", "ŀ": "l", "Ŀ": "L"}
)
# Pointing a writer may put or leave out: Hebrew's points, Arabic's short vowels, Quranic marks and tatweel.
# Other scripts' marks are letters of the word (Devanagari's ि, Thai's ั): a slug keeps them.
OPTIONAL_POINTING = re.compile(r"[\u0591-\u05c7\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed]")


def slug(text, max_length):
    """`text`'s slug, at most `max_length` characters; letters other than Latin ones are kept as they are."""
    latin = "".join(
        ch for ch in unicodedata.normalize("NFKD", text.translate(LATIN_LETTERS)) if not unicodedata.combining(ch)
    )
    if any(ch.isalpha() and not ch.isascii() for ch in latin):  # "国際", "モバイルPC": not Latin letters
        return _own_letters(text)[:max_length].strip("-")
    return slugify(latin)[:max_length].strip("-")


def _in_a_word(ch):
    """A letter, a digit, "_" (what `\\w` matches) or a mark (which it does not: "पुलिस" is not "पलस")."""
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


def _own_letters(text):
    """Django's slugify(allow_unicode=True), the marks of the word kept."""
    value = OPTIONAL_POINTING.sub("", unicodedata.normalize("NFKC", text)).lower()
    value = "".join(ch for ch in value if _in_a_word(ch) or ch == "-" or ch.isspace())
    return re.sub(r"[-\s]+", "-", value).strip("-_")


def validate_slug(value):
    """A slug of this module's making, or an editor's: words (letters, digits, marks, "_") and hyphens."""
    if not value or not all(_in_a_word(ch) or ch == "-" for ch in value):
        raise ValidationError(
            "Une adresse s’écrit en lettres, chiffres, traits d’union et tirets bas, sans espace.", code="invalid"
        )


class SlugField(models.SlugField):
    """Django's SlugField, which admits a script's marks: its validator, `\\w`, rejects "पुलिस"."""

    default_validators = [validate_slug]

    def __init__(self, *args, **kwargs):
        # Unicode set after: Django's would put its own validator in place of this class's.
        super().__init__(*args, **{**kwargs, "allow_unicode": False})
        self.allow_unicode = True

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("allow_unicode", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        # forms.SlugField(allow_unicode=True), so that the admin's prepopulated slug keeps a name's own
        # letters; its `\w` validator replaced by this module's.
        field = super().formfield(**kwargs)
        field.validators = [validate_slug if v is validate_unicode_slug else v for v in field.validators]
        return field
