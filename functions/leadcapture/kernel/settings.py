"""What the functions read from their environment: the pieces every function's settings are built from.

Each function has a small settings model of its own (`<feature>/settings.py`), made of the pieces
below and holding only what that function reads. A value the function cannot do without (its
table, its sender, its coordinators) has no default: a function deployed without it fails on its
first invocation with one log line naming the variable (`adapters/environment.py`), instead of
sending mail from a placeholder. The same variable names are used in AWS (set by template.yaml)
and locally (set by the local stack), so a setting means one thing everywhere. Values here are
configuration, never personal data, so a bad value may be named in a start-up error.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import date, time, timedelta
from typing import Annotated, Literal, Self
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, SecretStr, StringConstraints, field_validator, model_validator

from leadcapture.kernel.messages import Language
from leadcapture.kernel.open_leads import MAX_PAGES, MAX_PHONES


def _csv(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _flag(value: object) -> object:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return value


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


# A value that must be given: an empty variable is as missing as an absent one.
Required = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class FunctionSettings(BaseModel):
    """The base of every function's settings: read from variables by alias, frozen, unknown variables ignored."""

    # The pieces are never validated on their own, only the one model each function reads: their schemas
    # are built for that model, on its first use, not for every piece at import (cold-start time).
    model_config = ConfigDict(frozen=True, extra="ignore", defer_build=True)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Self:
        env = os.environ if environ is None else environ
        return cls.model_validate({k: v for k, v in env.items() if k in cls.variables()})

    @classmethod
    def variables(cls) -> frozenset[str]:
        """The variables these settings read."""
        return frozenset(field.alias for field in cls.model_fields.values() if field.alias)

    @classmethod
    def required(cls) -> frozenset[str]:
        """The variables without which these settings cannot be made."""
        return frozenset(field.alias for field in cls.model_fields.values() if field.alias and field.is_required())

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


class LeadsTable(FunctionSettings):
    leads_table_name: Required = Field(alias="LEADS_TABLE_NAME")


class IdempotencyTable(FunctionSettings):
    """The table of idempotency records: submissions (submit) and sent emails (every function that emails)."""

    idempotency_table_name: Required = Field(alias="IDEMPOTENCY_TABLE_NAME")


class AuditTrail(FunctionSettings):
    """The audit table (issue 22) and how long its records are kept (its TTL; default 6 years)."""

    audit_table_name: Required = Field(alias="AUDIT_TABLE_NAME")
    audit_retention_days: int = Field(2190, ge=1, le=3650, alias="AUDIT_RETENTION_DAYS")


class PracticeTime(FunctionSettings):
    """The practice's time zone: times shown to the practice are in it, and its business days."""

    practice_timezone: str = Field("America/Los_Angeles", alias="PRACTICE_TIMEZONE")

    @field_validator("practice_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as err:
            raise ValueError(f"unknown time zone {value!r}") from err
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.practice_timezone)


class Practice(PracticeTime):
    practice_name: str = Field("our practice", alias="PRACTICE_NAME")
    # The practice's own language: the coordinator email's, and the answers' when the person's is unknown.
    practice_language: Language = Field("en", alias="PRACTICE_LANGUAGE")


class Retention(FunctionSettings):
    retention_days: int = Field(365, ge=1, le=3650, alias="RETENTION_DAYS")
    spam_retention_days: int = Field(30, ge=1, le=3650, alias="SPAM_RETENTION_DAYS")


class BusinessHours(PracticeTime):
    """The practice's business days and hours: when a lead's follow-up is promised (kernel/business_days.py)."""

    # Day names and ranges, in the practice's time zone.
    business_days: Annotated[tuple[int, ...], BeforeValidator(_weekdays)] = Field((0, 1, 2, 3, 4), alias="BUSINESS_DAYS")
    business_hours: Annotated[tuple[time, time], BeforeValidator(_hours)] = Field((time(9), time(17)), alias="BUSINESS_HOURS")
    # ISO dates (2026-12-25,2027-01-01) that are not business days.
    holidays: Annotated[tuple[date, ...], BeforeValidator(_csv)] = Field((), alias="HOLIDAYS")


class BusinessCalendar(Practice, BusinessHours):
    """Nobody forgotten: the practice's business calendar (docs/email.md "Reminders and escalations")."""


def _http_base(variable: str, value: str) -> str:
    """http(s)://host[:port][/path], no query, fragment or user: links append their own path to it."""
    value = value.strip().rstrip("/")
    if not value:
        return value
    parts = urlsplit(value)
    if parts.scheme not in {"https", "http"} or not parts.netloc or parts.query or parts.fragment or "@" in parts.netloc:
        raise ValueError(f"{variable} must be http(s)://host[:port][/path], got {value!r}")
    return value


class DeskLink(FunctionSettings):
    """Where the desk is: an email or a text about a lead links to <DESK_URL>/leads/<id> (docs/desk.md).
    Empty (a stack without the desk): no desk link; a page then carries the signed "I'm on it" link."""

    desk_url: str = Field("", alias="DESK_URL")

    @field_validator("desk_url")
    @classmethod
    def _desk_url(cls, value: str) -> str:
        return _http_base("DESK_URL", value)


# How much of a lead the coordinator email carries (docs/email.md "How much the email says"):
# minimal, a notice with no personal or health information; contact, also the name and how to
# reach them; full, also their message.
EmailDetail = Literal["minimal", "contact", "full"]
# The switch EMAIL_DETAIL replaced: a stack that still sets it must choose again, so it is refused.
RETIRED = {"EMAIL_INCLUDE_MESSAGE": "EMAIL_DETAIL"}


class CoordinatorMail(Practice, BusinessHours, IdempotencyTable, DeskLink):
    """What writes and sends the practice's emails about a lead (the notice, reminders, escalations,
    copies): the calendar too, since every one of them says by when the lead was promised an answer."""

    # The sender may carry a display name: "Consultation form <forms@practice.example>".
    sender_email: Required = Field(alias="SENDER_EMAIL")
    ses_configuration_set: str = Field("", alias="SES_CONFIGURATION_SET")
    email_detail: EmailDetail = Field("minimal", alias="EMAIL_DETAIL")

    @field_validator("email_detail", mode="before")
    @classmethod
    def _detail(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value


class Escalation(FunctionSettings):
    # Where a bounced or rejected coordinator email goes again, and a lead still open a business
    # day after its promise. Empty: both are counted, logged and alarmed on, but emailed to nobody.
    escalation_emails: CsvList = Field((), alias="ESCALATION_EMAILS")


class Coordinators(FunctionSettings):
    """Who gets each new lead's email and its reminders."""

    coordinator_emails: CsvList = Field(alias="COORDINATOR_EMAILS")

    @field_validator("coordinator_emails")
    @classmethod
    def _at_least_one(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("required: at least one coordinator address")
        return value


class LinkKey(FunctionSettings):
    """The action links' key: signing them (the emails) and verifying them (the actions function)."""

    # Secrets Manager name/ARN of the links' HMAC key; ACTION_LINK_KEY is the local fallback.
    action_link_key_secret: str = Field("", alias="ACTION_LINK_KEY_SECRET")
    action_link_key: SecretStr = Field(SecretStr(""), alias="ACTION_LINK_KEY")


class ActionLinks(LinkKey):
    """The coordinator email's action links (docs/email.md "Action links")."""

    # Where the links point: the HTTP API's URL (the template) or the local stack's. Empty: no links.
    actions_base_url: str = Field("", alias="ACTIONS_BASE_URL")

    @field_validator("actions_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        """Each link appends /actions/<token>."""
        return _http_base("ACTIONS_BASE_URL", value)


class LeadMail(LeadsTable, CoordinatorMail, ActionLinks):
    """What a function that emails about a lead reads: the table, the sender, the links (notify, followups, SES events)."""


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


# --- urgent pages (docs/email.md "Urgent pages") ---------------------------------------------------

# E.164 as SNS takes it: a plus, the country code and the number, digits only.
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")


def _phones(value: object) -> object:
    """ "+12135550100,+12135550101" -> the numbers, each a valid E.164 number, at most MAX_PHONES, no repeats."""
    value = _csv(value)
    if not isinstance(value, list | tuple):
        return value
    if len(value) > MAX_PHONES:
        raise ValueError(f"at most {MAX_PHONES} on-call numbers, got {len(value)}")
    if len(set(value)) != len(value):
        raise ValueError("a number is listed twice")
    import phonenumbers

    for number in value:
        if not isinstance(number, str) or not _E164.fullmatch(number):
            raise ValueError(f"{number!r} is not an E.164 number (+12135550100: a plus, the country code and the number, no spaces)")
        if not phonenumbers.is_valid_number(phonenumbers.parse(number, None)):
            raise ValueError(f"{number!r} is not a valid phone number")
    return tuple(value)


Phones = Annotated[tuple[str, ...], BeforeValidator(_phones)]


class UrgentPhones(FunctionSettings):
    """Urgent pages, on while URGENT_PHONES lists a number: the on-call phones, and the queue every page
    of an urgent lead goes through (its first at once, the re-pages delayed)."""

    urgent_phones: Phones = Field((), alias="URGENT_PHONES")
    urgent_pages_queue_url: str = Field("", alias="URGENT_PAGES_QUEUE_URL")

    @model_validator(mode="after")
    def _queue_while_on(self) -> Self:
        if self.urgent_phones and not self.urgent_pages_queue_url.strip():
            raise ValueError("URGENT_PAGES_QUEUE_URL is required while URGENT_PHONES is set")
        return self


class Paging(UrgentPhones, DeskLink):
    """How an urgent lead is paged until someone has it: re-paged every URGENT_REPAGE_MINUTES, at most
    URGENT_REPAGE_MAX times, then escalated; and where a page's link points (DESK_URL)."""

    # SQS delays a message at most 15 minutes (docs/decisions.md "Re-pages through an SQS delay queue (2026-12-07)").
    urgent_repage_minutes: float = Field(10, gt=0, le=15, alias="URGENT_REPAGE_MINUTES")
    urgent_repage_max: int = Field(3, ge=0, le=MAX_PAGES - 1, alias="URGENT_REPAGE_MAX")

    @property
    def repage_interval(self) -> timedelta:
        return timedelta(minutes=self.urgent_repage_minutes)
