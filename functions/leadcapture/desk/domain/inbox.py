"""The inbox: which leads a view lists, in what order, and what each row says.

The default view is the open leads: urgent ones on top, then the longest waiting. Every view reads
an index of the leads table (the open-leads index, or the by-status index) page by page, never a
scan, then the rows' few fields by key. A page's cursor carries the index's key of the last row (a
random lead id, a status and a time): no personal data, in a URL or anywhere. Dates are the
practice's days; a row's times are shown in the practice's time zone.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Literal, get_args

from leadcapture.kernel.lead import _first_grapheme, reference
from leadcapture.kernel.status import is_open
from leadcapture.kernel.timestamps import parse_stamp, utc_stamp

if TYPE_CHECKING:
    from leadcapture.desk.domain.ports import Cursor, Inbox, Summary
    from leadcapture.kernel.business_days import BusinessCalendar
    from leadcapture.kernel.status import Status

View = Literal["open", "urgent", "contacted", "booked", "not_a_fit", "no_response", "closed", "spam", "bounced"]
VIEWS: tuple[View, ...] = get_args(View)
VIEW_WORDS: dict[View, str] = {
    "open": "Open",
    "urgent": "Urgent",
    "contacted": "Contacted",
    "booked": "Booked",
    "not_a_fit": "Not a fit",
    "no_response": "No response",
    "closed": "Closed",
    "spam": "Spam",
    "bounced": "Email bounced",
}
PAGE_SIZE = 50
# Urgent open leads are listed whole above the page (a practice has a handful); past this many the
# rest are behind the "Urgent" view's pages.
URGENT_ON_TOP = 50
# created_at is a UTC stamp ("2026-12-07T15:00:00.000Z"): these bounds sort before and after any.
FIRST, LAST = "0000", "9999"
_KEY_NAMES = frozenset({"id", "created_at", "open_bucket", "status"})
_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")


@dataclass(frozen=True, slots=True)
class Query:
    view: View = "open"
    since: date | None = None  # the practice's days, both included
    until: date | None = None
    after: Cursor | None = None


@dataclass(frozen=True, slots=True)
class Row:
    id: str
    reference: str
    received: str
    name: str
    status: Status
    urgent: bool
    trapped: bool
    language: str
    unread: bool
    promise: str  # "" when the lead is no longer open
    overdue: bool
    # An urgent lead, open, that nobody has yet ("I'm on it" not pressed, no outcome): paged until someone does.
    unclaimed: bool = False


@dataclass(frozen=True, slots=True)
class Listing:
    urgent: tuple[Row, ...]
    rows: tuple[Row, ...]
    next: str | None  # the next page's cursor, encoded


def list_leads(query: Query, *, inbox: Inbox, calendar: BusinessCalendar, now: datetime, limit: int = PAGE_SIZE) -> Listing:
    since, until = bounds(query.since, query.until, calendar)
    urgent: list[str] = []
    if query.view == "open":
        if query.after is None:
            urgent = list(inbox.open_page(urgent=True, since=since, until=until, after=None, limit=URGENT_ON_TOP).ids)
        page = inbox.open_page(urgent=False, since=since, until=until, after=query.after, limit=limit)
    elif query.view == "urgent":
        page = inbox.open_page(urgent=True, since=since, until=until, after=query.after, limit=limit)
    else:
        page = inbox.status_page(query.view, since=since, until=until, after=query.after, limit=limit)
    found = inbox.summaries([*urgent, *page.ids]) if urgent or page.ids else {}
    as_rows = [row(found[i], calendar, now) for i in urgent if i in found], [row(found[i], calendar, now) for i in page.ids if i in found]
    return Listing(tuple(as_rows[0]), tuple(as_rows[1]), encode_cursor(page.next) if page.next else None)


def rows_of(ids: list[str], *, inbox: Inbox, calendar: BusinessCalendar, now: datetime) -> tuple[Row, ...]:
    """The rows of the leads found by a lookup, newest first."""
    found = inbox.summaries(ids) if ids else {}
    return tuple(sorted((row(s, calendar, now) for s in found.values()), key=lambda r: found[r.id].created_at, reverse=True))


def bounds(since: date | None, until: date | None, calendar: BusinessCalendar) -> tuple[str, str]:
    """The stored stamps between which leads of the practice's days `since`..`until` (both included) arrived."""
    low = utc_stamp(datetime.combine(since, time(0), tzinfo=calendar.zone)) if since else FIRST
    high = utc_stamp(datetime.combine(until + timedelta(days=1), time(0), tzinfo=calendar.zone)) if until else LAST
    return low, high


def row(lead: Summary, calendar: BusinessCalendar, now: datetime) -> Row:
    received = parse_stamp(lead.created_at)
    promise = calendar.promise(received) if is_open(lead.status) else None
    initial = _first_grapheme(lead.last_name).upper()
    return Row(
        id=lead.id,
        reference=reference(lead.id),
        received=local(received, calendar),
        name=f"{lead.first_name} {initial}." if initial else lead.first_name,
        status=lead.status,
        urgent=lead.urgent,
        trapped=lead.trapped,
        language=(lead.language or "").upper() or "–",
        unread=lead.opened_at is None,
        promise=local(promise, calendar) if promise else "",
        overdue=bool(promise and now > promise),
        unclaimed=lead.urgent and is_open(lead.status) and not lead.acknowledged,
    )


def local(instant: datetime, calendar: BusinessCalendar) -> str:
    """ "Mon 7 Dec 2026, 09:05" in the practice's time zone."""
    at = instant.astimezone(calendar.zone)
    return f"{at:%a} {at.day} {at:%b %Y, %H:%M}"


def encode_cursor(key: Cursor) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":"), sort_keys=True).encode()).decode().rstrip("=")


def decode_cursor(text: str | None) -> Cursor | None:
    """A cursor the inbox made, or None for anything else (a tampered one starts at the first page)."""
    if not text or len(text) > 400:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (ValueError, binascii.Error):
        return None
    if not isinstance(key, dict) or not key or not set(key) <= _KEY_NAMES or not all(isinstance(v, str) for v in key.values()):
        return None
    if not _ID.fullmatch(key.get("id", "")) or not _STAMP.fullmatch(key.get("created_at", "")):
        return None
    return key


def parse_day(text: str | None) -> date | None:
    """A date field's value (YYYY-MM-DD), or None when empty or not a date."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def utc_now() -> datetime:
    return datetime.now(UTC)
