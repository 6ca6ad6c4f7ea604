"""Urgent pages (docs/email.md "Urgent pages"): the on-call phones, the page queue, the re-pages."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Self

from pydantic import BeforeValidator, Field, model_validator

from leadcapture.kernel.open_leads import MAX_PAGES, MAX_PHONES
from leadcapture.kernel.settings.base import FunctionSettings, split_csv
from leadcapture.kernel.settings.links import DeskLink

# E.164 as SNS takes it: a plus, the country code and the number, digits only.
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")


def _phones(value: object) -> object:
    """ "+12135550100,+12135550101" -> the numbers, each a valid E.164 number, at most MAX_PHONES, no repeats."""
    value = split_csv(value)
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
