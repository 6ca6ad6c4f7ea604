"""The words people read, one catalogue per language (`en.json`, `es.json`), looked up by a stable key.

Field errors are raised by the domain as codes (`domain/errors.py` FieldError.code); the handlers
turn them into the person's language here, so the domain holds no language. Which language: the
body's `lang` field, else the request's Accept-Language (q-values), else the practice's language
(PRACTICE_LANGUAGE). Why plain JSON and not gettext: docs/decisions.md. A test fails when a key is
in one catalogue and not the other (tests/unit/test_messages.py).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:
    from datetime import datetime

Language = Literal["en", "es"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
HERE = Path(__file__).resolve().parent


@cache
def catalogue(language: Language) -> dict[str, str]:
    data = json.loads((HERE / f"{language}.json").read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ValueError(f"messages/{language}.json must be one object of strings")
    return data


def text(language: Language, key: str, **params: object) -> str:
    """The message `key` in `language`, with its {placeholders} filled (KeyError when unknown)."""
    template = catalogue(language)[key]
    return template.format(**params) if params else template


def has(language: Language, key: str) -> bool:
    return key in catalogue(language)


def language_of(tag: object) -> Language | None:
    """The catalogue for a language tag ("es", "es-MX", "ES_us"), or None when we have none for it."""
    if not isinstance(tag, str):
        return None
    primary = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    return next((language for language in LANGUAGES if language == primary), None)


def from_accept_language(header: str | None) -> Language | None:
    """The best language of ours in an Accept-Language header (RFC 9110 12.5.4), or None."""
    best: tuple[float, int, Language] | None = None
    for position, item in enumerate((header or "").split(",")):
        tag, _, params = item.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        language = language_of(tag)
        # Highest q wins; among equals the earlier one (browsers list by preference).
        if language is not None and q > 0 and (best is None or q > best[0]):
            best = (q, position, language)
    return best[2] if best else None


def negotiate(lang_field: object, accept_language: str | None, default: Language) -> Language:
    """The language to answer in: the form's `lang`, else Accept-Language, else the practice's."""
    return language_of(lang_field) or from_accept_language(accept_language) or default


def long_date(when: datetime, language: Language) -> str:
    """ "Tuesday, December 8" / "martes 8 de diciembre", from the catalogue (no locale needed)."""
    return text(
        language,
        "date.long",
        weekday=text(language, f"date.weekday.{when.weekday()}"),
        month=text(language, f"date.month.{when.month}"),
        day=when.day,
    )
