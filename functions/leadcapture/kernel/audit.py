"""The audit trail (issue 22): who did what to which lead, and when; never a field's value.

One record per event, added and never changed: a sign-in at the desk (and each refused one, with
its reason code), a lead page opened, a status pressed, a note added, a find, an export (its filter
and how many rows), a forget (how many records went), a change to the desk's people; and the same
for the `leads` tool's own reads and changes. Who: the desk user's Cognito id (`sub`) and name, or
the AWS principal (an ARN) that ran the tool. What: an action code and a few details that are
codes, dates and counts, never what a person typed
(docs/decisions.md "The audit trail: a table only added to (2026-12-07)").

The record's key is its time and a random suffix: unique (it is written only if no record has the
key), and sorted by time, so a date range is a key range. Pure: the table is adapters/audit_table.py.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Literal, Protocol, get_args

from leadcapture.kernel.timestamps import utc_stamp

Action = Literal[
    "sign_in",
    "sign_in_refused",
    "lead_viewed",
    "leads_listed",
    "status_changed",
    "note_added",
    "close_note_requested",
    "promoted",
    "find",
    "export",
    "forget",
    "users_listed",
    "user_added",
    "user_disabled",
    "user_removed",
]
ACTIONS: tuple[Action, ...] = get_args(Action)
Via = Literal["desk", "cli"]
Detail = dict[str, str | int]
# A detail's value: a code, a date, a status, a count, a list of ids. Callers pass only those; this
# check (letters, digits, a little punctuation; no quote, apostrophe, question mark or line break)
# refuses most free text passed by mistake, and tests/final searches every record for every value.
_DETAIL_TEXT = re.compile(r"[A-Za-z0-9_:.,@+/ -]{0,1000}")
# A Cognito `sub` or a lead id.
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class DetailRefused(ValueError):
    """A detail that is not a short code or a count: never written (the caller's bug)."""


@dataclass(frozen=True, slots=True)
class Who:
    """The desk user's Cognito id and name; for the `leads` tool, the principal's ARN (twice)."""

    id: str
    name: str = ""
    via: Via = "desk"


# Nobody known: a refused sign-in before the password was right (decisions.md: no email, no hash).
UNKNOWN = Who("", "", "desk")


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    at: str
    who: Who
    action: Action
    lead_id: str | None = None
    detail: Detail = field(default_factory=dict)

    @property
    def day(self) -> str:
        return self.at[:10]


def entry(who: Who, action: Action, *, lead_id: str | None = None, detail: Detail | None = None, at: datetime | None = None) -> Entry:
    """A new record's content; its key is its UTC time and 64 random bits."""
    if action not in ACTIONS:
        raise DetailRefused(f"unknown action {action!r}")
    if lead_id is not None and not UUID.fullmatch(lead_id):
        raise DetailRefused("a lead id is a UUID")
    kept: Detail = {}
    for name, value in (detail or {}).items():
        if not isinstance(value, int) and not (isinstance(value, str) and _DETAIL_TEXT.fullmatch(value)):
            raise DetailRefused(f"detail {name!r} is not a code or a count")
        kept[name] = value
    stamp = utc_stamp(at)
    return Entry(f"{stamp}#{secrets.token_hex(8)}", stamp, who, action, lead_id, kept)


class AuditLog(Protocol):
    """The audit table as everything that records sees it: add only."""

    def add(self, record: Entry) -> None:
        """Write the record, never over another (StorageUnavailable when it cannot be written)."""


@dataclass(frozen=True, slots=True)
class Filter:
    """What a manager asks of the trail: one user, one lead, a range of days (practice time); any may be open."""

    user: str = ""
    lead_id: str = ""
    since: str = ""  # a UTC stamp: from it
    until: str = ""  # a UTC stamp: before it


def day_bounds(since: date | None, until: date | None, zone: tzinfo) -> tuple[str, str]:
    """Practice-local days as UTC stamps: the start of `since`, the end of `until` (included)."""
    start = utc_stamp(datetime.combine(since, time.min, tzinfo=zone)) if since else ""
    end = utc_stamp(datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)) if until else ""
    return start, end


def expires_at(at: str, retention_days: int) -> int:
    """When the table's TTL may delete the record."""
    return int((datetime.fromisoformat(at.replace("Z", "+00:00")) + timedelta(days=retention_days)).timestamp())
