"""Settings, read once from the environment into one typed object.

The same variable names are used in AWS (set by template.yaml) and locally (set by the local
stack), so a setting means one thing everywhere. Values here are configuration, never personal
data, so a bad value may be named in a start-up error.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator


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


class Settings(BaseModel):
    """Everything the functions read from their environment."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    leads_table_name: str = Field("leads", alias="LEADS_TABLE_NAME")
    # The sender may carry a display name: "Consultation form <forms@practice.example>".
    sender_email: str = Field("consultations@example.com", alias="SENDER_EMAIL")
    coordinator_emails: CsvList = Field(("coordinator@example.com",), alias="COORDINATOR_EMAILS")
    ses_configuration_set: str = Field("", alias="SES_CONFIGURATION_SET")
    practice_name: str = Field("our practice", alias="PRACTICE_NAME")
    practice_timezone: str = Field("America/Los_Angeles", alias="PRACTICE_TIMEZONE")
    retention_days: int = Field(365, ge=1, le=3650, alias="RETENTION_DAYS")
    email_include_message: Flag = Field(True, alias="EMAIL_INCLUDE_MESSAGE")
    thank_you_url: str = Field("/thank-you", alias="THANK_YOU_URL")
    allowed_origins: CsvList = Field((), alias="ALLOWED_ORIGINS")
    # Version of the consent wording the form shows; stored with each lead's consent record.
    consent_version: str = Field("2026-11-01", alias="CONSENT_VERSION")
    # Seconds a client is told to wait after a 503.
    retry_after_seconds: int = Field(5, ge=1, le=3600, alias="RETRY_AFTER_SECONDS")

    @field_validator("practice_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as err:
            raise ValueError(f"unknown time zone {value!r}") from err
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

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        names = {field.alias for field in cls.model_fields.values() if field.alias}
        return cls.model_validate({k: v for k, v in env.items() if k in names})


@cache
def get_settings() -> Settings:
    """The settings of this process, read on first use (tests clear the cache)."""
    return Settings.from_env()
