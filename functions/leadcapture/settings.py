"""Settings: everything the functions read from their environment, as one typed object.

`wiring.py` reads them once per process.

The same variable names are used in AWS (set by template.yaml) and locally (set by the local
stack), so a setting means one thing everywhere. Values here are configuration, never personal
data, so a bad value may be named in a start-up error.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, time
from typing import Annotated, get_args
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, SecretStr, field_validator

from . import form_fields
from .messages import Language
from .origins import normal_origin


def _csv(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _flag(value: object) -> object:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return value


def _aliases(value: object) -> object:
    return form_fields.parse_aliases(value) if isinstance(value, str) else value


def _pairs(value: object, setting: str) -> object:
    if not isinstance(value, str):
        return value
    pairs: dict[str, str] = {}
    for entry in filter(None, (part.strip() for part in value.split(","))):
        key, sep, url = (side.strip() for side in entry.partition("="))
        if not sep or key not in get_args(Language) or not url:
            raise ValueError(f"{setting}: {entry!r} is not language=url with a language of {', '.join(get_args(Language))}")
        pairs[key] = url
    return pairs


CsvList = Annotated[tuple[str, ...], BeforeValidator(_csv)]
Flag = Annotated[bool, BeforeValidator(_flag)]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = {
    name: i
    for i, names in enumerate(zip(WEEKDAYS, ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), strict=True))
    for name in names
}


def _weekdays(value: object) -> object:
    """ "Mon-Fri", "Mon,Wed,Fri" or "Sun-Thu" -> the weekday numbers (Monday 0), in order."""
    if not isinstance(value, str):
        return value
    days: set[int] = set()
    for part in (p.strip().lower() for p in value.split(",") if p.strip()):
        first, _, last = (name.strip() for name in part.partition("-"))
        if first not in _DAY_NAMES or (last and last not in _DAY_NAMES):
            raise ValueError(f"{part!r} is not a day name or a range of them (Mon-Fri)")
        start = _DAY_NAMES[first]
        end = _DAY_NAMES[last] if last else start
        days.update((start + i) % 7 for i in range((end - start) % 7 + 1))
    if not days:
        raise ValueError("at least one business day is required")
    return tuple(sorted(days))


def _hours(value: object) -> object:
    """ "09:00-17:00" -> (opening, closing); the closing must come after the opening."""
    if not isinstance(value, str):
        return value
    opens, sep, closes = value.partition("-")
    try:
        hours = (time.fromisoformat(opens.strip()), time.fromisoformat(closes.strip()))
    except ValueError:
        hours = None
    if not sep or hours is None:
        raise ValueError(f"{value!r} is not opening-closing in 24-hour time (09:00-17:00)")
    if hours[1] <= hours[0]:
        raise ValueError(f"{value!r}: the closing time must come after the opening time")
    return hours


class Settings(BaseModel):
    """Everything the functions read from their environment."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    leads_table_name: str = Field("leads", alias="LEADS_TABLE_NAME")
    # The sender may carry a display name: "Consultation form <forms@practice.example>".
    sender_email: str = Field("consultations@example.com", alias="SENDER_EMAIL")
    coordinator_emails: CsvList = Field(("coordinator@example.com",), alias="COORDINATOR_EMAILS")
    # Where a bounced or rejected coordinator email goes again, and a lead still open a business
    # day after its promise. Empty: both are counted, logged and alarmed on, but emailed to nobody.
    escalation_emails: CsvList = Field((), alias="ESCALATION_EMAILS")
    ses_configuration_set: str = Field("", alias="SES_CONFIGURATION_SET")
    practice_name: str = Field("our practice", alias="PRACTICE_NAME")
    practice_timezone: str = Field("America/Los_Angeles", alias="PRACTICE_TIMEZONE")
    retention_days: int = Field(365, ge=1, le=3650, alias="RETENTION_DAYS")
    email_include_message: Flag = Field(True, alias="EMAIL_INCLUDE_MESSAGE")
    thank_you_url: str = Field("/thank-you", alias="THANK_YOU_URL")
    # --- any website's form, in English and Spanish (docs/website.md) ---
    # The practice's own language: the coordinator email's, and the answers' when the person's is unknown.
    practice_language: Language = Field("en", alias="PRACTICE_LANGUAGE")
    # The thank-you page per language ("es=https://practice.example/es/gracias"); others: THANK_YOU_URL.
    thank_you_urls: Annotated[dict[str, str], BeforeValidator(lambda v: _pairs(v, "THANK_YOU_URLS"))] = Field({}, alias="THANK_YOU_URLS")
    # A website's own field names: a preset by name (form_fields.PRESETS) and/or "site_name=our_name,...".
    form_preset: str = Field("", alias="FORM_PRESET")
    field_aliases: Annotated[dict[str, str], BeforeValidator(_aliases)] = Field({}, alias="FIELD_ALIASES")
    allowed_origins: CsvList = Field((), alias="ALLOWED_ORIGINS")
    # Version of the consent wording the form shows; stored with each lead's consent record.
    consent_version: str = Field("2026-11-01", alias="CONSENT_VERSION")
    # Seconds a client is told to wait after a 503.
    retry_after_seconds: int = Field(5, ge=1, le=3600, alias="RETRY_AFTER_SECONDS")
    # --- defences against spam, abuse and double submits (README: "Defences") ---
    idempotency_table_name: str = Field("idempotency", alias="IDEMPOTENCY_TABLE_NAME")
    idempotency_expiry_seconds: int = Field(600, ge=10, le=86400, alias="IDEMPOTENCY_EXPIRY_SECONDS")
    rate_limit_table_name: str = Field("rate-limits", alias="RATE_LIMIT_TABLE_NAME")
    # Posts per source per hour; 0 turns the limit off. No person sends 20 requests in an hour.
    rate_limit_per_hour: int = Field(20, ge=0, le=100000, alias="RATE_LIMIT_PER_HOUR")
    # Secrets Manager name/ARN of the HMAC key for source IPs; RATE_LIMIT_KEY is the local fallback.
    rate_limit_key_secret: str = Field("", alias="RATE_LIMIT_KEY_SECRET")
    rate_limit_key: SecretStr = Field(SecretStr(""), alias="RATE_LIMIT_KEY")
    # Secrets Manager name/ARN of the HMAC key of the lookup index (email and phone hashes, `domain/lookup.py`);
    # empty: leads are stored unindexed. Never rotated: the stored hashes would stop matching.
    lookup_key_secret: str = Field("", alias="LOOKUP_KEY_SECRET")
    spam_retention_days: int = Field(30, ge=1, le=3650, alias="SPAM_RETENTION_DAYS")
    # SSM SecureString parameter holding the Turnstile secret; empty turns Turnstile off.
    turnstile_secret_parameter: str = Field("", alias="TURNSTILE_SECRET_PARAMETER")
    turnstile_verify_url: str = Field("https://challenges.cloudflare.com/turnstile/v0/siteverify", alias="TURNSTILE_VERIFY_URL")
    # Empty: the hostnames of ALLOWED_ORIGINS.
    turnstile_hostnames: CsvList = Field((), alias="TURNSTILE_HOSTNAMES")
    turnstile_action: str = Field("consultation", alias="TURNSTILE_ACTION")
    turnstile_timeout_seconds: float = Field(3, gt=0, le=20, alias="TURNSTILE_TIMEOUT_SECONDS")
    # --- the heartbeat (docs/reliability.md "Heartbeat") ---
    # Secrets Manager name/ARN of the key that signs heartbeats; CANARY_KEY is the local fallback.
    # Neither set: no post is ever taken for a heartbeat.
    canary_key_secret: str = Field("", alias="CANARY_KEY_SECRET")
    canary_key: SecretStr = Field(SecretStr(""), alias="CANARY_KEY")
    # Where the heartbeat function posts: the stack's own public POST /consultations.
    heartbeat_url: str = Field("", alias="HEARTBEAT_URL")
    # --- the coordinator email's action links (docs/email.md "Action links") ---
    # Where the links point: the HTTP API's URL (the template) or the local stack's. Empty: no links.
    actions_base_url: str = Field("", alias="ACTIONS_BASE_URL")
    # Secrets Manager name/ARN of the links' HMAC key; ACTION_LINK_KEY is the local fallback.
    action_link_key_secret: str = Field("", alias="ACTION_LINK_KEY_SECRET")
    action_link_key: SecretStr = Field(SecretStr(""), alias="ACTION_LINK_KEY")
    # --- nobody forgotten: the practice's business calendar and who hears about open leads ---
    # Day names and ranges, in the practice's time zone (docs/deploy.md "Reminders and escalations").
    business_days: Annotated[tuple[int, ...], BeforeValidator(_weekdays)] = Field((0, 1, 2, 3, 4), alias="BUSINESS_DAYS")
    business_hours: Annotated[tuple[time, time], BeforeValidator(_hours)] = Field((time(9), time(17)), alias="BUSINESS_HOURS")
    # ISO dates (2026-12-25,2027-01-01) that are not business days.
    holidays: Annotated[tuple[date, ...], BeforeValidator(_csv)] = Field((), alias="HOLIDAYS")
    # Empty: urgent leads go to the coordinator only, as every lead does.
    urgent_emails: CsvList = Field((), alias="URGENT_EMAILS")

    @field_validator("practice_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as err:
            raise ValueError(f"unknown time zone {value!r}") from err
        return value

    @field_validator("allowed_origins")
    @classmethod
    def _origins(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        """Each origin in the form browsers send (`origins.py`), or a start-up error naming it."""
        normal: list[str] = []
        for origin in value:
            try:
                normal.append(normal_origin(origin))
            except ValueError as err:
                raise ValueError(f"ALLOWED_ORIGINS: {origin!r}: {err}") from None
        return tuple(dict.fromkeys(normal))

    @field_validator("form_preset")
    @classmethod
    def _known_preset(cls, value: str) -> str:
        value = value.strip().lower()
        if value and value not in form_fields.PRESETS:
            raise ValueError(f"FORM_PRESET: unknown preset {value!r} (known: {', '.join(form_fields.PRESETS)})")
        return value

    @property
    def field_map(self) -> form_fields.FieldMap:
        return form_fields.FieldMap.build(self.form_preset, self.field_aliases)

    def thank_you_for(self, language: str) -> str:
        return self.thank_you_urls.get(language, self.thank_you_url)

    @field_validator("actions_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        """http(s)://host[:port][/path], no query or fragment: each link appends /actions/<token>."""
        value = value.strip().rstrip("/")
        if not value:
            return value
        parts = urlsplit(value)
        if parts.scheme not in {"https", "http"} or not parts.netloc or parts.query or parts.fragment or "@" in parts.netloc:
            raise ValueError(f"ACTIONS_BASE_URL must be http(s)://host[:port][/path], got {value!r}")
        return value

    @field_validator("coordinator_emails")
    @classmethod
    def _at_least_one(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("at least one coordinator address is required")
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.practice_timezone)

    @property
    def turnstile_expected_hostnames(self) -> tuple[str, ...]:
        if self.turnstile_hostnames:
            return tuple(h.lower() for h in self.turnstile_hostnames)
        return tuple(host.lower() for origin in self.allowed_origins if (host := urlsplit(origin).hostname))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        names = {field.alias for field in cls.model_fields.values() if field.alias}
        return cls.model_validate({k: v for k, v in env.items() if k in names})

    def environment(self, *, exclude: frozenset[str] = frozenset()) -> dict[str, str]:
        """These settings as the environment variables that give them: `from_env` reads them back equal.

        Secrets (SecretStr) are left out; `exclude` names other variables to leave out.
        """
        out: dict[str, str] = {}
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            if not field.alias or field.alias in exclude or isinstance(value, SecretStr):
                continue
            out[field.alias] = _as_variable(name, value)
        return out


def _as_variable(name: str, value: object) -> str:
    """One setting as its variable spells it (the inverse of the field's validator)."""
    if name == "business_days":
        return ",".join(WEEKDAYS[day] for day in value)  # type: ignore[attr-defined]
    if name == "business_hours":
        return "-".join(t.strftime("%H:%M") for t in value)  # type: ignore[attr-defined]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):  # THANK_YOU_URLS, FIELD_ALIASES: key=value,...
        return ",".join(f"{key}={item}" for key, item in value.items())
    if isinstance(value, tuple | list):
        return ",".join(v.isoformat() if isinstance(v, date) else str(v) for v in value)
    return str(value)
