"""What the person function reads from its environment (template.yaml's PersonFunction).

The emails to the person (docs/email.md "The person's messages"): the acknowledgement they may ask
for, and the close note a coordinator may choose to send. Both come from the practice's sender
(SENDER_EMAIL) with Reply-To the first coordinator (COORDINATOR_EMAILS), through a configuration set
of their own (PERSON_EMAIL_CONFIGURATION_SET). The promise is the practice's business calendar.
"""

from __future__ import annotations

import json
from typing import Annotated, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, SecretStr, StringConstraints, model_validator

from leadcapture.kernel.messages import LANGUAGES, Language
from leadcapture.kernel.settings.base import Required
from leadcapture.kernel.settings.mail import Coordinators
from leadcapture.kernel.settings.practice import BusinessHours
from leadcapture.kernel.settings.tables import IdempotencyTable, LeadsTable
from leadcapture.kernel.text import has_encoded_word, unsafe_character

SUBJECT_MAX = 100


def _plain(value: str) -> str:
    """Text we write into a message: no control or invisible character, no MIME encoded word."""
    bad = unsafe_character(value)
    if bad is not None:
        raise ValueError(f"must not contain control or invisible characters ({bad})")
    if has_encoded_word(value):
        raise ValueError("must not contain MIME encoded words")
    return value


Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class Referral(BaseModel):
    """One place the practice refers people to: a name, and a phone number and/or an https link."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Line
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=30, pattern=r"^[0-9+()./ -]*$")] = ""
    url: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200, pattern=r"^(https://[^\s<>\"']+)?$")] = ""

    @model_validator(mode="after")
    def _reachable(self) -> Self:
        _plain(self.name)
        if not (self.phone or self.url):
            raise ValueError(f"{self.name!r} needs a phone number or an https link")
        return self


def _referrals(value: object) -> object:
    """REFERRALS: JSON, a list (every language) or {"en": [...], "es": [...]}; empty: none."""
    if isinstance(value, str):
        if not value.strip():
            return {}
        try:
            value = json.loads(value)
        except ValueError:
            raise ValueError("REFERRALS must be JSON: a list of {name, phone, url}, or one such list per language") from None
    if isinstance(value, list):
        return dict.fromkeys(LANGUAGES, value)
    if isinstance(value, dict) and not set(value) <= set(LANGUAGES):
        raise ValueError(f"REFERRALS: languages must be among {', '.join(LANGUAGES)}")
    return value


def _subjects(value: object) -> object:
    """ACKNOWLEDGEMENT_SUBJECT: one subject for every language, or "en=...|es=..." per language; empty: the catalogue's."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return {}
    if not any(text.startswith(f"{language}=") for language in LANGUAGES):
        return dict.fromkeys(LANGUAGES, text)
    subjects: dict[str, str] = {}
    for entry in (part.strip() for part in text.split("|") if part.strip()):
        language, sep, subject = (side.strip() for side in entry.partition("="))
        if not sep or language not in LANGUAGES or not subject:
            raise ValueError(f"{entry!r} is not language=subject with a language of {', '.join(LANGUAGES)}")
        subjects[language] = subject
    return subjects


Subject = Annotated[str, StringConstraints(max_length=SUBJECT_MAX), BeforeValidator(lambda v: _plain(v) if isinstance(v, str) else v)]


class PersonSettings(LeadsTable, IdempotencyTable, Coordinators, BusinessHours):
    """The leads stream -> the person's acknowledgement (INSERT) and close note (MODIFY), each once."""

    sender_email: Required = Field(alias="SENDER_EMAIL")
    # A configuration set of the person's emails: their SES events reach the events function, and
    # SES's own bounce count of the coordinator emails (SesRejectsAlarm) is not theirs.
    person_email_configuration_set: str = Field("", alias="PERSON_EMAIL_CONFIGURATION_SET")
    # The person's language when the lead has none (leads from before it was kept).
    practice_language: Language = Field("en", alias="PRACTICE_LANGUAGE")
    # At most one acknowledgement per address per 24 hours: a record keyed by an HMAC of the address,
    # in the rate-limit table, with the rate limit's key (Secrets Manager; RATE_LIMIT_KEY locally).
    rate_limit_table_name: Required = Field(alias="RATE_LIMIT_TABLE_NAME")
    rate_limit_key_secret: str = Field("", alias="RATE_LIMIT_KEY_SECRET")
    rate_limit_key: SecretStr = Field(SecretStr(""), alias="RATE_LIMIT_KEY")
    # The acknowledgement's subject; empty: "Your request was received" in the person's language.
    acknowledgement_subject: Annotated[dict[Language, Subject], BeforeValidator(_subjects)] = Field({}, alias="ACKNOWLEDGEMENT_SUBJECT")
    # Where the "not a fit" note refers people, per language (docs/deploy.md "The person's messages").
    referrals: Annotated[dict[Language, tuple[Referral, ...]], BeforeValidator(_referrals)] = Field({}, alias="REFERRALS")

    def environment(self, *, exclude: frozenset[str] = frozenset()) -> dict[str, str]:
        """As FunctionSettings does, with the two structured values spelled as their variables take them."""
        out = super().environment(exclude=exclude)
        if "REFERRALS" in out:
            plain = {language: [r.model_dump(exclude_defaults=True) for r in listed] for language, listed in self.referrals.items()}
            out["REFERRALS"] = json.dumps(plain, ensure_ascii=False) if plain else ""
        if "ACKNOWLEDGEMENT_SUBJECT" in out:
            out["ACKNOWLEDGEMENT_SUBJECT"] = "|".join(f"{language}={subject}" for language, subject in self.acknowledgement_subject.items())
        return out

    @property
    def reply_to(self) -> str:
        """The coordinator a person's reply reaches: the first of COORDINATOR_EMAILS."""
        return self.coordinator_emails[0]

    def referrals_in(self, language: Language) -> tuple[Referral, ...]:
        """The language's list, else English's (a practice with one list writes it once)."""
        return self.referrals.get(language) or self.referrals.get("en") or ()
