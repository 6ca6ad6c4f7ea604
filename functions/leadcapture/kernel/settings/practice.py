"""The practice: its name, language, time zone, business days, hours and holidays."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BeforeValidator, Field, field_validator

from leadcapture.kernel.messages import Language
from leadcapture.kernel.settings.base import WEEKDAYS, FunctionSettings, split_csv

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


class BusinessHours(PracticeTime):
    """The practice's business days and hours: when a lead's follow-up is promised (kernel/business_days.py)."""

    # Day names and ranges, in the practice's time zone.
    business_days: Annotated[tuple[int, ...], BeforeValidator(_weekdays)] = Field((0, 1, 2, 3, 4), alias="BUSINESS_DAYS")
    business_hours: Annotated[tuple[time, time], BeforeValidator(_hours)] = Field((time(9), time(17)), alias="BUSINESS_HOURS")
    # ISO dates (2026-12-25,2027-01-01) that are not business days.
    holidays: Annotated[tuple[date, ...], BeforeValidator(split_csv)] = Field((), alias="HOLIDAYS")


class BusinessCalendar(Practice, BusinessHours):
    """Nobody forgotten: the practice's business calendar (docs/email.md "Reminders and escalations")."""
