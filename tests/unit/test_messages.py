"""The catalogues: the same messages in every language, every code the domain raises worded, and the choice of language."""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest

from leadcapture.intake.domain import contract
from leadcapture.intake.domain.contract import ConsultationRequest
from leadcapture.intake.domain.turnstile import TOKEN_FIELD
from leadcapture.intake.web.answer_table import TABLE
from leadcapture.intake.website import form_fields
from leadcapture.kernel import fields, messages
from leadcapture.kernel.lead import split_name


def missing_anywhere(catalogues: dict[str, dict[str, str]]) -> dict[str, set[str]]:
    """For each language, the keys another language has and it has not."""
    every = set().union(*catalogues.values())
    return {language: every - set(words) for language, words in catalogues.items() if every - set(words)}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_exists_in_every_language() -> None:
    catalogues: dict[str, dict[str, str]] = {language: messages.catalogue(language) for language in messages.LANGUAGES}
    assert missing_anywhere(catalogues) == {}
    for key, english in catalogues["en"].items():
        for language, words in catalogues.items():
            assert placeholders(words[key]) == placeholders(english), (language, key)


def test_a_message_in_one_language_only_is_found(tmp_path: Path) -> None:
    # The check above on catalogues that differ: it names the language and the key.
    en = {"error.missing": "is required", "error.new": "is new"}
    es = {"error.missing": "es obligatorio"}
    assert missing_anywhere({"en": en, "es": es}) == {"es": {"error.new"}}
    files = sorted(messages.HERE.glob("*.json"))
    assert [f.stem for f in files] == sorted(messages.LANGUAGES)
    assert all(isinstance(json.loads(f.read_text("utf-8")), dict) for f in files)


def test_every_code_the_domain_raises_has_words() -> None:
    codes = set(fields._CODES.values()) | set(fields._OWN_TYPES)
    codes |= {"invalid", "repeated", "contact_required", "email_required_for_email", "phone_required_for_phone"}
    codes |= {"phone_required_for_text", "sms_consent_required"}
    source = Path(fields.__file__).read_text("utf-8") + Path(contract.__file__).read_text("utf-8")
    for code in codes:
        assert messages.has("en", f"error.{code}"), code
    for literal in ("repeated", "contact_required", "email_required_for_email", "sms_consent_required"):
        assert f'"{literal}"' in source
    for answer in TABLE.values():
        assert messages.has("en", f"problem.{answer.reason}.title") and messages.has("en", f"problem.{answer.reason}.detail")


def test_the_contract_fields_are_the_models() -> None:
    assert set(form_fields.CONTRACT_FIELDS) == set(ConsultationRequest.model_fields) | {TOKEN_FIELD}
    for preset in form_fields.PRESETS.values():
        assert set(preset.aliases.values()) <= set(form_fields.CONTRACT_FIELDS)


@pytest.mark.parametrize(
    ("lang", "accept", "expected"),
    [
        ("es", "en", "es"),
        ("es-MX", None, "es"),
        ("fr", "es;q=0.8, en;q=0.5", "es"),
        (None, "fr-CA, es-419;q=0.7, en;q=0.9", "en"),
        (None, "es, en", "es"),
        (None, "es;q=0, en;q=0.1", "en"),
        (None, "de, fr", "en"),
        (None, "es;q=bad, en;q=0.2", "en"),
        (42, None, "en"),
    ],
)
def test_the_language_is_the_forms_then_the_browsers_then_the_practices(lang: object, accept: str | None, expected: str) -> None:
    assert messages.negotiate(lang, accept, "en") == expected


def test_the_practice_language_is_the_default() -> None:
    assert messages.negotiate(None, None, "es") == "es"


@pytest.mark.parametrize(
    ("full", "language", "expected"),
    [
        ("Ana María López García", None, ("Ana María", "López García")),
        ("Ana María López García", "es", ("Ana María", "López García")),
        ("Juan López García", "es", ("Juan", "López García")),
        ("Mary Ann Smith", "en", ("Mary Ann", "Smith")),
        ("José de la Cruz", "es", ("José", "de la Cruz")),
        ("Sam Rivera", None, ("Sam", "Rivera")),
        ("Cher", None, ("Cher", "")),
        ("  Ana   López ", None, ("Ana", "López")),
    ],
)
def test_a_full_name_is_split_for_the_subject(full: str, language: str | None, expected: tuple[str, str]) -> None:
    assert split_name(full, language=language) == expected


def test_the_persons_messages_are_in_the_email_docs_word_for_word() -> None:
    # Issue 23: docs/email.md "The person's messages" shows the exact texts in both languages.
    docs = (Path(__file__).resolve().parents[2] / "docs" / "email.md").read_text(encoding="utf-8")
    for language in messages.LANGUAGES:
        for key, words in messages.catalogue(language).items():
            if key.startswith("person."):
                shown = words.replace("{date}", "Monday, December 7" if language == "en" else "lunes 7 de diciembre")
                assert shown in docs, (language, key)
